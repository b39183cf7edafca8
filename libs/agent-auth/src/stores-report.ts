import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from './agent-auth.constants.js';
import { ACTIVE_FAILURE_STORE } from './brute-force/active-failure-store.provider.js';
import type { FailureStore } from './brute-force/failure-store.interface.js';
import type { AgentAuthModuleOptions } from './options/agent-auth-module.options.js';
import { InMemoryFailureStore } from './brute-force/in-memory-failure.store.js';
import { InMemoryRevocationStore } from './revocation/in-memory-revocation.store.js';
import { RevocationCheck } from './revocation/revocation-check.js';
import { InMemoryTicketStore } from './streaming/in-memory-ticket.store.js';
import { TicketStore } from './streaming/ticket-store.interface.js';

/**
 * Logs at startup which store keeps each piece of shared state (brute-force failures, stream tickets, revocations),
 * when one of them is not the in-memory default: a deployment of several instances shows what it shares.
 */
@Injectable()
export class StoresReport implements OnModuleInit {
  private readonly logger = new Logger('AgentAuthModule');

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    @Inject(ACTIVE_FAILURE_STORE) private readonly failures: FailureStore,
    @Inject(TicketStore) private readonly tickets: TicketStore,
    private readonly revocations: RevocationCheck,
  ) {}

  /** One line: `Stores: revocations RedisRevocationStore, tickets RedisTicketStore, failures InMemoryFailureStore`. */
  onModuleInit(): void {
    const defaults = [
      this.failures instanceof InMemoryFailureStore,
      this.tickets instanceof InMemoryTicketStore,
      this.revocations.store instanceof InMemoryRevocationStore,
    ];
    if (defaults.every(Boolean)) return;
    const name = (store: object) => store.constructor.name;
    const failures = this.options.bruteForce === undefined ? 'off' : name(this.failures);
    this.logger.log(`Stores: revocations ${name(this.revocations.store)}, tickets ${name(this.tickets)}, failures ${failures}`);
  }
}
