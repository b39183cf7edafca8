import type { AgentCardContent, AgentSkill } from './agent-card.js';

/** What `AgentCardModule.register()` serves. */
export interface AgentCardModuleOptions {
  /** The public card's content; the library adds `securitySchemes`, `securityRequirements` and `capabilities.extendedAgentCard`. */
  readonly card: AgentCardContent;
  /** Skills only authenticated callers see: the extended card is the public one with these added. */
  readonly extendedSkills?: readonly AgentSkill[];
  /**
   * Path of the extended card route (the HTTP+JSON binding's `GET …/extendedAgentCard`). @default the path of the
   * card's first `HTTP+JSON` interface followed by `/extendedAgentCard`; no route when it has none (a JSON-RPC server
   * answers `GetExtendedAgentCard` itself, with `AgentCards.extended`).
   */
  readonly extendedCardPath?: string;
}

/** Injection token of the {@link AgentCardModuleOptions}. */
export const AGENT_CARD_OPTIONS = Symbol('AGENT_CARD_OPTIONS');
