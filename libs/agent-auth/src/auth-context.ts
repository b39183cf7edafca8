import type { IncomingHttpHeaders } from 'node:http';

/** Which strategy authenticated a request: a built-in one or the name of any Passport strategy. */
export type AuthMethod = 'jwt' | 'api-key' | 'allowlist' | 'session' | (string & {});

/** Who made a request and what they may do; set on `req.auth` by the guard. */
export interface AuthContext {
  /** jwt: `sub` → `user_id` → `id`; api key: its id or `apikey_<12 hex>`; allowlist: `<platform>:<user id>`; session: the provider's `sub`. */
  readonly userId: string;
  /** The strategy that authenticated the request. */
  readonly method: AuthMethod;
  /** Roles granted to the principal. */
  readonly roles: readonly string[];
  /** OAuth scopes granted to the principal. */
  readonly scopes: readonly string[];
  /**
   * Permissions granted to the principal (`agents:*:run`): a JWT's `permissions` claim, an API key's `permissions`;
   * none when absent. The module's `rolePermissions` add to them where routes check permissions.
   */
  readonly permissions?: readonly string[];
  /** The tenant or organization the principal acts for, when known. */
  readonly tenantId?: string;
  /** JWT claims, API key metadata or platform data; never the raw credential. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The parts of an HTTP request (Express or Fastify) the library reads and writes. */
export interface AuthRequest {
  readonly headers: IncomingHttpHeaders;
  readonly method?: string;
  readonly query?: unknown;
  /** The request target as received (Node, Fastify, WebSocket handshake); Express keeps it in `originalUrl`. */
  readonly url?: string;
  /** Express: the request target before any router rewrote `url`. */
  readonly originalUrl?: string;
  /** Node's header lines as received, names and values alternating (Express; Fastify keeps them on `raw`). */
  readonly rawHeaders?: readonly string[];
  /** The Node request under a Fastify request. */
  readonly raw?: { readonly rawHeaders?: readonly string[] };
  /** The client's address as the platform reports it (Express `trust proxy` / Fastify `trustProxy` applied). */
  readonly ip?: string;
  /** The connection, for the peer address when the platform reports no `ip`. */
  readonly socket?: { readonly remoteAddress?: string };
  /** Set by the guard once a strategy has authenticated the request. */
  auth?: AuthContext;
  /** What `mapUser` made of {@link auth} (or `auth` itself without `mapUser`). */
  user?: unknown;
}
