import { Inject, Injectable, Logger, RequestMethod, type ExecutionContext, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_PATH, PATH_METADATA, SSE_METADATA, VERSION_METADATA } from '@nestjs/common/constants.js';
import { ApplicationConfig, DiscoveryService, HttpAdapterHost, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory.js';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import { StrategyRegistry } from '../authentication/strategy.registry.js';
import { RouteAuthorization } from '../authorization/route-authorization.js';
import { ALLOW_QUERY_TOKEN_KEY } from '../decorators/allow-query-token.decorator.js';
import { BIND_IDENTITY_KEY } from '../decorators/bind-identity.decorator.js';
import { OWNED_RESOURCE_KEY } from '../decorators/owned-resource.decorator.js';
import { PERMISSIONS_KEY } from '../decorators/permissions.decorator.js';
import { TENANT_SCOPED_KEY } from '../decorators/tenant-scoped.decorator.js';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator.js';
import { OPTIONAL_AUTH_KEY } from '../decorators/optional-auth.decorator.js';
import { PROTECTED_RESOURCE_KEY } from '../decorators/protected-resource.decorator.js';
import { ROLES_KEY } from '../decorators/roles.decorator.js';
import { SCOPES_KEY } from '../decorators/scopes.decorator.js';
import { USE_AUTH_KEY } from '../decorators/use-auth.decorator.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import {
  coversRoutes,
  protectedResourceEntries,
  resourceRequirement,
  servedUnder,
  type ProtectedResourceEntry,
} from '../protected-resource/protected-resource-entry.js';
import { formatRouteTable, type RouteAuditEntry } from './route-audit.js';
import { TICKET_STRATEGY } from '../streaming/stream-ticket.constants.js';
import { CONSOLE_STRATEGY } from '../strategies/console/console.strategy.js';
import { matchesRoute, parseRoutePattern, splitRoutePath, type RoutePattern } from './route-pattern.js';
import { applyRules, NO_RULES, parseRule, requirementCovers, type ParsedRule, type RuleRequirements, type SegmentedRoute } from './route-rules.js';
import {
  resolveAccess,
  type IdentityBinding,
  type OwnershipRequirement,
  type PermissionRequirement,
  type RoleRequirement,
  type RouteAnnotations,
  type RoutePolicy,
  type TenantRequirement,
} from './route-policy.js';
import { routerCaseSensitivity } from './router-case-rule.js';

type Handler = (...args: unknown[]) => unknown;

/** Strategies a protected resource's routes do not try by default: API keys and stream tickets carry no audience. */
const NOT_FOR_RESOURCES = new Set(['api-key', TICKET_STRATEGY]);

/** A route as declared: method and full path (global prefix, version, module, controller and method paths). */
interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
}

/**
 * Every handler's {@link RoutePolicy}, resolved once at startup from its decorators and from the route
 * patterns and `rules` matched against its declared routes (never against a request URL, so path tricks cannot change it), with
 * the router's case rule: literal segments match in the same case on a case-sensitive router (Fastify's default),
 * in any case on another (Express's default). On an app without a known HTTP router, `publicRoutes` match
 * case-sensitively and `protectedRoutes` and `rules` in any case: each pattern then covers the fewest routes it could
 * make public and the most it adds requirements to.
 * Handlers not served over HTTP (gateways) are resolved from their decorators on first use.
 * At startup it also audits the result: `logRoutes` logs it as a table; a pattern or rule that matches no route and a
 * `@Public()` handler that has a requirement or a rule are warnings, or boot errors with `strict`; what keeps
 * authorization from being enforced (an undeclared param, a missing resolver or predicate) is always a boot error.
 */
