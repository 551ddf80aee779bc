using System.Runtime.InteropServices;

namespace JitTokens.Cli.Run;

/// <summary>
/// The two libc calls .NET has no managed form of: sending a signal other than SIGKILL to a process
/// (<see cref="System.Diagnostics.Process.Kill()"/> only kills), and setting SIGPIPE's disposition
/// around starting one. Unix only.
/// </summary>
internal static class Libc
{
    // POSIX signal numbers; these four are the same on Linux, macOS and the BSDs.
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigTerm = 15;
    private const int SigPipe = 13;
    private const nint SigDfl = 0;
    private const nint SigErr = -1;

    /// <summary><c>kill(2)</c>: true when the signal was sent (false when the process is gone already).</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>
    /// Starts a process with SIGPIPE at its default action, so that the process inherits that and not
    /// the runtime's "ignore" (dotnet/runtime does not reset it for children, PowerShell/PowerShell#8421):
    /// otherwise <c>yes | head -1</c> in the command complains of a broken pipe instead of just ending.
    /// jit itself writes nothing while <paramref name="start"/> runs, so it cannot die of SIGPIPE meanwhile.
    /// </summary>
    public static T WithDefaultSigPipe<T>(Func<T> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (OperatingSystem.IsWindows())
        {
            return start();
        }

        var previous = SetHandler(SigPipe, SigDfl);
        try
        {
            return start();
        }
        finally
        {
            if (previous != SigErr)
            {
                SetHandler(SigPipe, previous);
            }
        }
    }

    // DllImport, not LibraryImport: the signature is blittable (no marshalling stub to generate), and
    // LibraryImport would need AllowUnsafeBlocks for the whole CLI.
    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    /// <summary><c>signal(2)</c>: sets the disposition and returns the previous one (SIG_ERR on failure).</summary>
    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint SetHandler(int signal, nint handler);
}
