import { generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JwtOptions } from '../options/jwt.options.js';
import { signCompactJwt } from './compact-jwt.js';

/** Algorithms a {@link TestIssuer} signs with. */
export type TestIssuerAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

/** Options of {@link createTestIssuer}. */
export interface TestIssuerOptions {
  /** @default 'RS256' */
  readonly algorithm?: TestIssuerAlgorithm;
  /**
   * The `iss` of its tokens. @default its own URL, `http://127.0.0.1:<port>` — keep it for `discovery`, which
   * fetches `<issuer>/.well-known/openid-configuration`.
   */
  readonly issuer?: string;
}

/** `JwtOptions` a {@link TestIssuer} fills in, and how the app finds its keys. */
export type TestIssuerJwtOptions = Omit<JwtOptions, 'secret' | 'publicKey' | 'jwksUri' | 'issuer' | 'algorithms'>;

/**
 * An identity provider in the test process: a fresh key pair whose public half it serves over HTTP on 127.0.0.1
 * as a JWKS (`/jwks`) and an OpenID configuration (`/.well-known/openid-configuration`).
 */
export interface TestIssuer {
  /** The `iss` of its tokens. */
  readonly issuer: string;
  /** Where it serves its JWKS: `http://127.0.0.1:<port>/jwks`. */
  readonly jwksUri: string;
  /** What it signs with. */
  readonly algorithm: TestIssuerAlgorithm;
  /** The `kid` of its key, in every token header and in the JWKS. */
  readonly kid: string;
  /**
   * `JwtOptions` verifying its tokens: `{ issuer, jwksUri, algorithms }`, or `{ issuer, discovery: true, algorithms }`
   * with `discovery: true`; further options (audience, claim paths) are passed through.
   */
  jwtOptions(options?: TestIssuerJwtOptions): JwtOptions;
  /** Signs claims as they are (`iss` defaults to the issuer); `AgentAuthTestKit.token()` adds the app's claims. */
  sign(claims: Record<string, unknown>): string;
  /** Stops serving the keys (open connections are dropped). */
  close(): Promise<void>;
}

/**
 * Starts a {@link TestIssuer} on a free port, to configure the app under test with when it verifies asymmetric tokens.
 * @example const idp = await createTestIssuer({ algorithm: 'ES256' }); AgentAuthModule.forRoot({ jwt: idp.jwtOptions({ audience: 'api' }) })
 */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const algorithm = options.algorithm ?? 'RS256';
  const { privateKey, publicKey } = generateKeyPair(algorithm);
  const kid = randomUUID();
  const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: algorithm, use: 'sig' } satisfies JsonWebKey] };
  const documents = new Map<string, unknown>();
  const server = createServer((request, response) => serve(documents, request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.issuer ?? url;
  const jwksUri = `${url}/jwks`;
  documents.set('/jwks', jwks);
  documents.set('/.well-known/openid-configuration', { issuer, jwks_uri: jwksUri, id_token_signing_alg_values_supported: [algorithm] });
  return {
    issuer,
    jwksUri,
    algorithm,
    kid,
    jwtOptions: ({ discovery, ...rest } = {}) => ({
      issuer,
      ...(discovery === true ? { discovery } : { jwksUri }),
      algorithms: [algorithm],
      ...rest,
    }),
    sign: (claims) => signCompactJwt({ iss: issuer, ...claims }, privateKey, algorithm, kid),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function serve(documents: ReadonlyMap<string, unknown>, request: IncomingMessage, response: ServerResponse): void {
  const document = request.method === 'GET' ? documents.get(new URL(request.url ?? '/', 'http://localhost').pathname) : undefined;
  response.writeHead(document === undefined ? 404 : 200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(document ?? { error: 'not_found' }));
}

function generateKeyPair(algorithm: TestIssuerAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  if (algorithm === 'EdDSA') return generateKeyPairSync('ed25519');
  if (algorithm === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}
