import type { Provider } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { selectStore } from '../util/select-store.js';
import { InMemoryRevocationStore } from './in-memory-revocation.store.js';
import { RevocationCheck } from './revocation-check.js';
import { RevocationStore } from './revocation-store.interface.js';

/**
 * Provides the {@link RevocationCheck} over the store revocations are kept in: `revocation.store`, else a provider of
 * the {@link RevocationStore} token the module can see, else the in-memory default.
 */
export const REVOCATION_CHECK_PROVIDER: Provider = {
  provide: RevocationCheck,
  useFactory: (options: AgentAuthModuleOptions, provided?: RevocationStore) =>
    new RevocationCheck(selectStore('revocation.store', 'RevocationStore', options.revocation?.store, provided, () => new InMemoryRevocationStore())),
  inject: [AGENT_AUTH_OPTIONS, { token: RevocationStore, optional: true }],
};
