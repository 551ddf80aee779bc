using JitTokens.Client.Tests.Support;

namespace JitTokens.Cli.Tests.Support;

/// <summary>
/// jit run in-process against a <see cref="StubHandler"/> instead of an issuer, with a clock whose
/// pauses are recorded, not slept: for exact output and exact requests without a server.
/// </summary>
public sealed class StubbedJit(StubHandler handler)
{
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal) { [EnvironmentVariables.Url] = "https://issuer.test" };

    public StepClock Clock { get; } = new();

    public StubHandler Handler { get; } = handler;

    /// <summary>The requests' paths and queries, in order.</summary>
    public IReadOnlyList<string> Requests => [.. Handler.Requests.Select(r => r.Request.RequestUri!.PathAndQuery)];

    /// <summary>As an auditor: <c>JIT_HUMAN_TOKEN</c> holds a JWT-shaped value.</summary>
    public StubbedJit AsAuditor()
    {
        Environment[EnvironmentVariables.HumanToken] = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhdWRyZXkifQ.c2ln";
        return this;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(TestContext.Current.CancellationToken, args);

    public async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, name => Environment.GetValueOrDefault(name), Handler, Clock);
        var exitCode = await JitCli.RunAsync(context, args, cancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
