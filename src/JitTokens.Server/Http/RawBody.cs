using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace JitTokens.Server.Http;

/// <summary>Reads a request body as raw bytes (for signature checks over exactly what was sent), bounded.</summary>
internal static class RawBody
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        // Kestrel's server-wide limit is the JSON API's 16 KiB; this endpoint may take more.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1L;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            try
            {
                while (length <= maxBytes && (read = await context.Request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), context.RequestAborted)) > 0)
                {
                    length += read;
                }
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return null;
            }

            return length > maxBytes ? null : buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
