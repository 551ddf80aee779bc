using System.Text;

namespace JitTokens.Cli.Tests.Support;

/// <summary>
/// A writer another task can watch while jit writes to it: a test awaits the line it needs (the
/// event) instead of sleeping and looking. Safe to write from one task and read from another.
/// </summary>
public sealed class WatchedWriter : TextWriter
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _watchers = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_gate)
        {
            _text.Append(value);
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                Notify();
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }

    /// <summary>The first complete line that <paramref name="match"/> accepts, as soon as it is written.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _watchers.Add((match, found));
            Notify();
        }

        return found.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
    }

    private void Notify()
    {
        var lines = _text.ToString().Split('\n');
        foreach (var watcher in _watchers.ToList())
        {
            // The last element is an unfinished line (or empty): only complete lines count.
            if (lines[..^1].FirstOrDefault(watcher.Match) is { } line)
            {
                _watchers.Remove(watcher);
                watcher.Found.TrySetResult(line);
            }
        }
    }
}
