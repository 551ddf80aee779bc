using System.Diagnostics;
using System.Runtime.InteropServices;

namespace JitTokens.Cli.Run;

/// <summary>
/// Keeps <c>jit run</c> alive through SIGINT, SIGTERM, SIGHUP and SIGQUIT so that it can still end
/// the session, and passes each signal on to the command: jit exits when the command does.
/// Before the command starts, a signal cancels <see cref="Interrupted"/> instead.
/// </summary>
/// <remarks>
/// Ctrl+C and Ctrl+\ at a terminal go to the whole foreground process group, so the command has
/// them already: when stdin is a terminal, SIGINT and SIGQUIT are not sent a second time (a second
/// SIGINT could interrupt the command's own clean-up; uv run decided the same, astral-sh/uv#13925).
/// SIGTERM and SIGHUP are always passed on. On Windows the console sends its events to every
/// process attached to it, the command included, so nothing is passed on there.
/// </remarks>
internal sealed class SignalRelay : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Handled =
    [
        (PosixSignal.SIGINT, Libc.SigInt),
        (PosixSignal.SIGTERM, Libc.SigTerm),
        (PosixSignal.SIGHUP, Libc.SigHup),
        (PosixSignal.SIGQUIT, Libc.SigQuit),
    ];

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _interrupted = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly bool _terminalSendsKeyboardSignals = !Console.IsInputRedirected;
    private Process? _child;
    private bool _disposed;

    private SignalRelay()
    {
    }

    /// <summary>Cancelled by the first signal that arrives while no command runs.</summary>
    public CancellationToken Interrupted => _interrupted.Token;

    /// <summary>The number of the first signal received (e.g. 15 for SIGTERM); null when none came.</summary>
    public int? FirstSignal { get; private set; }

    /// <summary>Handles the signals from now until <see cref="Dispose"/>.</summary>
    public static SignalRelay Register()
    {
        var relay = new SignalRelay();
        foreach (var (signal, number) in Handled)
        {
            relay._registrations.Add(PosixSignalRegistration.Create(signal, context => relay.Handle(context, number)));
        }

        return relay;
    }

    /// <summary>From now on signals go to <paramref name="child"/>; one that came since the last check is sent at once.</summary>
    public void Attach(Process child)
    {
        lock (_gate)
        {
            _child = child;

            // The command did not exist when it came, so it has not seen it, whatever sent it.
            if (FirstSignal is { } pending)
            {
                Send(child, pending);
            }
        }
    }

    /// <summary>The command has exited: its pid may be reused, so nothing is sent to it any more.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _child = null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _interrupted.Dispose();
    }

    private void Handle(PosixSignalContext context, int number)
    {
        // Not the default action (exit): the session must still be ended.
        context.Cancel = true;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            FirstSignal ??= number;
            if (_child is not { } child)
            {
                _interrupted.Cancel();
            }
            else if (!(_terminalSendsKeyboardSignals && number is Libc.SigInt or Libc.SigQuit))
            {
                Send(child, number);
            }
        }
    }

    private static void Send(Process child, int number)
    {
        if (!OperatingSystem.IsWindows() && !child.HasExited)
        {
            Libc.Signal(child.Id, number);
        }
    }
}
