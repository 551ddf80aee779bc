using System.Text;

namespace JitTokens.Validation.Revocation;

/// <summary>
/// The line-by-line Server-Sent Events parser (WHATWG HTML §9.2.6), fed one line at a time so the
/// reader sees every line, comments (keepalives) included. Unknown fields are ignored.
/// </summary>
internal sealed class ServerSentEventParser
{
    private readonly StringBuilder _data = new();
    private string? _id;
    private string? _type;
    private bool _hasData;

    /// <summary>Takes one line (without its end); returns the event a blank line completes, if any.</summary>
    public ServerSentEvent? Feed(string line)
    {
        if (line.Length == 0)
        {
            return Dispatch();
        }

        if (line[0] == ':')
        {
            return null;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? string.Empty : line[(colon + 1)..];
        if (value.StartsWith(' '))
        {
            value = value[1..];
        }

        switch (field)
        {
            case "data":
                if (_hasData)
                {
                    _data.Append('\n');
                }

                _data.Append(value);
                _hasData = true;
                break;
            case "event":
                _type = value;
                break;
            case "id" when !value.Contains('\0', StringComparison.Ordinal):
                _id = value;
                break;
        }

        return null;
    }

    private ServerSentEvent? Dispatch()
    {
        // An event without data is not dispatched (§9.2.6), but its id still counts as the last one seen.
        var dispatched = _hasData ? new ServerSentEvent(_id, string.IsNullOrEmpty(_type) ? "message" : _type, _data.ToString()) : null;
        _data.Clear();
        _hasData = false;
        _type = null;
        return dispatched;
    }
}
