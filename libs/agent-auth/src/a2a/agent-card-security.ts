import type { SecuritySchemeObject } from '@nestjs/swagger';
import { StrategySchemes } from '../authentication/strategy-schemes.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { AgentCard, AgentCardSecurityRequirement, AgentCardSecurityScheme } from './agent-card.js';

/** The strategies a card describes: the ones a caller configures credentials for (a stream ticket is issued, not held). */
const CARD_STRATEGIES = ['jwt', 'api-key'] as const;

/**
 * The card's security fields from the module's options, as the OpenAPI document describes them: a JWT as an HTTP
 * bearer scheme (and, for an issuer found by OpenID Connect discovery, as `openIdConnect` with its discovery URL), an
 * API key as `apiKey` in its configured header. Each scheme is an alternative of its own.
 */
export function agentCardSecurity(options: AgentAuthModuleOptions): Pick<AgentCard, 'securitySchemes' | 'securityRequirements'> {
  const schemes = new StrategySchemes(options, {});
  const securitySchemes = Object.fromEntries(
    Object.entries(schemes.registered(new Set())).flatMap(([name, scheme]) => {
      const described = cardScheme(scheme);
      return described === undefined ? [] : [[name, described]];
    }),
  );
  const securityRequirements: AgentCardSecurityRequirement[] = CARD_STRATEGIES.flatMap((strategy) => schemes.requirements(strategy, [])).map(
    (requirement) => ({ schemes: Object.fromEntries(Object.entries(requirement).map(([name, scopes]) => [name, { list: scopes }])) }),
  );
  return { securitySchemes, securityRequirements };
}

/** An OpenAPI security scheme as the card's one-member form; undefined for kinds the library never generates. */
function cardScheme(scheme: SecuritySchemeObject): AgentCardSecurityScheme | undefined {
  const description = scheme.description;
  switch (scheme.type) {
    case 'http':
      return {
        httpAuthSecurityScheme: {
          scheme: scheme.scheme === 'bearer' ? 'Bearer' : (scheme.scheme ?? ''),
          bearerFormat: scheme.bearerFormat,
          description,
        },
      };
    case 'apiKey':
      return { apiKeySecurityScheme: { location: scheme.in as 'header' | 'query' | 'cookie', name: scheme.name ?? '', description } };
    case 'openIdConnect':
      return { openIdConnectSecurityScheme: { openIdConnectUrl: scheme.openIdConnectUrl ?? '', description } };
    default:
      return undefined;
  }
}
