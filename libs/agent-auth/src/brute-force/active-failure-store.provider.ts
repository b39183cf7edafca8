import type { Provider } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { FailureStore } from './failure-store.interface.js';
import { selectStore } from '../util/select-store.js';
import { InMemoryFailureStore } from './in-memory-failure.store.js';

/** Injection token of the store brute-force throttling counts in (see {@link selectFailureStore}); internal. */
export const ACTIVE_FAILURE_STORE = Symbol('ACTIVE_FAILURE_STORE');

/**
 * The store brute-force throttling uses: `bruteForce.store`, else a provider of the {@link FailureStore} token that
 * the module can see (the `imports` of `forRootAsync`, or a global module), else the in-memory default. Throttling
 * itself is on only with `bruteForce` set.
 * @throws Error naming the option when `bruteForce.store` and a provider are both given.
 */
export function selectFailureStore(options: AgentAuthModuleOptions, provided?: FailureStore): FailureStore {
  return selectStore('bruteForce.store', 'FailureStore', options.bruteForce?.store, provided, () => new InMemoryFailureStore());
}

/** Provides {@link ACTIVE_FAILURE_STORE}, with the app's {@link FailureStore} provider when there is one. */
export const ACTIVE_FAILURE_STORE_PROVIDER: Provider = {
  provide: ACTIVE_FAILURE_STORE,
  useFactory: selectFailureStore,
  inject: [AGENT_AUTH_OPTIONS, { token: FailureStore, optional: true }],
};
