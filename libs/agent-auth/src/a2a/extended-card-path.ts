import type { AgentCardContent } from './agent-card.js';
import type { AgentCardModuleOptions } from './agent-card.options.js';

/** Where clients of a card's HTTP+JSON interface ask for the extended card. */
export interface RestExtendedCard {
  /** The URL of the card's first `HTTP+JSON` interface. */
  readonly interfaceUrl: string;
  /** `<path of that URL>/extendedAgentCard`. */
  readonly path: string;
}

/** The route of the extended card: `extendedCardPath`, else where clients of the card's HTTP+JSON interface ask for it. */
export function extendedCardPath(options: AgentCardModuleOptions): string | undefined {
  return options.extendedCardPath ?? restExtendedCard(options.card)?.path;
}

/** Where clients of the card's first HTTP+JSON interface ask for the extended card; undefined without one. */
export function restExtendedCard(card: AgentCardContent): RestExtendedCard | undefined {
  const rest = card.supportedInterfaces.find((candidate) => candidate.protocolBinding === 'HTTP+JSON');
  return rest === undefined ? undefined : { interfaceUrl: rest.url, path: `${new URL(rest.url).pathname.replace(/\/+$/, '')}/extendedAgentCard` };
}
