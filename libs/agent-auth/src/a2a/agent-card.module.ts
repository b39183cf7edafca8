import { Module, type DynamicModule } from '@nestjs/common';
import { AgentCardController, extendedAgentCardController } from './agent-card.controller.js';
import { AGENT_CARD_OPTIONS, type AgentCardModuleOptions } from './agent-card.options.js';
import { AgentCards } from './agent-cards.service.js';
import { extendedCardPath } from './extended-card-path.js';
import { cardProblems } from './card-problems.js';

/**
 * Publishes the app's A2A agent card at `/.well-known/agent-card.json`, its security generated from
 * `AgentAuthModule`'s options, and the extended card for authenticated callers. Needs `AgentAuthModule` (global).
 * @example AgentCardModule.register({ card: { name: 'Support agent', … }, extendedSkills: [refunds] })
 */
@Module({})
export class AgentCardModule {
  /** @throws Error naming every problem of the card (no interface, a URL that is not absolute, a skill without id). */
  static register(options: AgentCardModuleOptions): DynamicModule {
    const problems = cardProblems(options);
    if (problems.length > 0) throw new Error(`AgentCardModule: invalid agent card:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    const path = extendedCardPath(options);
    return {
      module: AgentCardModule,
      providers: [{ provide: AGENT_CARD_OPTIONS, useValue: options }, AgentCards],
      controllers: [AgentCardController, ...(path === undefined ? [] : [extendedAgentCardController(path)])],
      exports: [AgentCards],
    };
  }
}
