using JitTokens.Cli.Tests.Support;

namespace JitTokens.Cli.Tests;

/// <summary>The real <c>jit</c> binary as a child process: exit codes, stdout, and no file written anywhere.</summary>
public sealed class JitExecutableTests(DevServerFixture fixture) : IClassFixture<DevServerFixture>
{
    [Fact]
    public async Task Process_FullFlow_PrintsExportsAndJwtAndExitsZero()
    {
        var environment = new Dictionary<string, string> { [EnvironmentVariables.Url] = fixture.Url.ToString() };

        var login = await JitProcess.RunAsync(environment, null, "login", "--dev", "alice");
        environment[EnvironmentVariables.HumanToken] = login.Exports[EnvironmentVariables.HumanToken];
        var start = await JitProcess.RunAsync(environment, null, "session", "start", "--agent", "demo", "--env", "staging", "--purpose", "run the real binary");
        environment[EnvironmentVariables.SessionToken] = start.Exports[EnvironmentVariables.SessionToken];
        var token = await JitProcess.RunAsync(environment, null, "token", "--scope", "db:read", "--env", "staging", "--purpose", "read orders for OPS-17");

        Assert.Equal(0, login.ExitCode);
        Assert.Equal(0, start.ExitCode);
        Assert.Equal(0, token.ExitCode);
        Assert.True(Jwt.IsCompactJws(Assert.Single(token.StdoutLines)), token.ToString());
    }

    [Fact]
    public async Task Process_ParseError_ExitsTwoNotOne()
    {
        var result = await JitProcess.RunAsync(new Dictionary<string, string>(), null, "token", "--scope", "db:read");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.StartsWith("jit: usage: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_EscalatedRequest_ExitsThree()
    {
        var environment = new Dictionary<string, string> { [EnvironmentVariables.Url] = fixture.Url.ToString() };
        var shell = await JitShell.WithSessionAsync(fixture.Url);
        environment[EnvironmentVariables.SessionToken] = shell[EnvironmentVariables.SessionToken]!;

        var result = await JitProcess.RunAsync(environment, null, "token", "--scope", "volume:delete", "--env", "staging", "--purpose", "delete the scratch volume");

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("esc_", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_LoginSessionTokenEnd_WritesNoFileInHomeOrWorkingDirectory()
    {
        var home = Directory.CreateTempSubdirectory("jit-home-");
        var work = Directory.CreateTempSubdirectory("jit-work-");
        try
        {
            var environment = new Dictionary<string, string>
            {
                [EnvironmentVariables.Url] = fixture.Url.ToString(),
                ["HOME"] = home.FullName,
                ["USERPROFILE"] = home.FullName,
                ["XDG_CONFIG_HOME"] = Path.Combine(home.FullName, ".config"),
                ["XDG_DATA_HOME"] = Path.Combine(home.FullName, ".local", "share"),
                ["XDG_STATE_HOME"] = Path.Combine(home.FullName, ".local", "state"),
                ["XDG_CACHE_HOME"] = Path.Combine(home.FullName, ".cache"),
                ["DOTNET_CLI_HOME"] = home.FullName,
                ["TMPDIR"] = home.FullName,
            };

            var login = await JitProcess.RunAsync(environment, work.FullName, "login", "--dev", "alice");
            environment[EnvironmentVariables.HumanToken] = login.Exports[EnvironmentVariables.HumanToken];
            var start = await JitProcess.RunAsync(environment, work.FullName, "session", "start", "--agent", "demo", "--env", "staging", "--purpose", "check that jit writes no file");
            environment[EnvironmentVariables.SessionToken] = start.Exports[EnvironmentVariables.SessionToken];
            var token = await JitProcess.RunAsync(environment, work.FullName, "token", "--scope", "db:read", "--env", "staging", "--purpose", "read orders for OPS-17");
            var end = await JitProcess.RunAsync(environment, work.FullName, "session", "end");

            Assert.Equal([0, 0, 0, 0], new[] { login.ExitCode, start.ExitCode, token.ExitCode, end.ExitCode });
            Assert.Empty(home.EnumerateFileSystemInfos("*", SearchOption.AllDirectories));
            Assert.Empty(work.EnumerateFileSystemInfos("*", SearchOption.AllDirectories));
        }
        finally
        {
            home.Delete(recursive: true);
            work.Delete(recursive: true);
        }
    }
}
