import { Inject, Injectable, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory.js';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { WellKnownRoutes } from '../well-known/well-known.routes.js';
import type { AgentCard } from './agent-card.js';
import { agentCardSecurity } from './agent-card-security.js';
import { AGENT_CARD_OPTIONS, type AgentCardModuleOptions } from './agent-card.options.js';
import { extendedCardPath, restExtendedCard } from './extended-card-path.js';

/** Where the public card is served: the root of the host (RFC 8615, A2A §8.2), whatever the app's global prefix. */
const WELL_KNOWN_CARD_PATH = '/.well-known/agent-card.json';

/**
 * The agent's cards, built once at startup: the public one, served at `/.well-known/agent-card.json` to anyone
 * (cacheable for five minutes), and the extended one for authenticated callers.
 */
@Injectable()
export class AgentCards implements OnModuleInit {
  /** Served at `/.well-known/agent-card.json` to anyone. */
  readonly public: AgentCard;
  /** The public card with the extended skills: for authenticated callers only (the HTTP+JSON route, or a JSON-RPC `GetExtendedAgentCard`). */
  readonly extended: AgentCard;

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) auth: AgentAuthModuleOptions,
    @Inject(AGENT_CARD_OPTIONS) private readonly options: AgentCardModuleOptions,
    @Inject(WellKnownRoutes) wellKnown: WellKnownRoutes,
    private readonly config: ApplicationConfig,
  ) {
    const { card } = options;
    const extendedAgentCard = card.capabilities?.extendedAgentCard ?? extendedCardPath(options) !== undefined;
    this.public = Object.freeze({ ...card, capabilities: { ...card.capabilities, extendedAgentCard }, ...agentCardSecurity(auth) });
    this.extended = Object.freeze({ ...this.public, skills: [...card.skills, ...(options.extendedSkills ?? [])] });
    wellKnown.add({ path: WELL_KNOWN_CARD_PATH, body: this.public, maxAgeSeconds: 300 });
  }

  /**
   * Checks that the extended card route, once the app's global prefix is applied, is where clients of the card's
   * HTTP+JSON interface ask for it.
   * @throws Error naming the path served, the path asked and the `extendedCardPath` that fixes it.
   */
  onModuleInit(): void {
    const path = extendedCardPath(this.options);
    const rest = restExtendedCard(this.options.card);
    if (path === undefined || rest === undefined) return;
    const asked = rest.path;
    const prefix = this.config.getGlobalPrefix().replace(/^\/+|\/+$/g, '');
    const [served] = new RoutePathFactory(this.config).create({ methodPath: path, globalPrefix: prefix && `/${prefix}` }, RequestMethod.GET);
    if (served === asked) return;
    const fix =
      prefix !== '' && asked.startsWith(`/${prefix}/`)
        ? `set extendedCardPath: "${asked.slice(prefix.length + 1)}"`
        : `set extendedCardPath: "${asked}"${prefix === '' ? '' : ` and exclude it from the global prefix`}`;
    throw new Error(
      `AgentCardModule: the extended card would be served at ${served}${prefix === '' ? '' : ` (after the global prefix "${prefix}")`}, but clients of ${rest.interfaceUrl} ask ${asked}: ${fix}`,
    );
  }
}