@Injectable()
export class RoutePolicyRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger('AgentAuthModule');
  private readonly policies = new Map<Type, Map<Handler, RoutePolicy>>();
  private readonly audit: RouteAuditEntry[] = [];
  private readonly controllerPolicies: RoutePolicy[] = [];
  private readonly publicPatterns: readonly RoutePattern[];
  private readonly protectedPatterns: readonly RoutePattern[];
  /** The routes of the console realm (`console.routes`): they run its strategy only. */
  private readonly consolePatterns: readonly RoutePattern[];
  private readonly rules: readonly ParsedRule[];
  private readonly resources: readonly ProtectedResourceEntry[];
  /** The router's case rule for each option, read at startup (see the class comment); `rules` follow `protected`. */
  private caseSensitive = { public: true, protected: false };

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) private readonly options: AgentAuthModuleOptions,
    private readonly reflector: Reflector,
    private readonly strategies: StrategyRegistry,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly applicationConfig: ApplicationConfig,
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authorization: RouteAuthorization,
  ) {
    this.publicPatterns = (options.publicRoutes ?? []).map(parseRoutePattern);
    this.consolePatterns = (options.console?.routes ?? []).map(parseRoutePattern);
    this.protectedPatterns = (options.protectedRoutes ?? []).map(parseRoutePattern);
    this.rules = (options.rules ?? []).map(parseRule);
    this.resources = protectedResourceEntries(options.protectedResources);
  }

  /**
   * Resolves the policy of every controller route, checks that every strategy they name exists, and audits the result.
   * @throws Error listing every audit problem when `strict` is set.
   */
  onApplicationBootstrap(): void {
    if (this.options.enabled === false) {
      this.logger.warn('Authentication is DISABLED (enabled: false): every request is let through with no principal.');
    }
    const router = routerCaseSensitivity(this.adapterHost.httpAdapter);
    this.caseSensitive = { public: router ?? true, protected: router ?? false };
    const declared: SegmentedRoute[] = [];
    const problems: string[] = [];
    const errors: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller?.prototype) continue;
      const modulePath = this.modulePath(wrapper.host?.metatype);
      for (const methodName of this.scanner.getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[methodName] as Handler;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const routes = this.declaredRoutes(controller, handler, modulePath);
        const segmented = routes.map((route) => ({ method: route.method, segments: splitRoutePath(route.path) }));
        const ruled = applyRules(this.rules, segmented, this.caseSensitive.protected, handlerName(controller, handler));
        const policy = this.store(controller, handler, this.resolve(controller, handler, routes, ruled.requirements));
        this.controllerPolicies.push(policy);
        declared.push(...segmented);
        this.audit.push(...policy.routes.map((route) => auditEntry(route, policy)));
        errors.push(
          ...ruled.problems,
          ...authorizationProblems(policy, routes, this.authorization.resolvesOwnership),
          ...this.unresolvedPredicates(policy),
        );
        const conflicts = this.requirementsUnderPublic(controller, handler);
        if (conflicts.length > 0) problems.push(`${policy.handler} is @Public() but also needs ${conflicts.join(', ')}: it stays private`);
        if (policy.rules.length > 0 && this.reflector.get<boolean | undefined>(IS_PUBLIC_KEY, handler) === true) {
          problems.push(
            `${policy.handler} is @Public() but the rules option covers it (${policy.rules.map((rule) => JSON.stringify(rule)).join(', ')}): it stays private`,
          );
        }
      }
    }
    if (!this.authorization.resolvesOwnership) errors.push(...this.unresolvedOwnershipBeyondHttp());
    errors.push(...this.resourceProblems(declared));
    if (errors.length > 0) {
      throw new Error(`AgentAuthModule: authorization cannot be enforced:\n${errors.map((error) => `  - ${error}`).join('\n')}`);
    }
    problems.push(...this.unusedPatterns(declared), ...unauthenticatable(this.audit));
    this.report(problems);
  }

  /** Every declared route and its effective policy (resolved at startup), in declaration order. */
  list(): RouteAuditEntry[] {
    return [...this.audit];
  }

  /**
   * The policy of every controller handler (its `routes` name the routes it serves), resolved at startup, in declaration
   * order; empty before the application has bootstrapped (`app.init()`).
   */
  httpPolicies(): RoutePolicy[] {
    return [...this.controllerPolicies];
  }

  /** The policy of the handler an execution context is about. */
  policyFor(context: ExecutionContext): RoutePolicy {
    const controller = context.getClass();
    const handler = context.getHandler() as Handler;
    return this.policies.get(controller)?.get(handler) ?? this.store(controller, handler, this.resolve(controller, handler, [], NO_RULES));
  }

  /**
   * The handshake policy of a WebSocket gateway, from the decorators on its class, less what only a message can
   * satisfy (see {@link handshakeRequirements}): those apply to each of its messages.
   */
  policyForGateway(gateway: Type): RoutePolicy {
    const key = gateway as unknown as Handler;
    return this.policies.get(gateway)?.get(key) ?? this.store(gateway, key, handshakeRequirements(this.resolve(gateway, key, [], NO_RULES)));
  }

  /** One handler's policy: its decorators, then what the rules add (`ruled`), then the patterns for its access. */
  private resolve(controller: Type, handler: Handler, routes: readonly DeclaredRoute[], ruled: RuleRequirements): RoutePolicy {
    const targets = [handler, controller];
    const resource = this.resourceOf(targets, routes);
    /** Requirements combine: the class's, then the handler's (a gateway's policy is its class alone). */
    const levels: ReadonlyArray<Type | Handler> = handler === (controller as unknown) ? [controller] : [controller, handler];
    const annotations: RouteAnnotations = {
      isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true,
      isOptional: this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, targets) === true,
      strategies: this.reflector.getAllAndOverride<string[]>(USE_AUTH_KEY, targets),
      roles: Object.freeze([...levels.flatMap((target) => this.reflector.get<RoleRequirement | undefined>(ROLES_KEY, target) ?? []), ...ruled.roles]),
      scopes: Object.freeze([
        ...new Set([
          ...(resource?.options.scopes ?? []),
          ...levels.flatMap((target) => this.reflector.get<string[] | undefined>(SCOPES_KEY, target) ?? []),
          ...ruled.scopes,
        ]),
      ]),
      queryToken: resource === undefined ? this.reflector.getAllAndOverride<string>(ALLOW_QUERY_TOKEN_KEY, targets) : undefined,
      authorizes: false,
    };
    const permissions = Object.freeze([
      ...levels.flatMap((target) => this.reflector.get<PermissionRequirement | undefined>(PERMISSIONS_KEY, target) ?? []),
      ...ruled.permissions,
    ]);
    const tenant = this.reflector.getAllAndOverride<TenantRequirement | undefined>(TENANT_SCOPED_KEY, targets);
    const ownership = Object.freeze(
      levels.flatMap((target) => this.reflector.get<readonly OwnershipRequirement[] | undefined>(OWNED_RESOURCE_KEY, target) ?? []),
    );
    const identity = Object.freeze(
      levels.flatMap((target) => this.reflector.get<readonly IdentityBinding[] | undefined>(BIND_IDENTITY_KEY, target) ?? []),
    );
    const authorizes = permissions.length > 0 || tenant !== undefined || ownership.length > 0 || identity.length > 0 || ruled.predicates.length > 0;
    const segmented = routes.map((route) => ({ method: route.method, segments: splitRoutePath(route.path) }));
    const coveredBy = (patterns: readonly RoutePattern[], covers: (pattern: RoutePattern, route: SegmentedRoute) => boolean) =>
      segmented.length > 0 && segmented.every((route) => patterns.some((pattern) => covers(pattern, route)));
    // A console route (any of its paths covered, matched case-insensitively) takes console credentials only, and never none.
    const inConsole = segmented.some((route) => this.consolePatterns.some((pattern) => requirementCovers(pattern, route, false)));
    const strategies = inConsole
      ? [CONSOLE_STRATEGY]
      : annotations.strategies?.length
        ? annotations.strategies
        : this.defaultStrategies(annotations, resource);
    strategies.forEach((name) => this.strategies.get(name));
    return Object.freeze({
      access:
        resource !== undefined
          ? 'required'
          : resolveAccess(
              inConsole ? { ...annotations, authorizes, isPublic: false, isOptional: false } : { ...annotations, authorizes },
              {
                allPublic: coveredBy(this.publicPatterns, (pattern, route) =>
                  matchesRoute(pattern, route.method, route.segments, this.caseSensitive.public),
                ),
                allProtected: coveredBy(this.protectedPatterns, (pattern, route) => requirementCovers(pattern, route, this.caseSensitive.protected)),
              },
              this.options.defaultPrivate ?? true,
            ),
      strategies,
      roles: annotations.roles,
      scopes: annotations.scopes,
      permissions,
      tenant,
      ownership,
      identity,
      predicates: ruled.predicates,
      rules: ruled.rules,
      authorizes,
      routes: routes.map((route) => `${route.method} ${route.path}`),
      queryToken: annotations.queryToken,
      closeAtExpiry: this.options.streaming?.closeAtExpiry !== false && Reflect.getMetadata(SSE_METADATA, handler) === true,
      resource: resource === undefined ? undefined : resourceRequirement(resource, annotations.scopes),
      handler: handlerName(controller, handler),
    });
  }

  /** The protected resource a handler belongs to: the one `@ProtectedResource` names, else the first whose paths cover its routes. */
  private resourceOf(targets: readonly (Type | Handler)[], routes: readonly DeclaredRoute[]): ProtectedResourceEntry | undefined {
    const named = this.reflector.getAllAndOverride<string | undefined>(PROTECTED_RESOURCE_KEY, [...targets]);
    if (named !== undefined) return this.resources.find((entry) => entry.options.resource === named);
    return this.resources.find((entry) => coversRoutes(entry, routes, this.caseSensitive.protected));
  }

  /**
   * What keeps the protected resources from being served as configured: a `@ProtectedResource` URI no entry has, a
   * route served outside its resource's URI (a global prefix the URI lacks, say), a path prefix or a resource that
   * covers no declared route.
   */
  private resourceProblems(declared: readonly SegmentedRoute[]): string[] {
    const problems: string[] = [];
    const known = new Set(this.resources.map((entry) => entry.options.resource));
    const served = new Set<ProtectedResourceEntry>();
    for (const policy of this.controllerPolicies) {
      const entry = this.resources.find((candidate) => candidate.options.resource === policy.resource?.uri);
      if (entry !== undefined) served.add(entry);
      for (const route of entry === undefined ? [] : policy.routes) {
        const path = route.slice(route.indexOf(' ') + 1);
        if (!servedUnder(entry as ProtectedResourceEntry, path)) {
          problems.push(
            `${policy.handler}: ${route} belongs to protected resource ${entry?.options.resource} but is not served under its path "${entry?.path}" (global prefix included): make the resource URI the URL the route is served at`,
          );
        }
      }
    }
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as Type | undefined;
      if (!type?.prototype) continue;
      const targets: object[] = [type, ...this.scanner.getAllMethodNames(type.prototype).map((name) => type.prototype[name] as object)];
      for (const target of targets) {
        const named: unknown = Reflect.getMetadata(PROTECTED_RESOURCE_KEY, target);
        if (typeof named === 'string' && !known.has(named))
          problems.push(
            `${target === type ? type.name : `${type.name}.${(target as Handler).name}`}: @ProtectedResource(${JSON.stringify(named)}) names no protectedResources entry`,
          );
      }
    }
    for (const entry of this.resources) {
      for (const prefix of entry.prefixes) {
        if (!declared.some((route) => matchesRoute(prefix, route.method, route.segments, this.caseSensitive.protected)))
          problems.push(`protectedResources.${entry.index}: path prefix "${prefix.source.slice(0, -3) || '/'}" matches no declared route`);
      }
      if (!served.has(entry) && entry.prefixes.length === 0)
        problems.push(`protectedResources.${entry.index} (${entry.options.resource}): no route belongs to it (give paths or use @ProtectedResource)`);
    }
    return problems;
  }

  /** A problem for each predicate class of the handler's rules that no module provides. */
  private unresolvedPredicates(policy: RoutePolicy): string[] {
    return policy.predicates
      .filter((requirement) => !this.authorization.resolvesPredicate(requirement.predicate))
      .map(
        (requirement) =>
          `${policy.handler}: rule "${requirement.rule}" authorizes with ${requirement.predicate.name}, which no module provides (add it to a module's providers)`,
      );
  }

  /**
   * What a `@Public()` handler also needs (the requirement wins, so it stays private): any requirement on the handler
   * or its class when the handler is `@Public()`, or on the class when the class is.
   */
  private requirementsUnderPublic(controller: Type, handler: Handler): string[] {
    const levels =
      this.reflector.get<boolean | undefined>(IS_PUBLIC_KEY, handler) === true
        ? [handler, controller]
        : this.reflector.get<boolean | undefined>(IS_PUBLIC_KEY, controller) === true
          ? [controller]
          : [];
    return PUBLIC_CONFLICTS.filter(([key]) => levels.some((target) => hasRequirement(this.reflector.get<unknown>(key, target)))).map(
      ([, what]) => what,
    );
  }

  /**
   * For an app without an `OwnershipResolver`: each handler not served over HTTP (gateway message, message pattern,
   * resolver) with `@OwnedResource()` on it, and each such class (not a controller) with one on the class. HTTP
   * routes are audited with their paths.
   */
  private unresolvedOwnershipBeyondHttp(): string[] {
    const problems: string[] = [];
    const owned = (target: object) => Reflect.getMetadata(OWNED_RESOURCE_KEY, target) !== undefined;
    for (const wrapper of [...this.discovery.getControllers(), ...this.discovery.getProviders()]) {
      const type = wrapper.metatype as Type | undefined;
      if (typeof type !== 'function' || !type.prototype) continue;
      if (Reflect.getMetadata(PATH_METADATA, type) === undefined && owned(type)) problems.push(unresolvedOwnership(type.name));
      for (const methodName of this.scanner.getAllMethodNames(type.prototype)) {
        const handler = type.prototype[methodName] as Handler;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined && owned(handler))
          problems.push(unresolvedOwnership(`${type.name}.${methodName}`));
      }
    }
    return problems;
  }

  /** A problem for each `publicRoutes`/`protectedRoutes`/`rules` pattern that matches no declared route (a typo, most likely). */
  private unusedPatterns(declared: readonly SegmentedRoute[]): string[] {
    const unused = (option: string, patterns: readonly RoutePattern[], covers: (pattern: RoutePattern, route: SegmentedRoute) => boolean) =>
      patterns
        .filter((pattern) => !declared.some((route) => covers(pattern, route)))
        .map((pattern) => `${option} pattern ${JSON.stringify(pattern.source)} matches no declared route`);
    const { public: publicCase, protected: protectedCase } = this.caseSensitive;
    return [
      ...unused('publicRoutes', this.publicPatterns, (pattern, route) => matchesRoute(pattern, route.method, route.segments, publicCase)),
      ...unused('protectedRoutes', this.protectedPatterns, (pattern, route) => requirementCovers(pattern, route, protectedCase)),
      ...unused(
        'rules',
        this.rules.map((rule) => rule.pattern),
        (pattern, route) => requirementCovers(pattern, route, protectedCase),
      ),
    ];
  }

  /** Logs the route table (`logRoutes`) and the audit's problems: warnings, or one boot error with `strict`. */
  private report(problems: readonly string[]): void {
    if (this.options.logRoutes) this.logger.log(`Route policies:\n${formatRouteTable(this.audit)}`);
    if (problems.length === 0) return;
    if (this.options.strict) {
      throw new Error(`AgentAuthModule (strict): the route audit failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    }
    for (const problem of problems) this.logger.warn(problem);
  }

  /** The module's order, plus stream tickets where the route accepts query credentials; without API keys and tickets on a protected resource. */
  private defaultStrategies(annotations: RouteAnnotations, resource: ProtectedResourceEntry | undefined): readonly string[] {
    const order = this.strategies.defaultOrder;
    if (resource !== undefined) return order.filter((name) => !NOT_FOR_RESOURCES.has(name));
    return annotations.queryToken === undefined || order.includes(TICKET_STRATEGY) ? order : [...order, TICKET_STRATEGY];
  }

  private store(controller: Type, handler: Handler, policy: RoutePolicy): RoutePolicy {
    let byHandler = this.policies.get(controller);
    if (byHandler === undefined) this.policies.set(controller, (byHandler = new Map()));
    byHandler.set(handler, policy);
    return policy;
  }

  /** The routes Nest registers for a handler, built with Nest's own path factory. */
  private declaredRoutes(controller: Type, handler: Handler, modulePath: string | undefined): DeclaredRoute[] {
    const requestMethod = (Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined) ?? RequestMethod.GET;
    const method = RequestMethod[requestMethod];
    const factory = new RoutePathFactory(this.applicationConfig);
    const globalPrefix = this.applicationConfig.getGlobalPrefix();
    return asList<string>(Reflect.getMetadata(PATH_METADATA, handler)).flatMap((methodPath) =>
      asList<string>(Reflect.getMetadata(PATH_METADATA, controller) ?? '/').flatMap((ctrlPath) =>
        factory
          .create(
            {
              ctrlPath,
              methodPath,
              modulePath,
              globalPrefix: globalPrefix ? `/${globalPrefix.replace(/^\/+/, '')}` : undefined,
              controllerVersion: Reflect.getMetadata(VERSION_METADATA, controller),
              methodVersion: Reflect.getMetadata(VERSION_METADATA, handler),
              versioningOptions: this.applicationConfig.getVersioning(),
            },
            requestMethod,
          )
          .map((path) => ({ method, path })),
      ),
    );
  }

  private modulePath(module: unknown): string | undefined {
    if (typeof module !== 'function') return undefined;
    return Reflect.getMetadata(MODULE_PATH + this.modules.applicationId, module) ?? Reflect.getMetadata(MODULE_PATH, module);
  }
}

/**
 * A problem when private routes have no strategy to authenticate with (`forRoot({})`): every request to them is
 * refused, which is almost never what was meant.
 */
function unauthenticatable(audit: readonly RouteAuditEntry[]): string[] {
  const stranded = audit.filter((entry) => entry.access !== 'public' && entry.strategies.length === 0);
  if (stranded.length === 0) return [];
  const names = stranded.slice(0, 5).map((entry) => entry.route);
  const more = stranded.length > names.length ? ` and ${stranded.length - names.length} more` : '';
  return [
    `no strategy is configured, so ${stranded.length} private route(s) refuse every request (${names.join(', ')}${more}): configure jwt, apiKey or a Passport strategy, or make them public`,
  ];
}

/** Params of a declared path: `:id`, `{/:id}`, `*path` (path-to-regexp), `:id?` (Fastify). */
const PATH_PARAM = /[:*]([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * What keeps a handler's authorization from being enforced: a param its permissions, tenant, ownership or rule
 * predicates name that one of its declared routes lacks (it would never be filled), or ownership with no resolver to ask.
 */
function authorizationProblems(policy: RoutePolicy, routes: readonly DeclaredRoute[], resolvesOwnership: boolean): string[] {
  const problems: string[] = [];
  if (policy.ownership.length > 0 && !resolvesOwnership) problems.push(unresolvedOwnership(policy.handler));
  const named = new Map<string, string>();
  for (const requirement of policy.permissions)
    for (const template of requirement.permissions) for (const param of template.params) named.set(param, `permission ${template.source}`);
  if (policy.tenant?.source === 'param') named.set(policy.tenant.name, '@TenantScoped()');
  for (const requirement of policy.ownership) {
    named.set(requirement.param, `@OwnedResource('${requirement.resource}')`);
    for (const param of requirement.bypass?.params ?? []) named.set(param, `bypass permission ${requirement.bypass?.source}`);
  }
  for (const requirement of policy.predicates)
    for (const segment of Object.values(requirement.params)) if ('param' in segment) named.set(segment.param, `rule "${requirement.rule}"`);
  for (const route of routes) {
    const declared = new Set([...route.path.matchAll(PATH_PARAM)].map((match) => match[1]));
    for (const [param, by] of named) {
      if (!declared.has(param))
        problems.push(`${policy.handler}: ${by} names param "${param}", which ${route.method} ${route.path} does not declare`);
    }
  }
  return problems;
}

function unresolvedOwnership(handler: string): string {
  return `${handler} has @OwnedResource() but no OwnershipResolver is provided (provide it in any module)`;
}

/** `Controller.method`, or the class's name for a gateway (whose policy is its class's). */
function handlerName(controller: Type, handler: Handler): string {
  return handler === (controller as unknown) ? controller.name : `${controller.name}.${handler.name}`;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function auditEntry(route: string, policy: RoutePolicy): RouteAuditEntry {
  return Object.freeze({
    route,
    handler: policy.handler,
    access: policy.access,
    strategies: policy.access === 'public' ? [] : policy.strategies,
    roles: policy.roles,
    scopes: policy.scopes,
    permissions: policy.permissions,
    tenant: policy.tenant,
    ownership: policy.ownership,
    identity: policy.identity,
    rules: policy.rules,
  });
}

/**
 * A gateway class's policy as its handshake can meet it: a handshake names no run, conversation or tenant, so the
 * class's permissions with `{placeholders}`, its `@OwnedResource()`s and a `@TenantScoped({ param })` are left to
 * the messages (whose policies hold them too); authentication, roles, scopes, literal permissions and a tenant
 * header still decide the handshake.
 */
function handshakeRequirements(policy: RoutePolicy): RoutePolicy {
  const permissions = policy.permissions.filter((requirement) => requirement.permissions.every((template) => template.params.length === 0));
  const tenant = policy.tenant?.source === 'param' ? undefined : policy.tenant;
  const authorizes = permissions.length > 0 || tenant !== undefined || policy.identity.length > 0 || policy.predicates.length > 0;
  return Object.freeze({ ...policy, permissions: Object.freeze(permissions), tenant, ownership: Object.freeze([]), authorizes });
}

/** The requirement decorators (metadata key, what the audit calls it) that keep a `@Public()` handler private. */
const PUBLIC_CONFLICTS: ReadonlyArray<readonly [string, string]> = [
  [ROLES_KEY, 'roles'],
  [SCOPES_KEY, 'scopes'],
  [PERMISSIONS_KEY, 'permissions'],
  [TENANT_SCOPED_KEY, 'a tenant'],
  [OWNED_RESOURCE_KEY, 'ownership'],
  [BIND_IDENTITY_KEY, 'identity binding'],
];

/** Whether a requirement decorator's metadata demands something (an empty list of scopes does not). */
function hasRequirement(metadata: unknown): boolean {
  return Array.isArray(metadata) ? metadata.length > 0 : metadata !== undefined;
}
