using System.Text;
using JitTokens.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace JitTokens.Server.Http;

/// <summary>
/// Reads an <c>application/x-www-form-urlencoded</c> body (the OAuth endpoints), bounded: a parameter given twice, an
/// unknown one, another content type or a body over <see cref="MaxBytes"/> is refused with OAuth error JSON.
/// </summary>
internal static class FormBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<(Dictionary<string, string>? Form, IResult? Refusal)> ReadAsync(HttpContext context, params string[] allowed)
    {
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "the body must be application/x-www-form-urlencoded"));
        }

        var body = await RawBody.ReadAsync(context, MaxBytes).ConfigureAwait(false);
        if (body is null)
        {
            return (null, OAuthErrors.Answer(StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"request bodies are limited to {MaxBytes} bytes"));
        }

        Dictionary<string, StringValues> parsed;
        try
        {
            parsed = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return (null, OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, "the body is not a valid form"));
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in parsed)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                return (null, OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, $"unknown parameter {TextRules.Quote(name)}"));
            }

            if (values.Count != 1)
            {
                return (null, OAuthErrors.Answer(StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, $"parameter {TextRules.Quote(name)} is given more than once"));
            }

            form[name] = values[0] ?? string.Empty;
        }

        return (form, null);
    }
}
