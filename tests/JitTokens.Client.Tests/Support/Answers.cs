using System.Net;
using System.Text;
using JitTokens.Abstractions.Json;

namespace JitTokens.Client.Tests.Support;

/// <summary>Server answers for <see cref="StubHandler"/> scripts, shaped as the issuer sends them.</summary>
public static class Answers
{
    public const string IssuedBody = """{"access_token":"eyJa.eyJb.c","token_type":"Bearer","expires_in":600,"expires_at":"2026-11-22T09:20:00Z","scope":"db:write","environment":"production","token_id":"tok_1"}""";

    public static HttpResponseMessage Issued() => Json(HttpStatusCode.Created, IssuedBody);

    public static HttpResponseMessage Problem(HttpStatusCode status, string code, string detail = "detail")
        => new(status)
        {
            Content = new StringContent(
                $$"""{"type":"urn:jittokens:error:{{code}}","title":"t","status":{{(int)status}},"detail":"{{detail}}","error":"{{code}}"}""",
                Encoding.UTF8,
                "application/problem+json"),
        };

    public static HttpResponseMessage Json(HttpStatusCode status, string body)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>An escalation view: <paramref name="approvers"/> have approved so far.</summary>
    public static string View(string status = "pending", int required = 2, DateTimeOffset? expiresAt = null, params string[] approvers)
    {
        var approvals = string.Join(',', approvers.Select(a => $$"""{"by":"{{a}}","at":"2026-11-22T09:01:00Z"}"""));
        var expires = UtcTimestampConverter.Format(expiresAt ?? StepClock.Start.AddMinutes(15));
        return $$"""{"escalation_id":"esc_1","status":"{{status}}","scope":"volume:delete","environment":"production","purpose":"delete the scratch volume","agent":"demo","owner":"alice","approval_group":"infra","approvals_required":{{required}},"approvals":[{{approvals}}],"expires_at":"{{expires}}"}""";
    }
}
