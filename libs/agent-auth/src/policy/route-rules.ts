import type { Type } from '@nestjs/common';
import { parsePermissionTemplate } from '../authorization/permission.js';
import type { AuthorizationRule } from '../options/authorization-rule.options.js';
import { matchesRoute, parseRoutePattern, type RoutePattern } from './route-pattern.js';
import type { PermissionRequirement, PermissionSegment, PermissionTemplate, PredicateRequirement, RoleRequirement } from './route-policy.js';

/** A `rules` entry parsed at startup (options validation has refused what cannot parse); placeholders name the pattern's params. */
export interface ParsedRule {
  readonly pattern: RoutePattern;
  readonly roles: readonly RoleRequirement[];
  readonly scopes: readonly string[];
  readonly permissions: readonly PermissionRequirement[];
  readonly predicate?: Type;
}

/** A declared route, split into segments the way patterns are matched. */
export interface SegmentedRoute {
  readonly method: string;
  readonly segments: readonly string[];
}

/** What the rules add to one handler, placeholders renamed to its declared routes' params. */
export interface RuleRequirements {
  /** The route patterns of the rules that apply, as written. */
  readonly rules: readonly string[];
  readonly roles: readonly RoleRequirement[];
  readonly scopes: readonly string[];
  readonly permissions: readonly PermissionRequirement[];
  readonly predicates: readonly PredicateRequirement[];
}

/** What rules add to a handler none covers (and to handlers not served over HTTP). */
export const NO_RULES: RuleRequirements = Object.freeze({ rules: [], roles: [], scopes: [], permissions: [], predicates: [] });

/** A declared segment that is one whole param: `:id` (Fastify's optional `:id?` too). */
const WHOLE_PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)\??$/;
/** A declared segment that is a literal only (no param, wildcard, group or optional part). */
const PLAIN_LITERAL = /^[^:*{}()?+]+$/;

/** Parses one validated `rules` entry. */
export function parseRule(rule: AuthorizationRule): ParsedRule {
  const roles: RoleRequirement[] = [];
  if (rule.roles) roles.push(Object.freeze({ roles: Object.freeze([...rule.roles]), match: 'any' as const }));
  if (rule.allRoles) roles.push(Object.freeze({ roles: Object.freeze([...rule.allRoles]), match: 'all' as const }));
  const permissions: PermissionRequirement[] = [];
  const permissionRequirement = (list: readonly string[], match: PermissionRequirement['match']) =>
    Object.freeze({ permissions: Object.freeze(list.map(parsePermissionTemplate)), match });
  if (rule.permissions) permissions.push(permissionRequirement(rule.permissions, 'any'));
  if (rule.allPermissions) permissions.push(permissionRequirement(rule.allPermissions, 'all'));
  return Object.freeze({
    pattern: parseRoutePattern(rule.route),
    roles: Object.freeze(roles),
    scopes: Object.freeze([...new Set(rule.scopes ?? [])]),
    permissions: Object.freeze(permissions),
    predicate: rule.authorize,
  });
}

/**
 * Whether a pattern that adds requirements (a rule, a `protectedRoutes` pattern) covers a declared route: as
 * `matchesRoute`, except that an `@All()` route is covered by a pattern of any method (it serves that method too,
 * and the pattern only makes it stricter). A pattern that removes requirements (`publicRoutes`) uses `matchesRoute`.
 */
export function requirementCovers(pattern: RoutePattern, route: SegmentedRoute, caseSensitive: boolean): boolean {
  const method = route.method === 'ALL' && pattern.method !== undefined ? pattern.method : route.method;
  return matchesRoute(pattern, method, route.segments, caseSensitive);
}

/**
 * What the rules covering ANY of a handler's declared routes add to it: a handler has one policy for all its paths,
 * so it gets the union, never weaker than a rule says for one of them. A placeholder (and each param a predicate
 * reads) becomes what the declared route has at the pattern param's segment: its param, renamed (`{agent}` on
 * `:id` reads `id`), or its literal. A param the other routes of the handler lack is reported by the route audit.
 * @returns the requirements, and the problems that keep a rule from applying: a param falling on a segment that is
 *   neither a whole param nor a literal, or on different params (or literals) on two of the handler's routes.
 */
