import { Logger, type INestApplicationContext } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, PathItemObject, SchemaObject, SecuritySchemeObject } from '@nestjs/swagger';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import { authErrorResponses } from './auth-error-responses.js';
import { AUTH_ERROR_SCHEMA, authErrorSchema } from './auth-error-schema.js';
import { openApiOperationKey, OPERATION_METHODS } from './openapi-route.js';
import { operationSecurity } from './operation-security.js';
import { StrategySchemes } from '../authentication/strategy-schemes.js';

/** Options of {@link applyAgentAuthSecurity}. */
export interface AgentAuthSecurityOptions {
  /**
   * Schemes for strategies the library cannot describe itself (a custom Passport strategy, `allowlist:<platform>`), by
   * strategy name; each is registered under that name with the characters OpenAPI forbids replaced by `_`.
   * @example { 'allowlist:telegram': { type: 'apiKey', in: 'header', name: 'X-Telegram-Bot-Api-Secret-Token' } }
   */
  strategySchemes?: Readonly<Record<string, SecuritySchemeObject>>;
  /** The refusal body's schema, to give when the module's `errorBody` reshapes it. @default the `AuthErrorBody` shape */
  errorSchema?: SchemaObject;
}

/**
 * The document with the security of AgentAuthModule written in (the given document is left as it was):
 * `components.securitySchemes` from the module's options (`bearer` JWT, `apiKey` in the configured header,
 * `openIdConnect` for an issuer found by discovery, `streamTicket` where a route accepts tickets), and on each
 * operation the security its route's policy enforces (see `operationSecurity`), replacing what decorators such as
 * `@ApiBearerAuth()` put there, plus the 401/403/404 refusals it can answer with (existing responses of the same
 * status are kept), whose body is `components.schemas.AuthError`. Operations are matched to the declared routes by
 * method and path (global prefix and URI versions included, or the global prefix left out with `ignoreGlobalPrefix`).
 * It describes the policy as declared, also with `enabled: false`.
 * Left as they are, with a warning: operations that match no declared route (added to the document by hand), routes
 * whose handlers' policies differ (header or media-type versioning), routes with a strategy that has no scheme and
 * private routes with no strategy at all (they refuse every request).
 * @example const document = applyAgentAuthSecurity(app, SwaggerModule.createDocument(app, config));
 * @throws Error when the application has not been initialized (`await app.init()`): route policies are resolved then.
 */
export function applyAgentAuthSecurity(app: INestApplicationContext, document: OpenAPIObject, options: AgentAuthSecurityOptions = {}): OpenAPIObject {
  const moduleOptions = app.get<AgentAuthModuleOptions>(AGENT_AUTH_OPTIONS, { strict: false });
  const policies = app.get(RoutePolicyRegistry, { strict: false }).httpPolicies();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    OPERATION_METHODS.filter((method) => item[method] !== undefined).map((method) => ({ path, method })),
  );
  if (policies.length === 0 && operations.length > 0) {
    throw new Error('applyAgentAuthSecurity: the route policies are not resolved yet: call it after `await app.init()`');
  }
  const schemes = new StrategySchemes(moduleOptions, options.strategySchemes ?? {});
  const ownershipRefusal = moduleOptions.ownershipRefusal ?? 404;
  const findPolicies = policyFinder(policies, app.get(ApplicationConfig, { strict: false }).getGlobalPrefix());
  const problems: string[] = [];
  const paths: Record<string, PathItemObject> = { ...document.paths };
  for (const { path, method } of operations) {
    const operation = paths[path][method] as OperationObject;
    const route = `${method.toUpperCase()} ${path}`;
    const found = findPolicies(method, path);
    if (found.length === 0) {
      problems.push(`${route} matches no route AgentAuthModule declared`);
      continue;
    }
    const written = found.map((policy) => securedOperation(operation, policy, schemes, ownershipRefusal));
    if (new Set(written.map((candidate) => JSON.stringify(candidate.operation))).size > 1) {
      problems.push(`${route} is served by handlers with different policies (${found.map((policy) => policy.handler).join(', ')})`);
      continue;
    }
    const [{ operation: secured, unwritten }] = written;
    if (unwritten !== undefined) problems.push(`${route} ${unwritten}: its security is left as it was`);
    paths[path] = { ...paths[path], [method]: secured };
  }
  if (problems.length > 0) {
    new Logger('AgentAuthModule').warn(
      `applyAgentAuthSecurity could not describe every operation:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  const routeStrategies = new Set(policies.filter((policy) => policy.access !== 'public').flatMap((policy) => policy.strategies));
  return {
    ...document,
    paths,
    components: {
      ...document.components,
      securitySchemes: { ...document.components?.securitySchemes, ...schemes.registered(routeStrategies) },
      schemas: { ...document.components?.schemas, [AUTH_ERROR_SCHEMA]: options.errorSchema ?? authErrorSchema() },
    },
  };
}

/** The operation with the security of the policy (unless it cannot be written: why not, then) and its refusals. */
function securedOperation(
  operation: OperationObject,
  policy: RoutePolicy,
  schemes: StrategySchemes,
  ownershipRefusal: 403 | 404,
): { operation: OperationObject; unwritten?: string } {
  const security = operationSecurity(policy, schemes);
  const responses = { ...authErrorResponses(policy, ownershipRefusal), ...operation.responses };
  return security.described
    ? { operation: { ...operation, security: security.security, responses } }
    : { operation: { ...operation, responses }, unwritten: security.reason };
}

/**
 * Finds the policies of the handlers serving an operation: by its method and path as the document writes them
 * (`get /api/agents/{id}`), an `@All()` route's for any method, then with the global prefix put back in front.
 */
function policyFinder(policies: readonly RoutePolicy[], globalPrefix: string): (method: string, path: string) => RoutePolicy[] {
  const byKey = new Map<string, RoutePolicy[]>();
  for (const policy of policies)
    for (const key of new Set(policy.routes.map(openApiOperationKey))) byKey.set(key, [...(byKey.get(key) ?? []), policy]);
  const prefix = globalPrefix.replace(/^\/+|\/+$/g, '');
  const at = (method: string, path: string) => byKey.get(`${method} ${path}`) ?? byKey.get(`all ${path}`);
  return (method, path) => at(method, path) ?? (prefix === '' ? undefined : at(method, `/${prefix}${path === '/' ? '' : path}`)) ?? [];
}
