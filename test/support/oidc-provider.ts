import { randomBytes } from 'node:crypto';
import type Provider from 'oidc-provider';
import { newSigningKey, type SigningKey } from './signing-keys.js';
import { startStubServer, type StubServer } from './stub-server.js';

/** Algorithms the test provider signs access tokens with, one resource indicator each. */
export const PROVIDER_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
/** One of {@link PROVIDER_ALGORITHMS}. */
export type ProviderAlgorithm = (typeof PROVIDER_ALGORITHMS)[number];
/** The `aud` of every access token the provider issues. */
export const PROVIDER_AUDIENCE = 'agent-api';
/** Scopes the agent API resource server offers. */
export const PROVIDER_SCOPES = 'agents:read agents:execute';
/** Where the provider publishes its keys. */
export const JWKS_PATH = '/jwks';

const RESOURCE_BASE = 'https://agent-api.test/';

/** A real OpenID provider (`oidc-provider`) on 127.0.0.1 with a client-credentials client and JWT access tokens. */
export interface TestOidcProvider {
  /** Its issuer identifier (the `iss` of its tokens). */
  readonly issuer: string;
  /** The keys it signs with now (one per algorithm). */
  readonly keys: readonly SigningKey[];
  /** Requests it received for a path (`JWKS_PATH`, `/.well-known/openid-configuration`, `/token`). */
  count(path: string): number;
  /** An access token of the client-credentials grant, for the agent API resource, signed with `alg` (RS256 by default). */
  accessToken(options?: { alg?: ProviderAlgorithm; scope?: string }): Promise<string>;
  /** Replaces every signing key by a new one: a provider restarted with a new JWKS on the same port. */
  rotateKeys(): Promise<void>;
  /** Stops it (the port is released, open connections dropped). */
  close(): Promise<void>;
}

/** Options of {@link startOidcProvider}. */
export interface TestOidcProviderOptions {
  /** Claim this issuer instead of its own URL (an impostor of another provider). */
  issuer?: string;
  /** Key ids to use (e.g. another provider's, to sign with other keys under the same kids). */
  kids?: Partial<Record<ProviderAlgorithm, string>>;
}

/** Starts a {@link TestOidcProvider} with fresh keys and a client secret generated for this run. */
export async function startOidcProvider(options: TestOidcProviderOptions = {}): Promise<TestOidcProvider> {
  const server: StubServer = await startStubServer();
  const issuer = options.issuer ?? server.url;
  const client = { client_id: 'agent-runner', client_secret: randomBytes(32).toString('base64url') };
  let keys = PROVIDER_ALGORITHMS.map((alg) => newSigningKey(alg, { kid: options.kids?.[alg] }));
  const serve = async () => server.handle((await providerFor(issuer, client, keys)).callback());
  await serve();
  return {
    issuer,
    get keys() {
      return keys;
    },
    count: (path) => server.count(path),
    accessToken: async ({ alg = 'RS256', scope = PROVIDER_SCOPES } = {}) => {
      const response = await fetch(`${server.url}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource: `${RESOURCE_BASE}${alg}` }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || body.access_token === undefined) throw new Error(`token request failed: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    rotateKeys: async () => {
      keys = PROVIDER_ALGORITHMS.map((alg) => newSigningKey(alg));
      await serve();
    },
    close: () => server.close(),
  };
}

let providerModule: Promise<typeof import('oidc-provider')> | undefined;

async function providerFor(issuer: string, client: object, keys: readonly SigningKey[]): Promise<Provider> {
  const { default: Provider, errors } = await loadQuietly();
  return new Provider(issuer, {
    adapter: MemoryAdapter,
    clients: [{ ...client, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] }],
    jwks: { keys: keys.map((key) => key.privateJwk) },
    ttl: { ClientCredentials: 600 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => `${RESOURCE_BASE}RS256`,
        useGrantedResource: () => true,
        getResourceServerInfo: (_context: unknown, resource: string) => {
          const alg = resource.slice(RESOURCE_BASE.length);
          if (!resource.startsWith(RESOURCE_BASE) || !(PROVIDER_ALGORITHMS as readonly string[]).includes(alg)) throw new errors.InvalidTarget();
          return { scope: PROVIDER_SCOPES, audience: PROVIDER_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg } } };
        },
      },
    },
  });
}

/** Imports oidc-provider once, without its "unsupported runtime" warning on Node 20 (it runs fine for tests). */
function loadQuietly(): Promise<typeof import('oidc-provider')> {
  providerModule ??= (async () => {
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
    }
  })();
  return providerModule;
}

/** The provider's storage, in memory (its own default warns at every start). */
class MemoryAdapter {
  private static readonly store = new Map<string, unknown>();

  constructor(private readonly model: string) {}

  async upsert(id: string, payload: unknown): Promise<void> {
    MemoryAdapter.store.set(`${this.model}:${id}`, payload);
  }

  async find(id: string): Promise<unknown> {
    return MemoryAdapter.store.get(`${this.model}:${id}`);
  }

  async destroy(id: string): Promise<void> {
    MemoryAdapter.store.delete(`${this.model}:${id}`);
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(): Promise<void> {}

  async revokeByGrantId(): Promise<void> {}
}
