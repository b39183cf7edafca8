import type { KeyObject } from 'node:crypto';

/** What the JWT strategies are handed: the token its strategy read, and its pre-checked (unverified) parts. */
export interface BearerCredential {
  readonly token: string;
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Finds the key that verifies a token from its header (`kid`, `alg`), e.g. in a JWKS; rejects when there is none. */
export type JwtKeyResolver = (header: BearerCredential['header']) => Promise<KeyObject>;
