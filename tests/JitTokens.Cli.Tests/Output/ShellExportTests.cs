using JitTokens.Cli.Output;

namespace JitTokens.Cli.Tests.Output;

public sealed class ShellExportTests
{
    [Theory]
    [InlineData("jits_AbC-_123", "export X=jits_AbC-_123")]
    [InlineData("eyJa.eyJb.c-_d", "export X=eyJa.eyJb.c-_d")]
    [InlineData("it's $(rm -rf ~)", "export X='it'\\''s $(rm -rf ~)'")]
    [InlineData("", "export X=''")]
    public void Line_QuotesOnlyWhatAShellWouldInterpret(string value, string expected)
        => Assert.Equal(expected, ShellExport.Line("X", value));
}
