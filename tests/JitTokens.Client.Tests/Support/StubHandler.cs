using System.Net;
using System.Text;

namespace JitTokens.Client.Tests.Support;

/// <summary>A hand-written HTTP fake: answers every request with <c>respond</c> and remembers what was sent.</summary>
public sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string? Body)> Requests { get; } = [];

    public static StubHandler Answering(HttpStatusCode status, string? body = null, string contentType = "application/json")
        => new(_ => new HttpResponseMessage(status)
        {
            Content = body is null ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8, contentType),
        });

    public JitTokensClient Client(string baseAddress = "http://issuer.test") => Client(TimeProvider.System, baseAddress);

    /// <summary>A client whose poll pauses run on <paramref name="time"/>.</summary>
    public JitTokensClient Client(TimeProvider time, string baseAddress = "http://issuer.test")
#pragma warning disable CA2000 // The HttpClient lives as long as the test; disposing it would dispose this handler.
        => new(new HttpClient(this, disposeHandler: false) { BaseAddress = new Uri(baseAddress) }, time);
#pragma warning restore CA2000

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        return respond(request);
    }
}
