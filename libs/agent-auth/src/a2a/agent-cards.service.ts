import { Inject, Injectable } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { AgentCard } from './agent-card.js';
import { agentCardSecurity } from './agent-card-security.js';
import { AGENT_CARD_OPTIONS, type AgentCardModuleOptions } from './agent-card.options.js';
import { extendedCardPath } from './extended-card-path.js';

/** The agent's cards, built once at startup: the public one, and the extended one for authenticated callers. */
@Injectable()
export class AgentCards {
  /** Served at `/.well-known/agent-card.json` to anyone. */
  readonly public: AgentCard;
  /** The public card with the extended skills: for authenticated callers only (the HTTP+JSON route, or a JSON-RPC `GetExtendedAgentCard`). */
  readonly extended: AgentCard;

  constructor(@Inject(AGENT_AUTH_OPTIONS) auth: AgentAuthModuleOptions, @Inject(AGENT_CARD_OPTIONS) options: AgentCardModuleOptions) {
    const { card } = options;
    const extendedAgentCard = card.capabilities?.extendedAgentCard ?? extendedCardPath(options) !== undefined;
    this.public = Object.freeze({ ...card, capabilities: { ...card.capabilities, extendedAgentCard }, ...agentCardSecurity(auth) });
    this.extended = Object.freeze({ ...this.public, skills: [...card.skills, ...(options.extendedSkills ?? [])] });
  }
}