export function applyRules(
  rules: readonly ParsedRule[],
  routes: readonly SegmentedRoute[],
  caseSensitive: boolean,
  handler: string,
): { readonly requirements: RuleRequirements; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const applied = rules.flatMap((rule) => {
    const covered = routes.filter((route) => requirementCovers(rule.pattern, route, caseSensitive));
    if (covered.length === 0) return [];
    const bound = bindParams(rule, covered, handler);
    problems.push(...bound.problems);
    return [{ rule, params: bound.params }];
  });
  if (applied.length === 0) return { requirements: NO_RULES, problems };
  const requirements: RuleRequirements = Object.freeze({
    rules: Object.freeze(applied.map(({ rule }) => rule.pattern.source)),
    roles: Object.freeze(applied.flatMap(({ rule }) => rule.roles)),
    scopes: Object.freeze([...new Set(applied.flatMap(({ rule }) => rule.scopes))]),
    permissions: Object.freeze(
      applied.flatMap(({ rule, params }) =>
        rule.permissions.map((requirement) =>
          Object.freeze({
            match: requirement.match,
            permissions: Object.freeze(requirement.permissions.map((template) => renamed(template, params))),
          }),
        ),
      ),
    ),
    predicates: Object.freeze(
      applied.flatMap(({ rule, params }) =>
        rule.predicate === undefined ? [] : [Object.freeze({ rule: rule.pattern.source, predicate: rule.predicate, params: Object.freeze(params) })],
      ),
    ),
  });
  return { requirements, problems };
}

/** The segment each param the rule reads falls on, the same on every covered route. */
function bindParams(
  rule: ParsedRule,
  covered: readonly SegmentedRoute[],
  handler: string,
): { params: Readonly<Record<string, PermissionSegment>>; problems: string[] } {
  const placeholders = new Set(rule.permissions.flatMap((requirement) => requirement.permissions.flatMap((template) => template.params)));
  /** A predicate is given every param of the pattern; permissions read their placeholders. */
  const read = rule.pattern.params.filter((param) => rule.predicate !== undefined || placeholders.has(param.name));
  const params: Array<[string, PermissionSegment]> = [];
  const problems: string[] = [];
  for (const param of read) {
    const found = new Map<string, PermissionSegment>();
    for (const route of covered) {
      const declared = route.segments[param.segment];
      const segment = declaredSegment(declared);
      if (segment === undefined) {
        problems.push(
          `${handler}: rule "${rule.pattern.source}" reads :${param.name} from "${declared}" of ${describeRoute(route)}, which is neither a whole param nor a literal`,
        );
      } else found.set('param' in segment ? `:${segment.param}` : segment.literal, segment);
    }
    if (found.size > 1) {
      problems.push(
        `${handler}: rule "${rule.pattern.source}" reads :${param.name} from different segments of its routes (${[...found.keys()].join(', ')}): give them the same param name`,
      );
    } else if (found.size === 1) params.push([param.name, [...found.values()][0]]);
  }
  return { params: Object.fromEntries(params), problems };
}

function declaredSegment(declared: string): PermissionSegment | undefined {
  const param = WHOLE_PARAM.exec(declared);
  if (param !== null) return Object.freeze({ param: param[1] });
  return PLAIN_LITERAL.test(declared) ? Object.freeze({ literal: declared }) : undefined;
}

/** A rule's template with each placeholder replaced by what the declared routes have at its segment. */
function renamed(template: PermissionTemplate, params: Readonly<Record<string, PermissionSegment>>): PermissionTemplate {
  const segments = template.segments.map((segment) => ('param' in segment && Object.hasOwn(params, segment.param) ? params[segment.param] : segment));
  return Object.freeze({
    source: segments.map((segment) => ('param' in segment ? `{${segment.param}}` : segment.literal)).join(':'),
    segments: Object.freeze(segments),
    params: Object.freeze(segments.flatMap((segment) => ('param' in segment ? [segment.param] : []))),
  });
}

function describeRoute(route: SegmentedRoute): string {
  return `${route.method} /${route.segments.join('/')}`;
}
