using JitTokens.Abstractions;

namespace JitTokens.Cli.Tests;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(ErrorCodes.InvalidRequest, 400, 2)]
    [InlineData(ErrorCodes.PayloadTooLarge, 413, 2)]
    [InlineData(ErrorCodes.InvalidScope, 400, 3)]
    [InlineData(ErrorCodes.ScopeNotAllowed, 403, 3)]
    [InlineData(ErrorCodes.EnvironmentNotAllowed, 403, 3)]
    [InlineData(ErrorCodes.TtlTooLong, 400, 3)]
    [InlineData(ErrorCodes.AccessDenied, 403, 3)]
    [InlineData(ErrorCodes.AccessDenied, 401, 3)]
    [InlineData(ErrorCodes.NotAnApprover, 403, 3)]
    [InlineData(ErrorCodes.SelfApprovalForbidden, 403, 3)]
    [InlineData(ErrorCodes.AuthorizationPending, 400, 3)]
    [InlineData(ErrorCodes.AlreadyDecided, 409, 3)]
    [InlineData(ErrorCodes.InvalidGrant, 400, 3)]
    [InlineData(ErrorCodes.SlowDown, 400, 5)]
    [InlineData(ErrorCodes.InvalidSession, 401, 4)]
    [InlineData(ErrorCodes.ExpiredToken, 400, 4)]
    [InlineData(ErrorCodes.Unavailable, 503, 5)]
    [InlineData(ErrorCodes.Unavailable, 0, 5)]
    [InlineData(ErrorCodes.RateLimited, 429, 5)]
    [InlineData("server_error", 500, 5)]
    [InlineData("something_new", 401, 4)]
    [InlineData("something_new", 403, 3)]
    [InlineData("something_new", 404, 2)]
    public void ForError_MapsCodeToDesignExitCode(string code, int status, int exitCode)
        => Assert.Equal(exitCode, ExitCodes.ForError(code, status));
}
