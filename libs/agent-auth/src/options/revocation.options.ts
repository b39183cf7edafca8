import { IsOptional } from 'class-validator';
import type { RevocationStore } from '../revocation/revocation-store.interface.js';
import { IsRevocationStore } from './option-validators.js';

/**
 * Token revocation: every JWT and API key that verifies is checked against a {@link RevocationStore} (once per
 * verification; cached credentials are dropped at each revocation). Revoke through `RevocationService`, or let callers
 * revoke their own token at `POST /auth/revoke` (`revocationRoute: true`).
 */
export class RevocationOptions {
  /** Where revocations are kept. @default an in-memory store (one process); `nest-agent-auth/redis` shares it */
  @IsOptional()
  @IsRevocationStore()
  store?: RevocationStore;
}
