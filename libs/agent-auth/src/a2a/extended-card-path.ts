import type { AgentCardModuleOptions } from './agent-card.options.js';

/** The route of the extended card: `extendedCardPath`, else the first HTTP+JSON interface's path + `/extendedAgentCard`. */
export function extendedCardPath(options: AgentCardModuleOptions): string | undefined {
  if (options.extendedCardPath !== undefined) return options.extendedCardPath;
  const rest = options.card.supportedInterfaces.find((candidate) => candidate.protocolBinding === 'HTTP+JSON');
  return rest === undefined ? undefined : `${new URL(rest.url).pathname.replace(/\/+$/, '')}/extendedAgentCard`;
}
