// The peer issuer for ops/bench/run: oidc-provider (npm, version pinned in package.json) minting
// ES256 JWT access tokens (RFC 9068, typ at+jwt) by client credentials, on a loopback port.
//
//   node ops/bench/peer/server.mjs <port>
//
// One confidential client, "bench" / secret "bench-secret" (client_secret_basic or _post), allowed
// only grant_type=client_credentials and scope db:read. Resource indicators (RFC 8707) map the one
// resource https://staging.bench.example (also the default when none is sent) to a JWT access
// token signed ES256 with a P-256 key generated at start, TTL 300 s, like JitTokens' benchmark
// tokens. Token endpoint: POST /token.
//
// Fairness on a multi-core machine: the JitTokens issuer uses every core, a Node process one, so
// this runs under node:cluster with one worker per core (os.availableParallelism()), all signing
// with the same key; the primary only hands out connections. Override with BENCH_PEER_WORKERS.
//
// JWT-format access tokens are not stored: oidc-provider calls its adapter only for tokens with a
// stored payload (opaque ones), and the client is static configuration, so nothing is written
// per token (no shared state between workers is needed). Logs are quiet: errors go to stderr.
import cluster from 'node:cluster';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';

export const RESOURCE = 'https://staging.bench.example';
export const CLIENT_ID = 'bench';
export const CLIENT_SECRET = 'bench-secret';
export const SCOPE = 'db:read';
export const TTL_SECONDS = 300;

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node ops/bench/peer/server.mjs <port>');
  process.exit(2);
}

if (cluster.isPrimary) {
  const workers = Number(process.env.BENCH_PEER_WORKERS) || availableParallelism();
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-es256', use: 'sig', alg: 'ES256' };
  let listening = 0;
  let stopping = false;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === workers) console.log(`oidc-provider peer: ${workers} workers on http://127.0.0.1:${port}`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      console.error(`oidc-provider peer: worker ${worker.process.pid} exited (${signal ?? code}); stopping`);
      stop(1);
    }
  });
  const stop = (code) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
    process.exitCode = code;
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  for (let i = 0; i < workers; i += 1) cluster.fork({ BENCH_PEER_JWK: JSON.stringify(jwk) });
} else {
  // Quiet: oidc-provider's start-up notices go through console.info/console.warn.
  console.info = () => {};
  console.warn = () => {};
  const { default: Provider, errors } = await import('oidc-provider');
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: SCOPE,
    }],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    jwks: { keys: [JSON.parse(process.env.BENCH_PEER_JWK)] },
    scopes: [SCOPE],
    cookies: { keys: ['bench-cookie-key-not-used-by-client-credentials'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resourceIndicator) => {
          if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: SCOPE,
            audience: RESOURCE,
            accessTokenTTL: TTL_SECONDS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    ttl: { ClientCredentials: TTL_SECONDS },
  });
  provider.on('server_error', (ctx, err) => console.error('oidc-provider peer: server_error', err));
  // No request logging; Koa's default error logger stays for 5xx only.
  createServer(provider.callback()).listen(port, '127.0.0.1');
}
