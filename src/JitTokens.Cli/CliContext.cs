using System.CommandLine;
using JitTokens.Cli.Commands;

namespace JitTokens.Cli;

/// <summary>
/// One run of <c>jit</c>: where output goes, where environment variables come from, and the
/// options every command shares. Tests pass writers and a dictionary (and may pass an HTTP handler
/// and a clock); <see cref="Program"/> passes the console and the process environment.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, HttpMessageHandler? handler = null, TimeProvider? time = null)
{
    /// <summary>stdout: only what a script consumes (export lines, the access token, requested data).</summary>
    public TextWriter Out { get; } = output;

    /// <summary>stderr: messages for the human, one line per error.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>The clock for pauses between polls and for times given as "ago" (<c>--since 1h</c>).</summary>
    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>Sends jit's requests when set (tests; jit does not dispose it); null: a real connection per run.</summary>
    public HttpMessageHandler? Handler { get; } = handler;

    /// <summary><c>--url</c>, on every command.</summary>
    public Option<string?> Url { get; } = CommonOptions.CreateUrl();

    /// <summary>The variable's value without surrounding white space; null when unset or blank.</summary>
    public string? Env(string name)
        => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
