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
  /** The authorization-code client for browser login, when started with `browserClient`. */
  readonly browserClient?: { readonly clientId: string; readonly clientSecret: string };
  /** The client-credentials client (`client_secret_basic`), for an OAuth client that gets its own tokens. */
  readonly client: { readonly clientId: string; readonly clientSecret: string };
  /** Stops it (the port is released, open connections dropped). */
  close(): Promise<void>;
}

/** A user of the provider's login page (any login is accepted; these get roles and a tenant). */
export interface TestAccount {
  readonly roles?: readonly string[];
  readonly tenantId?: string;
}

/** A browser login client: authorization code with PKCE, refresh tokens, revocation and RP-initiated logout. */
export interface BrowserClientOptions {
  /** The app's `/auth/callback` URL(s). */
  readonly redirectUris: readonly string[];
  /** Where the provider may send the browser after logout. */
  readonly postLogoutRedirectUris?: readonly string[];
  /** Lifetime of access tokens in seconds (short, to see them refreshed). @default 600 */
  readonly accessTokenTtl?: number;
  /** Users by login name; any other login is accepted with no roles. */
  readonly accounts?: Readonly<Record<string, TestAccount>>;
}

/** Options of {@link startOidcProvider}. */
export interface TestOidcProviderOptions {
  /** Claim this issuer instead of its own URL (an impostor of another provider). */
  issuer?: string;
  /** Key ids to use (e.g. another provider's, to sign with other keys under the same kids). */
  kids?: Partial<Record<ProviderAlgorithm, string>>;
  /** Also serve a browser login client, with the provider's development login and consent pages. */
  browserClient?: BrowserClientOptions;
  /** Also issue RS256 JWT access tokens for this resource (an MCP server's URI), with `aud` = the resource. */
  mcpResource?: string;
}

/** Starts a {@link TestOidcProvider} with fresh keys and a client secret generated for this run. */
export async function startOidcProvider(options: TestOidcProviderOptions = {}): Promise<TestOidcProvider> {
  const server: StubServer = await startStubServer();
  const issuer = options.issuer ?? server.url;
  const client = { client_id: 'agent-runner', client_secret: randomBytes(32).toString('base64url') };
  let keys = PROVIDER_ALGORITHMS.map((alg) => newSigningKey(alg, { kid: options.kids?.[alg] }));
  const browser = options.browserClient && {
    client_id: 'agent-chat',
    client_secret: randomBytes(32).toString('base64url'),
    ...options.browserClient,
  };
  const serve = async () => server.handle((await providerFor(issuer, client, keys, browser, options.mcpResource)).callback());
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
    browserClient: browser && { clientId: browser.client_id, clientSecret: browser.client_secret },
    client: { clientId: client.client_id, clientSecret: client.client_secret },
    close: () => server.close(),
  };
}

let providerModule: Promise<typeof import('oidc-provider')> | undefined;

type BrowserClient = BrowserClientOptions & { client_id: string; client_secret: string };

async function providerFor(
  issuer: string,
  client: object,
  keys: readonly SigningKey[],
  browser: BrowserClient | undefined,
  mcpResource: string | undefined,
): Promise<Provider> {
  const { default: Provider, errors } = await loadQuietly();
  const clients: object[] = [{ ...client, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] }];
  if (browser) {
    clients.push({
      client_id: browser.client_id,
      client_secret: browser.client_secret,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [...browser.redirectUris],
      post_logout_redirect_uris: [...(browser.postLogoutRedirectUris ?? [])],
    });
  }
  // Its "devInteractions is enabled" warning is expected: the development login page is what the tests log in through.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return newProvider(Provider, errors, issuer, clients, keys, browser, mcpResource);
  } finally {
    console.warn = warn;
  }
}

function newProvider(
  Provider: (typeof import('oidc-provider'))['default'],
  errors: (typeof import('oidc-provider'))['errors'],
  issuer: string,
  clients: object[],
  keys: readonly SigningKey[],
  browser: BrowserClient | undefined,
  mcpResource: string | undefined,
): Provider {
  return new Provider(issuer, {
    adapter: MemoryAdapter,
    clients,
    jwks: { keys: keys.map((key) => key.privateJwk) },
    ttl: {
      ClientCredentials: 600,
      AccessToken: browser?.accessTokenTtl ?? 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 3600,
      IdToken: 600,
      Interaction: 600,
    },
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], roles: ['roles', 'tenant_id'] },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'roles'],
    findAccount: (_context: unknown, id: string) => ({
      accountId: id,
      claims: () => ({
        sub: id,
        name: `User ${id}`,
        email: `${id}@example.test`,
        roles: [...(browser?.accounts?.[id]?.roles ?? [])],
        tenant_id: browser?.accounts?.[id]?.tenantId,
      }),
    }),
    issueRefreshToken: (_context: unknown, issuedTo: { grantTypeAllowed(type: string): boolean }) => issuedTo.grantTypeAllowed('refresh_token'),
    // The login page accepts any login; consent is asked once per login (there is no grant to find).
    features: {
      devInteractions: { enabled: browser !== undefined },
      revocation: { enabled: true, allowedPolicy: () => true },
      rpInitiatedLogout: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_context: unknown, requester: { clientId: string }) =>
          requester.clientId === browser?.client_id ? undefined : `${RESOURCE_BASE}RS256`,
        useGrantedResource: () => true,
        getResourceServerInfo: (_context: unknown, resource: string) => {
          if (resource === mcpResource)
            return { scope: PROVIDER_SCOPES, audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } };
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

/** The provider's storage, in memory (its own default warns at every start): sessions by uid, codes consumed, grants revoked. */
class MemoryAdapter {
  private static readonly store = new Map<string, Record<string, unknown>>();

  constructor(private readonly model: string) {}

  async upsert(id: string, payload: Record<string, unknown>): Promise<void> {
    MemoryAdapter.store.set(`${this.model}:${id}`, payload);
  }

  async find(id: string): Promise<unknown> {
    return MemoryAdapter.store.get(`${this.model}:${id}`);
  }

  async destroy(id: string): Promise<void> {
    MemoryAdapter.store.delete(`${this.model}:${id}`);
  }

  async findByUid(uid: string): Promise<unknown> {
    return [...MemoryAdapter.store].find(([key, payload]) => key.startsWith(`${this.model}:`) && payload.uid === uid)?.[1];
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = MemoryAdapter.store.get(`${this.model}:${id}`);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, payload] of MemoryAdapter.store) if (payload.grantId === grantId) MemoryAdapter.store.delete(key);
  }
}
