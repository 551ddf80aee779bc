using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JitTokens.TestSupport.Redis;

/// <summary>
/// Just enough of the Redis protocol (RESP2) to send one admin command and read its reply, on a
/// short-lived connection of its own, so it adds no background traffic to what a test measures.
/// </summary>
internal static class RespClient
{
    public static async Task<object?> ExecuteAsync(int port, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encode(command), cancellationToken);
        var reader = new Reader(stream);
        return await reader.ReadReplyAsync(cancellationToken);
    }

    /// <summary>The same as ACL user <paramref name="user"/>: AUTH, then the command, on one connection.</summary>
    public static async Task<object?> ExecuteAsAsync(int port, string user, string password, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encode(["AUTH", user, password]).Concat(Encode(command)).ToArray(), cancellationToken);
        var reader = new Reader(stream);
        await reader.ReadReplyAsync(cancellationToken);
        return await reader.ReadReplyAsync(cancellationToken);
    }

    private static byte[] Encode(IReadOnlyList<string> command)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*{command.Count}\r\n");
        foreach (var part in command)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private sealed class Reader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        /// <summary>string (simple or bulk), long (integer), object?[] (array), null (nil); an error reply throws.</summary>
        public async Task<object?> ReadReplyAsync(CancellationToken cancellationToken)
        {
            var line = await ReadLineAsync(cancellationToken);
            var rest = line[1..];
            switch (line[0])
            {
                case '+':
                    return rest;
                case '-':
                    throw new InvalidOperationException("Redis answered with an error: " + rest);
                case ':':
                    return long.Parse(rest, CultureInfo.InvariantCulture);
                case '$':
                    var length = int.Parse(rest, CultureInfo.InvariantCulture);
                    return length < 0 ? null : Encoding.UTF8.GetString(await ReadExactlyAsync(length + 2, cancellationToken), 0, length);
                case '*':
                    var count = int.Parse(rest, CultureInfo.InvariantCulture);
                    if (count < 0)
                    {
                        return null;
                    }

                    var items = new object?[count];
                    for (var i = 0; i < count; i++)
                    {
                        items[i] = await ReadReplyAsync(cancellationToken);
                    }

                    return items;
                default:
                    throw new InvalidOperationException("Not a RESP2 reply: " + line);
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var end = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (end > _start && _buffer[end - 1] == '\r')
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, end - 1 - _start);
                    _start = end + 1;
                    return line;
                }

                await FillAsync(cancellationToken);
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            var copied = 0;
            while (copied < count)
            {
                if (_start == _end)
                {
                    await FillAsync(cancellationToken);
                }

                var n = Math.Min(count - copied, _end - _start);
                Array.Copy(_buffer, _start, result, copied, n);
                _start += n;
                copied += n;
            }

            return result;
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidOperationException("A RESP line is longer than the test client's buffer.");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read > 0 ? read : throw new EndOfStreamException("Redis closed the connection mid-reply.");
        }
    }
}
