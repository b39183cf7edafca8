import { Inject, Injectable } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { JwtAuthenticator } from '../strategies/jwt/jwt.authenticator.js';
import type { AuthStrategy } from './auth-strategy.interface.js';
import { PassportStrategyAdapter } from './passport-strategy.adapter.js';

/** Strategies only used where a route asks for them with `@UseAuth()`. */
const OPT_IN_STRATEGIES = new Set(['allowlist']);

/**
 * The strategies the composite guard can run, by name: the built-in ones configured in the options,
 * and any other Passport strategy registered under the name a route asks for.
 */
@Injectable()
export class StrategyRegistry {
  private readonly strategies = new Map<string, AuthStrategy>();
  /** The order tried on routes without `@UseAuth()`. */
  readonly defaultOrder: readonly string[];

  constructor(@Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions) {
    if (options.jwt) this.add(new JwtAuthenticator(options.jwt));
    this.defaultOrder = options.strategies ?? [...this.strategies.keys()].filter((name) => !OPT_IN_STRATEGIES.has(name));
  }

  /** Adds (or replaces) a strategy. */
  add(strategy: AuthStrategy): void {
    this.strategies.set(strategy.name, strategy);
  }

  /**
   * The strategy of that name.
   * @throws Error when it is neither configured nor registered with Passport: a route that names it must not boot.
   */
  get(name: string): AuthStrategy {
    const known = this.strategies.get(name);
    if (known !== undefined) return known;
    const registered = PassportStrategyAdapter.fromRegistry(name);
    if (registered === undefined) {
      throw new Error(`AgentAuthModule: no strategy named "${name}" (configure it in the options or register a Passport strategy of that name)`);
    }
    this.add(registered);
    return registered;
  }
}
