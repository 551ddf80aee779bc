// A standard OAuth client from outside .NET (oauth4webapi, from npm) drives JitTokens' token endpoint:
// discovery, RFC 8693 token exchange with the session token, and CIBA polling of an escalated request.
// Driven by the .NET test suite (JitTokens.Server.Tests/Interop/OAuthClientTests):
//   node oauth-exchange.mjs <issuer> <session token> exchange <scope> <resource>
//     -> prints {"access_token":…} on success, or {"error":…,"auth_req_id":…,"interval":…} for a pending request
//   node oauth-exchange.mjs <issuer> <session token> poll <auth_req_id>
//     -> prints {"access_token":…} once approved, or {"error":…} (authorization_pending, slow_down, access_denied, …)
// Exit 0 when the library accepted the answer (token or an OAuth error it parsed), 1 otherwise.
import * as oauth from 'oauth4webapi'

const [issuerUrl, sessionToken, mode, ...rest] = process.argv.slice(2)
const issuer = new URL(issuerUrl)
const insecure = { [oauth.allowInsecureRequests]: issuer.protocol === 'http:' } // the tests' issuer listens on loopback http

const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }))
const client = { client_id: 'cursor-42' }
const none = oauth.None()

async function answer (request, parse) {
  try {
    const token = await parse(as, client, await request())
    console.log(JSON.stringify({ access_token: token.access_token, issued_token_type: token.issued_token_type, token_type: token.token_type, expires_in: token.expires_in, scope: token.scope }))
  } catch (e) {
    if (e instanceof oauth.ResponseBodyError) {
      console.log(JSON.stringify({ error: e.error, status: e.status, auth_req_id: e.cause.auth_req_id, interval: e.cause.interval }))
    } else {
      console.log(JSON.stringify({ failure: String(e?.code ?? e), message: String(e?.message ?? "") }))
      process.exitCode = 1
    }
  }
}

if (mode === 'exchange') {
  const [scope, resource] = rest
  await answer(
    () => oauth.genericTokenEndpointRequest(as, client, none, 'urn:ietf:params:oauth:grant-type:token-exchange', {
      subject_token: sessionToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope,
      resource,
      purpose: 'interop: an outside OAuth client asks for a token'
    }, insecure),
    oauth.processGenericTokenEndpointResponse)
} else if (mode === 'poll') {
  const [authReqId] = rest
  await answer(
    // DESIGN §3.10: the poll proves its session with Authorization: Bearer <session token>. oauth4webapi keeps the
    // Authorization header for client authentication, so the header goes on through its customFetch hook.
    () => oauth.backchannelAuthenticationGrantRequest(as, client, none, authReqId, {
      ...insecure,
      [oauth.customFetch]: (url, options) => {
        const headers = new Headers(options.headers)
        headers.set('authorization', `Bearer ${sessionToken}`)
        return fetch(url, { ...options, headers })
      }
    }),
    oauth.processBackchannelAuthenticationGrantResponse)
} else {
  console.error('usage: node oauth-exchange.mjs <issuer> <session token> exchange <scope> <resource> | poll <auth_req_id>')
  process.exitCode = 2
}
