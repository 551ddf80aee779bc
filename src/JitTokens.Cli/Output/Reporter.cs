using JitTokens.Abstractions.Wire;

namespace JitTokens.Cli.Output;

/// <summary>Error lines on stderr: exactly one line, <c>jit: &lt;code&gt;: &lt;detail&gt;</c>, never a credential.</summary>
internal static class Reporter
{
    /// <summary>Reports the server's (or the client's synthesised) problem and returns its exit code.</summary>
    public static async Task<int> FailAsync(CliContext context, Problem problem)
    {
        await WriteAsync(context, problem.Error, problem.Detail ?? problem.Title);
        return ExitCodes.ForError(problem.Error, problem.Status);
    }

    /// <summary>Reports a usage error (exit code 2).</summary>
    public static async Task<int> UsageAsync(CliContext context, string message)
    {
        await WriteAsync(context, "usage", message);
        return ExitCodes.Usage;
    }

    /// <summary>Writes <c>jit: &lt;code&gt;: &lt;message&gt;</c> as a single redacted line.</summary>
    public static Task WriteAsync(CliContext context, string code, string message)
        => context.Error.WriteLineAsync($"jit: {Redactor.Clean(code, context)}: {Redactor.Clean(message, context)}");

    /// <summary>The usage hint for a missing credential variable.</summary>
    public static Task<int> MissingAsync(CliContext context, string variable, string howToSet)
        => UsageAsync(context, $"{variable} is not set; {howToSet}");
}
