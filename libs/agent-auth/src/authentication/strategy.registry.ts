import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { BUILT_IN_STRATEGIES } from '../options/validate-options.js';
import { RevocationCheck } from '../revocation/revocation-check.js';
import { ApiKeyStrategy } from '../strategies/api-key/api-key.strategy.js';
import { ApiKeyStore } from '../strategies/api-key/api-key.store.js';
import { ALLOWLIST_STRATEGY, AllowlistStrategy } from '../strategies/allowlist/allowlist.strategy.js';
import { JwtStrategy } from '../strategies/jwt/jwt.strategy.js';
import { BrowserSessions } from '../sessions/browser-sessions.service.js';
import { SessionStrategy } from '../strategies/session/session.strategy.js';
import { CONSOLE_STRATEGY, ConsoleStrategy } from '../strategies/console/console.strategy.js';
import { TicketStrategy } from '../strategies/ticket/ticket.strategy.js';
import { TICKET_STRATEGY } from '../streaming/stream-ticket.constants.js';
import { StreamTicketService } from '../streaming/stream-ticket.service.js';
import type { AuthStrategy } from './auth-strategy.interface.js';
import { PassportStrategyAdapter } from './passport-strategy.adapter.js';

/**
 * Strategies only used where a route asks for them: with `@UseAuth()` (`allowlist`, `allowlist:<platform>`), stream
 * tickets on `@AllowQueryToken()` routes, and the console realm's on the routes of `console.routes`. They come from the options only, never from the Passport registry (which
 * another app in the process may have filled).
 */
function isOptIn(name: string): boolean {
  return name === ALLOWLIST_STRATEGY || name.startsWith(`${ALLOWLIST_STRATEGY}:`) || name === TICKET_STRATEGY || name === CONSOLE_STRATEGY;
}

/**
 * The strategies the composite guard can run, by name: the built-in ones configured in the options,
 * and any other Passport strategy registered under the name a route asks for.
 */
@Injectable()
export class StrategyRegistry implements OnModuleInit {
  private readonly strategies = new Map<string, AuthStrategy>();
  /** The order tried on routes without `@UseAuth()`. */
  readonly defaultOrder: readonly string[];
  private readonly enabled: boolean;

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
    @Optional() @Inject(ApiKeyStore) apiKeyStore?: ApiKeyStore,
    @Optional() tickets?: StreamTicketService,
    @Optional() revocations?: RevocationCheck,
    @Optional() @Inject(BrowserSessions) sessions?: BrowserSessions,
  ) {
    if (options.jwt) this.add(new JwtStrategy(options.jwt, revocations));
    if (options.apiKey) this.add(new ApiKeyStrategy(options.apiKey, apiKeyStore, revocations));
    if (options.allowlist) AllowlistStrategy.fromOptions(options.allowlist).forEach((strategy) => this.add(strategy));
    if (sessions) this.add(new SessionStrategy(sessions));
    if (options.console) this.add(new ConsoleStrategy(options.console, sessions));
    if (tickets) this.add(new TicketStrategy(tickets));
    this.defaultOrder = options.strategies ?? [...this.strategies.keys()].filter((name) => !isOptIn(name));
    this.enabled = options.enabled !== false;
  }

  /**
   * Runs the strategies' startup work (e.g. OpenID Connect discovery); a failure stops the app from booting.
   * Skipped with `enabled: false`: nothing will be verified, so an unreachable identity provider must not stop it.
   */
  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await Promise.all([...this.strategies.values()].map((strategy) => strategy.prepare?.()));
  }

  /** The strategies configured in the options (and Passport strategies resolved so far). */
  configured(): AuthStrategy[] {
    return [...this.strategies.values()];
  }

  /** Adds (or replaces) a strategy. */
  add(strategy: AuthStrategy): void {
    this.strategies.set(strategy.name, strategy);
  }

  /**
   * The strategy of that name. A built-in name (`jwt`, `api-key`, …) only resolves when configured in the options,
   * never to a Passport strategy another module instance registered under it.
   * @throws Error when it is neither configured nor registered with Passport: a route that names it must not boot.
   */
  get(name: string): AuthStrategy {
    const known = this.strategies.get(name);
    if (known !== undefined) return known;
    if (Object.hasOwn(BUILT_IN_STRATEGIES, name)) {
      throw new Error(`AgentAuthModule: a route uses the "${name}" strategy but ${BUILT_IN_STRATEGIES[name]} is not configured`);
    }
    const registered = isOptIn(name) ? undefined : PassportStrategyAdapter.fromRegistry(name);
    if (registered === undefined) {
      const hint = isOptIn(name)
        ? `configure the allowlist option${name === ALLOWLIST_STRATEGY ? '' : ' for that platform'}`
        : 'configure it in the options or register a Passport strategy of that name';
      throw new Error(`AgentAuthModule: no strategy named "${name}" (${hint})`);
    }
    this.add(registered);
    return registered;
  }
}
