using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Client;

/// <summary>Reads answers: a wire record on success, the RFC 9457 problem otherwise.</summary>
internal static class ResponseReader
{
    public static async Task<JitResult<T>> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var value = await DeserializeAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
        return value is null
            ? JitResult.Failure<T>(ClientProblems.UnexpectedAnswer(response.StatusCode, $"with a body that is not a {typeof(T).Name}"), status)
            : JitResult.Success(value, status);
    }

    public static async Task<Problem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await DeserializeAsync(response, ClientJson.Reading.Problem, cancellationToken).ConfigureAwait(false);
        return problem is { Error.Length: > 0 } ? problem : ClientProblems.FromStatus(response.StatusCode);
    }

    private static async Task<T?> DeserializeAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        // Buffered answers (HttpCompletionOption.ResponseContentRead) were covered by HttpClient.Timeout; streamed ones are bounded by the caller's token.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
