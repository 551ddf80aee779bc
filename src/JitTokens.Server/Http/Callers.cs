using System.Diagnostics;
using JitTokens.Core;

namespace JitTokens.Server.Http;

/// <summary>Who is calling, for the issuance log.</summary>
internal static class Callers
{
    public static CallerContext From(HttpContext context)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (ip is { IsIPv4MappedToIPv6: true })
        {
            ip = ip.MapToIPv4();
        }

        return new CallerContext(ip?.ToString(), Activity.Current?.TraceId.ToHexString());
    }
}
