using StackExchange.Redis;

namespace JitTokens.Storage.Redis;

/// <summary>
/// The key schema. Every kind of key has its own name space (no kind's prefix is a prefix of
/// another's), so an id sent by a caller can never address a key of another kind. The Lua scripts
/// build <c>ses:</c>, <c>tok:</c>, <c>esc:</c> and <c>outbox-msg:</c> keys from set members themselves: keep them in step.
/// <list type="table">
/// <item><term><c>{p}ses:{id}</c></term><description>HASH: <c>data</c> (SessionRecord JSON, EndedAt null), <c>exp</c> (ticks), <c>owner</c>, <c>ended</c> (round-trip text, once ended)</description></item>
/// <item><term><c>{p}ses-by-hash:{tokenHash}</c></term><description>STRING: the session id</description></item>
/// <item><term><c>{p}ses-tok:{id}</c></term><description>ZSET: ids of the session's tokens, score = expiry in Unix ms; lives as long as the session</description></item>
/// <item><term><c>{p}ses-heartbeat</c></term><description>ZSET of session ids, score = heartbeat deadline in Unix ms; lives as long as its longest-lived session</description></item>
/// <item><term><c>{p}ses-esc:{id}</c></term><description>SET: ids of the session's escalations; lives as long as the longest-retained of them</description></item>
/// <item><term><c>{p}tok:{id}</c></term><description>HASH: <c>data</c> (TokenRecord JSON, RevokedAt and ConsumedAt null), <c>exp</c>, <c>revoked</c>, <c>consumed</c> (round-trip texts)</description></item>
/// <item><term><c>{p}revocations</c></term><description>STREAM, the revocation feed: fields <c>k</c> (token|session), <c>id</c>, <c>at</c> (round-trip text), <c>exp</c> (ticks); the entry id is the cursor. Expired entries are dropped from its head as entries are added</description></item>
/// <item><term><c>{p}esc:{id}</c></term><description>HASH: <c>data</c> (EscalationRecord JSON), <c>exp</c>, <c>status</c> and <c>ver</c> (both override the JSON), <c>polled</c> (round-trip text of the last poll)</description></item>
/// <item><term><c>{p}escalations</c></term><description>ZSET, newest first (<see cref="RedisMembers.NewestFirst"/>): every escalation</description></item>
/// <item><term><c>{p}esc-due</c></term><description>ZSET by expiry (<see cref="RedisMembers"/>, <c>exp</c> ticks): the pending and approved escalations, the expiry sweep's work list</description></item>
/// <item><term><c>{p}outbox-msg:{id}</c></term><description>HASH: <c>data</c> (OutboxMessage JSON), <c>exp</c> (ticks), <c>due</c> (ticks, as in the index member), <c>leased</c> (round-trip text of the DueAt a claim set; overrides the JSON)</description></item>
/// <item><term><c>{p}outbox-due</c></term><description>ZSET by due time (<see cref="RedisMembers"/>, <c>due</c> ticks): the chat outbox</description></item>
/// <item><term><c>{p}sessions</c>, <c>{p}sessions-of:{owner}</c></term><description>ZSET of session ids, score = −CreatedAt in Unix ms</description></item>
/// <item><term><c>{p}health</c></term><description>STRING written by the writability check</description></item>
/// <item><term><c>{p}audit</c></term><description>STREAM, the issuance log (<see cref="RedisAuditScripts"/>): entry id <c>&lt;seq&gt;-0</c>, one field <c>event</c> (AuditEvent JSON as chained)</description></item>
/// <item><term><c>{p}audit-head</c></term><description>HASH: <c>seq</c>, <c>hash</c> of the log's last event; absent while the log is empty</description></item>
/// <item><term><c>{p}audit-checkpoints</c></term><description>LIST of AuditCheckpoint JSON, oldest first</description></item>
/// </list>
/// Every key but the audit keys has a physical TTL; nothing lives past the records it serves. An index lives as long
/// as its longest-lived member (its TTL is only ever extended), and drops members whose record is gone as it meets them.
/// The three audit keys never expire and nothing here trims them: the log is the record (DESIGN.md §3.6), kept as long as
/// the deployment keeps its Redis data. That is the one exception to "every key has a TTL"; size Redis (and its persistence) for it.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix => prefix;

    public RedisKey Sessions => prefix + "sessions";

    public RedisKey Escalations => prefix + "escalations";

    public RedisKey DueEscalations => prefix + "esc-due";

    public RedisKey OutboxDue => prefix + "outbox-due";

    public RedisKey Health => prefix + "health";

    /// <summary>ZSET of session ids by heartbeat deadline (Unix ms); lives as long as its longest-lived session.</summary>
    public RedisKey SessionHeartbeats => prefix + "ses-heartbeat";

    /// <summary>The revocation feed (a stream); its entries are removed as they expire, see <see cref="RedisLua"/>.</summary>
    public RedisKey Revocations => prefix + "revocations";

    /// <summary>The issuance log's stream. Never expires.</summary>
    public RedisKey Audit => prefix + "audit";

    /// <summary>The issuance log's head. Never expires.</summary>
    public RedisKey AuditHead => prefix + "audit-head";

    /// <summary>The issuance log's signed checkpoints. Never expires.</summary>
    public RedisKey AuditCheckpoints => prefix + "audit-checkpoints";

    public RedisKey Session(string sessionId) => prefix + "ses:" + sessionId;

    public RedisKey SessionByTokenHash(string tokenHash) => prefix + "ses-by-hash:" + tokenHash;

    public RedisKey SessionTokens(string sessionId) => prefix + "ses-tok:" + sessionId;

    public RedisKey SessionEscalations(string sessionId) => prefix + "ses-esc:" + sessionId;

    public RedisKey SessionsOf(string owner) => prefix + "sessions-of:" + owner;

    public RedisKey Token(string tokenId) => prefix + "tok:" + tokenId;

    public RedisKey Escalation(string escalationId) => prefix + "esc:" + escalationId;

    public RedisKey OutboxMessage(string messageId) => prefix + "outbox-msg:" + messageId;
}
