using System.Buffers;
using System.Globalization;
using System.Text.Json;
using JitTokens.Abstractions;
using JitTokens.Abstractions.Json;
using JitTokens.Abstractions.Wire;
using JitTokens.Core;
using JitTokens.Core.Audit;
using JitTokens.Core.Errors;
using JitTokens.Server.Http;
using JitTokens.Server.Humans;

namespace JitTokens.Server.Audit;

/// <summary>DESIGN.md §3.6: the issuance log for auditors and admins: pages with filters, an NDJSON export, and verification.</summary>
internal static class AuditEndpoints
{
    public const string NdjsonContentType = "application/x-ndjson";

    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit", ListAsync);
        app.MapGet("/v1/audit/export", ExportAsync);
        app.MapGet("/v1/audit/verify", VerifyAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, HumanAuthenticator humans, AuditReview review)
    {
        if (await AuditorAsync(context, humans) is { } refusal)
        {
            return refusal;
        }

        var query = Parse(context.Request.Query);
        if (!query.IsSuccess)
        {
            return Problems.From(query.Error!);
        }

        var page = await review.QueryAsync(query.Value!, context.RequestAborted);
        return TypedResults.Json(
            new AuditEventList { Events = page.Events, Next = page.Next.ToString(CultureInfo.InvariantCulture) },
            JitJson.Context.AuditEventList);
    }

    private static async Task ExportAsync(HttpContext context, HumanAuthenticator humans, AuditReview review)
    {
        if (await AuditorAsync(context, humans) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        var query = Parse(context.Request.Query);
        if (!query.IsSuccess)
        {
            await Problems.From(query.Error!).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = NdjsonContentType;
        context.Response.Headers.ContentDisposition = "attachment; filename=\"jittokens-audit.ndjson\"";
        var body = context.Response.Body;
        var line = new ArrayBufferWriter<byte>(1024);
        using var json = new Utf8JsonWriter(line);
        var written = 0;
        var lastSeq = 0L;
        await foreach (var e in review.ExportAsync(query.Value!, context.RequestAborted))
        {
            lastSeq = e.Seq;
            JsonSerializer.Serialize(json, e, JitJson.Context.AuditEvent);
            await WriteLineAsync(body, line, json, context.RequestAborted);
            if (++written % 500 == 0)
            {
                await body.FlushAsync(context.RequestAborted);
            }
        }

        // Signed checkpoints come last: lines with a "jws" member, so a reviewer can verify the export offline against the JWKS.
        // Only checkpoints within what was exported: one signed meanwhile would cover events the file does not have.
        foreach (var checkpoint in (await review.CheckpointsAsync(context.RequestAborted)).Where(c => c.Seq <= lastSeq))
        {
            JsonSerializer.Serialize(json, checkpoint, JitJson.Context.AuditCheckpoint);
            await WriteLineAsync(body, line, json, context.RequestAborted);
        }

        await body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteLineAsync(Stream body, ArrayBufferWriter<byte> line, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        json.Flush();
        line.Write("\n"u8);
        await body.WriteAsync(line.WrittenMemory, cancellationToken);
        line.ResetWrittenCount();
        json.Reset(line);
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, HumanAuthenticator humans, AuditReview review)
    {
        if (await AuditorAsync(context, humans) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Json(await review.VerifyAsync(context.RequestAborted), JitJson.Context.AuditVerification);
    }

    private static async Task<IResult?> AuditorAsync(HttpContext context, HumanAuthenticator humans)
    {
        var human = await humans.AuthenticateAsync(context);
        if (!human.IsSuccess)
        {
            return Problems.From(human.Error!);
        }

        return human.Value!.CanReadAudit ? null : Problems.From(JitError.AccessDenied($"the issuance log is for {JitRoles.Auditor} and {JitRoles.Admin}"));
    }

    private static Result<AuditQuery> Parse(IQueryCollection q)
    {
        foreach (var (key, values) in q)
        {
            if (values.Count != 1)
            {
                return JitError.InvalidRequest($"give {TextRules.Quote(key)} once");
            }

            if (key is not ("type" or "session" or "agent" or "owner" or "environment" or "since" or "until" or "after" or "limit"))
            {
                return JitError.InvalidRequest($"unknown parameter {TextRules.Quote(key)}; filters are type, session, agent, owner, environment, since, until, after, limit");
            }

            if (values[0] is { Length: > TextRules.TargetMax })
            {
                return JitError.InvalidRequest($"{key} is longer than {TextRules.TargetMax} characters");
            }
        }

        var limit = 100;
        if (q["limit"] is { Count: 1 } l && (!int.TryParse(l[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditReview.MaxLimit))
        {
            return JitError.InvalidRequest($"limit must be a whole number from 1 to {AuditReview.MaxLimit}");
        }

        var after = 0L;
        if (q["after"] is { Count: 1 } a && !long.TryParse(a[0], NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return JitError.InvalidRequest("after must be a cursor from a previous answer's next");
        }

        if (!Time(q["since"], "since", out var since, out var sinceError))
        {
            return sinceError!;
        }

        if (!Time(q["until"], "until", out var until, out var untilError))
        {
            return untilError!;
        }

        return new AuditQuery
        {
            Type = Value(q["type"]),
            SessionId = Value(q["session"]),
            Agent = Value(q["agent"]),
            Owner = Value(q["owner"]),
            Environment = Value(q["environment"]),
            Since = since,
            Until = until,
            After = after,
            Limit = limit,
        };
    }

    private static string? Value(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 && values[0] is { Length: > 0 } v ? v : null;

    private static bool Time(Microsoft.Extensions.Primitives.StringValues values, string name, out DateTimeOffset? value, out JitError? error)
    {
        value = null;
        error = null;
        if (Value(values) is not { } text)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = JitError.InvalidRequest($"{name} must be an RFC 3339 time such as 2026-11-22T09:00:00Z");
        return false;
    }
}
