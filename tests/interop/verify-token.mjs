// Verifies a JitTokens access token with `jose`, a standard JWT library, using nothing but the
// issuer URL: RFC 8414 metadata gives the JWKS URI, the JWKS gives the key.
// Usage: node verify-token.mjs <issuer> <audience> <token>   (the token may also come on stdin)
// Prints {"header":…,"payload":…} and exits 0 when valid; prints the reason and exits 1 otherwise.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [issuer, audience, argToken] = process.argv.slice(2);
const token = (argToken ?? (await new Response(process.stdin).text())).trim();

try {
  const metadataResponse = await fetch(new URL('/.well-known/oauth-authorization-server', issuer));
  const metadata = await metadataResponse.json();
  if (metadata.issuer !== issuer) {
    throw new Error(`metadata issuer ${metadata.issuer} is not ${issuer}`);
  }

  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: metadata.issuer,
    audience,
    typ: 'at+jwt',
    algorithms: ['ES256'],
    requiredClaims: ['exp', 'iat', 'nbf', 'jti', 'sub', 'scope', 'client_id'],
  });
  console.log(JSON.stringify({ header: protectedHeader, payload }));
} catch (error) {
  console.log(JSON.stringify({ error: error.code ?? error.name, message: error.message }));
  process.exit(1);
}
