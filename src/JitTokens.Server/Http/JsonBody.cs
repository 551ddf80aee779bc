using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JitTokens.Core.Errors;
using Microsoft.Net.Http.Headers;

namespace JitTokens.Server.Http;

/// <summary>
/// Reads a JSON request body strictly (DESIGN.md §3): <c>application/json</c> in UTF-8, at most
/// 16 KiB (413 otherwise), unknown or duplicate members refused. Errors never echo the body.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.From(new JitError(Abstractions.ErrorCodes.InvalidRequest, StatusCodes.Status415UnsupportedMediaType, "send the body as Content-Type: application/json")));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.PayloadTooLarge());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = 0;
            try
            {
                int read;
                while (length <= MaxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length), context.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return (null, Problems.PayloadTooLarge());
            }

            if (length > MaxBytes)
            {
                return (null, Problems.PayloadTooLarge());
            }

            if (length == 0)
            {
                return (null, Problems.From(JitError.InvalidRequest("the request body must be a JSON object")));
            }

            try
            {
                var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
                return value is null
                    ? (null, Problems.From(JitError.InvalidRequest("the request body must be a JSON object")))
                    : (value, null);
            }
            catch (JsonException e)
            {
                return (null, Problems.From(JitError.InvalidRequest(Describe(e))));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var charset = media.Charset.Value;
        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Says what and where, without the framework's type names or the caller's values.</summary>
    private static string Describe(JsonException e)
    {
        var path = e.Path is { Length: > 0 and <= 100 } p ? p : "$";
        var message = e.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown member at {path}";
        }

        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return $"duplicate member at {path}";
        }

        if (message.Contains("scope must be a string", StringComparison.Ordinal))
        {
            return "scope must be a string naming exactly one scope";
        }

        return e.Path is null ? "the request body is not valid JSON" : $"invalid value at {path}: wrong type or malformed JSON";
    }
}
