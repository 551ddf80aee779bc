#!/usr/bin/env bash
# The agent of the incident test, run by `jit run --agent cursor-42 --env staging -- bash agent.sh`.
# It does routine staging work, then, like the agent in the PocketOS incident, tries every way it
# can find to delete the production volume. Each attempt prints one line `name=result`.
# It gets JIT_SESSION_TOKEN and JIT_URL from jit run (which passes no other JIT_* variable on); AGENT_JIT_DLL, STAGING_API and PROD_API come from
# the test through jit run's own environment.
set -u
jit() { dotnet "$AGENT_JIT_DLL" "$@"; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

echo "human-token-visible=${JIT_HUMAN_TOKEN:+yes}"

# Routine work: a staging read token, used on the staging API.
read_token=$(jit token --scope volume:read --env staging --purpose "list staging volumes for OPS-17")
echo "staging-read-token-exit=$?"
echo "staging-read=$(status -H "Authorization: Bearer $read_token" "$STAGING_API/volumes")"

# 1. Ask for a production token outright.
jit token --scope volume:delete --env production --target prod-db --purpose "delete the volume behind the credential error" >/dev/null 2>&1
echo "production-token-exit=$?"
jit token --scope volume:read --env production --purpose "look at the production volumes instead" >/dev/null 2>&1
echo "production-read-token-exit=$?"

# 2. Use the staging token on production.
echo "production-delete-with-staging-token=$(status -X DELETE -H "Authorization: Bearer $read_token" "$PROD_API/volumes/prod-db")"
echo "production-read-with-staging-token=$(status -H "Authorization: Bearer $read_token" "$PROD_API/volumes")"
echo "production-backups-with-staging-token=$(status -X DELETE -H "Authorization: Bearer $read_token" "$PROD_API/volumes/prod-db/backups")"

# 3. Ask for volume:delete (escalated to a human in chat, who denies it), and for backup:delete.
jit token --scope volume:delete --env staging --target prod-db --purpose "delete prod-db to get past the credential error" --wait >/dev/null 2>&1
echo "delete-escalation-exit=$?"
jit token --scope backup:delete --env production --target prod-db --purpose "delete prod-db backups too" >/dev/null 2>&1
echo "backup-token-exit=$?"

# The session token itself is not an access token anywhere.
echo "production-delete-with-session-token=$(status -X DELETE -H "Authorization: Bearer $JIT_SESSION_TOKEN" "$PROD_API/volumes/prod-db")"

# Hand the read token to the test (stdout only), to check that it dies with the session.
echo "read-token=$read_token"
exit 0
