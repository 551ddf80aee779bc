using JitTokens.Cli.Output;

namespace JitTokens.Cli.Tests.Output;

public sealed class RedactorTests
{
    private static CliContext Context(Dictionary<string, string>? environment = null)
        => new(TextWriter.Null, TextWriter.Null, name => environment?.GetValueOrDefault(name));

    [Theory]
    [InlineData("no session 'jits_AbC-_123'", "no session '[redacted]'")]
    [InlineData("got eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln here", "got [redacted] here")]
    [InlineData("two\nlines\r\tand a tab", "two lines  and a tab")]
    [InlineData("plain detail", "plain detail")]
    public void Clean_RemovesCredentialShapesAndLineBreaks(string text, string expected)
        => Assert.Equal(expected, Redactor.Clean(text, Context()));

    [Fact]
    public void Clean_RemovesTheCallersOwnCredentialsWhateverTheirShape()
    {
        var context = Context(new() { [EnvironmentVariables.HumanToken] = "opaque-human-secret", [EnvironmentVariables.SessionToken] = "other-session-secret" });

        var cleaned = Redactor.Clean("saw opaque-human-secret and other-session-secret", context);

        Assert.Equal("saw [redacted] and [redacted]", cleaned);
    }
}
