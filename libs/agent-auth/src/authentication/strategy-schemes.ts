import type { SecurityRequirementObject, SecuritySchemeObject } from '@nestjs/swagger';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { JwtOptions } from '../options/jwt.options.js';
import { discoveryUrl } from '../strategies/jwt/oidc-discovery.js';
import { STREAM_TICKET_PARAM, TICKET_STRATEGY } from '../streaming/stream-ticket.constants.js';

/** Scheme names of the built-in strategies in `components.securitySchemes`. */
export const SECURITY_SCHEMES = { bearer: 'bearer', apiKey: 'apiKey', openIdConnect: 'openIdConnect', streamTicket: 'streamTicket' } as const;

/** One scheme a strategy's credential can be described by, and whether a route's scopes are listed in its requirement. */
interface SchemeUse {
  readonly name: string;
  readonly scheme: SecuritySchemeObject;
  readonly scoped: boolean;
}

/** Strategies whose schemes are registered because the options configure them, whether or not a route accepts them. */
const CONFIGURED: ReadonlySet<string> = new Set(['jwt', 'api-key']);

/** Characters OpenAPI allows in a component name. */
const COMPONENT_NAME = /[^A-Za-z0-9._-]/g;

/**
 * The security schemes of the configured strategies and, for each strategy, the schemes a caller may satisfy it with:
 * `jwt` by `bearer` (and `openIdConnect` for an issuer found by discovery), `api-key` by `apiKey`, stream tickets by
 * `streamTicket`, any other strategy by the scheme given for it in `described` (registered under its name, with the
 * characters OpenAPI forbids in a component name replaced by `_`: `allowlist_telegram`).
 */
export class StrategySchemes {
  private readonly uses = new Map<string, SchemeUse[]>();

  constructor(options: AgentAuthModuleOptions, described: Readonly<Record<string, SecuritySchemeObject>>) {
    if (options.jwt) this.addJwt(Array.isArray(options.jwt) ? options.jwt : [options.jwt]);
    if (options.apiKey) {
      const header = options.apiKey.header ?? 'x-api-key';
      const scheme = options.apiKey.scheme ?? 'ApiKey';
      const bearer = options.apiKey.acceptBearer ? ', or as `Authorization: Bearer <key>`' : '';
      this.add('api-key', SECURITY_SCHEMES.apiKey, false, {
        type: 'apiKey',
        in: 'header',
        name: header,
        description: `An API key in the \`${header}\` header; also accepted as \`Authorization: ${scheme} <key>\`${bearer}.`,
      });
    }
    this.add(TICKET_STRATEGY, SECURITY_SCHEMES.streamTicket, false, {
      type: 'apiKey',
      in: 'query',
      name: STREAM_TICKET_PARAM,
      description: 'A single-use stream ticket (`StreamTicketService.issue`), for clients that cannot send headers.',
    });
    for (const [strategy, scheme] of Object.entries(described)) {
      this.add(strategy, strategy.replace(COMPONENT_NAME, '_'), scheme.type === 'oauth2' || scheme.type === 'openIdConnect', scheme);
    }
  }

  /** The requirements that satisfy a strategy, each with the route's scopes where its scheme carries them; empty when it has no scheme. */
  requirements(strategy: string, scopes: readonly string[]): SecurityRequirementObject[] {
    return (this.uses.get(strategy) ?? []).map((use) => ({ [use.name]: use.scoped ? [...scopes] : [] }));
  }

  /**
   * The schemes for `components.securitySchemes`, by name: those of the strategies the options configure (`jwt`,
   * `api-key`) and those of the other strategies some route accepts.
   */
  registered(routeStrategies: ReadonlySet<string>): Record<string, SecuritySchemeObject> {
    const uses = [...this.uses].filter(([strategy]) => CONFIGURED.has(strategy) || routeStrategies.has(strategy)).flatMap(([, list]) => list);
    return Object.fromEntries(uses.map((use) => [use.name, use.scheme]));
  }

  private addJwt(entries: readonly JwtOptions[]): void {
    this.add('jwt', SECURITY_SCHEMES.bearer, true, {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'A JWT in `Authorization: Bearer <token>`.',
    });
    const issuers = entries.flatMap((entry) => (entry.discovery === true && typeof entry.issuer === 'string' ? [entry.issuer] : []));
    issuers.forEach((issuer, index) => {
      const name = issuers.length === 1 ? SECURITY_SCHEMES.openIdConnect : `${SECURITY_SCHEMES.openIdConnect}.${index + 1}`;
      this.add('jwt', name, true, { type: 'openIdConnect', openIdConnectUrl: discoveryUrl(issuer), description: `Access tokens of ${issuer}.` });
    });
  }

  private add(strategy: string, name: string, scoped: boolean, scheme: SecuritySchemeObject): void {
    this.uses.set(strategy, [...(this.uses.get(strategy) ?? []), { name, scheme, scoped }]);
  }
}
