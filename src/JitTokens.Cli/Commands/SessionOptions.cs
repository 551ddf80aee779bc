using System.CommandLine;
using JitTokens.Abstractions.Wire;

namespace JitTokens.Cli.Commands;

/// <summary>
/// What a session is asked for: <c>--agent</c>, <c>--env</c>, <c>--scope</c>, <c>--ttl</c> and
/// <c>--purpose</c>, the same for <c>jit session start</c> and <c>jit run</c>. Created per command:
/// a System.CommandLine symbol belongs to one tree.
/// </summary>
internal sealed class SessionOptions
{
    private readonly Option<string> _agent = new("--agent") { Description = "The agent's name, e.g. cursor-42", HelpName = "name", Required = true };
    private readonly Option<string[]> _environments = new("--env") { Description = "An environment the agent may ask tokens for; repeat for several", HelpName = "env", Required = true };
    private readonly Option<string[]> _scopes = new("--scope") { Description = "A scope the agent may ask for; repeat for several. Default: every scope the catalog allows in those environments", HelpName = "scope" };
    private readonly Option<TimeSpan?> _ttl = CommonOptions.CreateTtl("How long the session lasts, e.g. 2h. Default: the server's (2h)");
    private readonly Option<string> _purpose = new("--purpose") { Description = "Why the agent needs the session (8–500 characters)", HelpName = "text", Required = true };

    public void AddTo(Command command)
    {
        command.Options.Add(_agent);
        command.Options.Add(_environments);
        command.Options.Add(_scopes);
        command.Options.Add(_ttl);
        command.Options.Add(_purpose);
    }

    /// <summary>The <c>POST /v1/sessions</c> body; no <c>--scope</c> leaves the choice to the catalog.</summary>
    public StartSessionRequest ToRequest(ParseResult parse) => new()
    {
        Agent = parse.GetRequiredValue(_agent),
        Environments = parse.GetRequiredValue(_environments),
        Scopes = parse.GetValue(_scopes) is { Length: > 0 } scopes ? scopes : null,
        TtlSeconds = CommonOptions.ToSeconds(parse.GetValue(_ttl)),
        Purpose = parse.GetRequiredValue(_purpose),
    };
}
