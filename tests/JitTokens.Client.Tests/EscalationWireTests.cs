using System.Net;
using JitTokens.Abstractions;
using JitTokens.Client.Tests.Support;

namespace JitTokens.Client.Tests;

/// <summary>The escalation calls on the wire (DESIGN.md §3.3), against a hand-written HTTP fake.</summary>
public sealed class EscalationWireTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListEscalations_PendingWithLimit_SendsBothInTheQuery()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, """{"escalations":[]}""");

        await handler.Client().ListEscalationsAsync("eyJa.eyJb.c", pendingOnly: true, limit: 5, Cancel);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://issuer.test/v1/escalations?status=pending&limit=5", request.RequestUri!.ToString());
        Assert.Equal("Bearer eyJa.eyJb.c", request.Headers.Authorization!.ToString());
        Assert.Null(body);
    }

    [Fact]
    public async Task ListEscalations_All_SendsNoQuery()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, """{"escalations":[]}""");

        await handler.Client().ListEscalationsAsync("jits_abc", cancellationToken: Cancel);

        Assert.Equal("http://issuer.test/v1/escalations", handler.Requests[0].Request.RequestUri!.ToString());
    }

    [Fact]
    public async Task ListEscalations_ReadsEveryViewWithItsApprovals()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, $$"""{"escalations":[{{Answers.View("pending", 2, null, "bob")}},{{Answers.View("denied", 1)}}]}""");

        var result = await handler.Client().ListEscalationsAsync("jits_abc", cancellationToken: Cancel);

        Assert.True(result.IsSuccess, result.Problem?.Detail);
        Assert.Equal(["pending", "denied"], result.Value.Escalations.Select(e => e.Status));
        var first = result.Value.Escalations[0];
        Assert.Equal(("infra", 2, "bob"), (first.ApprovalGroup, first.ApprovalsRequired, first.Approvals.Single().By));
    }

    [Fact]
    public void ListEscalations_LimitBelowOne_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => { _ = StubHandler.Answering(HttpStatusCode.OK).Client().ListEscalationsAsync("jits_abc", limit: 0); });

    [Fact]
    public async Task Approve_WithComment_PostsTheDecisionBody()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, Answers.View("pending", 2, null, "bob"));

        var result = await handler.Client().ApproveEscalationAsync("eyJa.eyJb.c", "esc_1", "checked the ticket", Cancel);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://issuer.test/v1/escalations/esc_1/approve", request.RequestUri!.ToString());
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"comment":"checked the ticket"}""", body);
        Assert.Equal("bob", result.Value!.Approvals.Single().By);
    }

    [Fact]
    public async Task Deny_WithoutComment_PostsNoBody()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, Answers.View("denied"));

        var result = await handler.Client().DenyEscalationAsync("eyJa.eyJb.c", "esc_1", cancellationToken: Cancel);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal("http://issuer.test/v1/escalations/esc_1/deny", request.RequestUri!.ToString());
        Assert.Null(request.Content);
        Assert.Null(body);
        Assert.Equal("denied", result.Value!.Status);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, ErrorCodes.SelfApprovalForbidden)]
    [InlineData(HttpStatusCode.Forbidden, ErrorCodes.NotAnApprover)]
    [InlineData(HttpStatusCode.Forbidden, ErrorCodes.AccessDenied)]
    [InlineData(HttpStatusCode.Conflict, ErrorCodes.AlreadyDecided)]
    [InlineData(HttpStatusCode.NotFound, ErrorCodes.InvalidRequest)]
    public async Task Approve_Refused_ReturnsTheProblem(HttpStatusCode status, string code)
    {
        var handler = new StubHandler(_ => Answers.Problem(status, code));

        var result = await handler.Client().ApproveEscalationAsync("eyJa.eyJb.c", "esc_1", cancellationToken: Cancel);

        Assert.Equal(((int)status, code), (result.Status, result.Problem!.Error));
    }

    [Fact]
    public async Task Decision_IdIsEscapedIntoOnePathSegment()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, Answers.View());

        await handler.Client().ApproveEscalationAsync("eyJa.eyJb.c", "esc/../x?y", cancellationToken: Cancel);

        Assert.Equal("/v1/escalations/esc%2F..%2Fx%3Fy/approve", handler.Requests[0].Request.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Redeem_Approved_Returns201Token()
    {
        var handler = new StubHandler(_ => Answers.Issued());

        var result = await handler.Client().RedeemEscalationAsync("jits_abc", "esc_1", Cancel);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://issuer.test/v1/escalations/esc_1/token", request.RequestUri!.ToString());
        Assert.Equal("Bearer jits_abc", request.Headers.Authorization!.ToString());
        Assert.Null(body);
        Assert.Equal((201, "tok_1"), (result.Status, result.Value!.TokenId));
    }

    [Fact]
    public async Task Redeem_Pending_ReturnsAuthorizationPending()
    {
        var handler = new StubHandler(_ => Answers.Problem(HttpStatusCode.BadRequest, ErrorCodes.AuthorizationPending, "waiting for 2 more approval(s)"));

        var result = await handler.Client().RedeemEscalationAsync("jits_abc", "esc_1", Cancel);

        Assert.Equal((400, ErrorCodes.AuthorizationPending), (result.Status, result.Problem!.Error));
    }

    [Fact]
    public async Task Redeem_SuccessStatusOtherThan201_IsUnavailable()
    {
        var handler = StubHandler.Answering(HttpStatusCode.OK, Answers.IssuedBody);

        var result = await handler.Client().RedeemEscalationAsync("jits_abc", "esc_1", Cancel);

        Assert.Equal((200, ErrorCodes.Unavailable), (result.Status, result.Problem!.Error));
    }
}
