using System.ComponentModel;
using System.Diagnostics;

namespace JitTokens.Cli.Run;

/// <summary>
/// Starts the command of <c>jit run</c> with jit's stdin, stdout and stderr, and an environment
/// that holds the agent's session and nothing of the human's: every <c>JIT_*</c> variable of jit's
/// own environment (<c>JIT_HUMAN_TOKEN</c>, an earlier session's token, …) is removed, then
/// <c>JIT_URL</c>, <c>JIT_SESSION_TOKEN</c> and <c>JIT_SESSION_ID</c> are set. The token goes only
/// to the new process's environment: no file, no argument.
/// </summary>
internal static class ChildCommand
{
    /// <summary>As shells answer a command that is not there.</summary>
    public const int NotFound = 127;

    /// <summary>As shells answer a command that is there but cannot be run (not executable, a folder).</summary>
    public const int NotExecutable = 126;

    private const int NoSuchFile = 2; // ENOENT on Unix, ERROR_FILE_NOT_FOUND on Windows

    /// <summary>The started process, or the shell's exit code and one line saying why it could not start.</summary>
    public static ChildStart Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> variables)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // Case-insensitively: Windows' environment is, and on Unix a jit_* variable is nobody else's either.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("JIT_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        try
        {
            return new ChildStart(Libc.WithDefaultSigPipe(() => Process.Start(start)) ?? throw new InvalidOperationException("Process.Start returned no process"), 0, null);
        }
        catch (Win32Exception e) when (e.NativeErrorCode == NoSuchFile)
        {
            return new ChildStart(null, NotFound, $"'{command[0]}' was not found (is it on PATH?)");
        }
        catch (Win32Exception e)
        {
            return new ChildStart(null, NotExecutable, $"'{command[0]}' cannot be run: {new Win32Exception(e.NativeErrorCode).Message}");
        }
    }
}
