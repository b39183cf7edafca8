import { Module, type DynamicModule } from '@nestjs/common';
import { extendedAgentCardController } from './extended-agent-card.controller.js';
import { AGENT_CARD_OPTIONS, type AgentCardModuleOptions } from './agent-card.options.js';
import { AgentCards } from './agent-cards.service.js';
import { extendedCardPath } from './extended-card-path.js';
import { cardProblems } from './card-problems.js';

/**
 * Publishes the app's A2A agent card at `/.well-known/agent-card.json` (the root of the host, whatever the global
 * prefix), its security generated from `AgentAuthModule`'s options, and the extended card for authenticated callers.
 * Needs `AgentAuthModule` (global).
 * @example AgentCardModule.register({ card: { name: 'Support agent', … }, extendedSkills: [refunds] })
 */
@Module({})
export class AgentCardModule {
  /**
   * @throws Error naming every problem of the card (no interface, a URL that is not absolute, a skill without id); at
   * startup, when the global prefix moves the extended card away from where the card's clients ask for it.
   */
  static register(options: AgentCardModuleOptions): DynamicModule {
    const problems = cardProblems(options);
    if (problems.length > 0) throw new Error(`AgentCardModule: invalid agent card:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    const path = extendedCardPath(options);
    return {
      module: AgentCardModule,
      providers: [{ provide: AGENT_CARD_OPTIONS, useValue: options }, AgentCards],
      controllers: path === undefined ? [] : [extendedAgentCardController(path)],
      exports: [AgentCards],
    };
  }
}
