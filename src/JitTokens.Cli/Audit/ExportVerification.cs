using JitTokens.Abstractions.Audit;

namespace JitTokens.Cli.Audit;

/// <summary>
/// The outcome of checking an export offline: <see cref="Verification"/> as <c>GET /v1/audit/verify</c>
/// would put it, and the last seq a verified checkpoint vouches for (null when none does), since
/// events after it are only as trustworthy as whoever held the file.
/// </summary>
internal sealed record ExportVerification(AuditVerification Verification, long? SignedThrough);
