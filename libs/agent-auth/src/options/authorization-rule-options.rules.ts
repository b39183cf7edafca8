import { parsePermissionTemplate } from '../authorization/permission.js';
import { parseRoutePattern, type RoutePattern } from '../policy/route-pattern.js';
import { AuthorizationRule } from './authorization-rule.options.js';
import { instantiate, isObject } from './option-instances.js';

/** The requirements a rule may give, at least one of them. */
const REQUIREMENTS = ['roles', 'allRoles', 'scopes', 'permissions', 'allPermissions', 'authorize'] as const;

/** The `rules` option as class instances, so each entry is validated (anything else is left for the validator to refuse). */
export function instantiateRules(raw: unknown): unknown {
  return Array.isArray(raw) ? raw.map((entry: unknown) => (isObject(entry) ? instantiate(AuthorizationRule, entry) : entry)) : raw;
}

/**
 * Rules across a rule's fields: at least one requirement; each `:name` of the pattern once, and never after `**`
 * (its segment would have no fixed position); each placeholder of its permissions one of the pattern's `:name`s.
 */
export function ruleProblems(rules: readonly unknown[]): string[] {
  return rules.flatMap((rule, index) => (rule instanceof AuthorizationRule ? oneRuleProblems(rule, `rules.${index}`) : []));
}

function oneRuleProblems(rule: AuthorizationRule, path: string): string[] {
  const problems: string[] = [];
  if (REQUIREMENTS.every((requirement) => rule[requirement] === undefined)) {
    problems.push(`${path}: give at least one of ${REQUIREMENTS.join(', ')}`);
  }
  const pattern = parsedOrUndefined(rule.route);
  if (pattern === undefined) return problems;
  const names = new Set<string>();
  for (const param of pattern.params) {
    if (names.has(param.name)) problems.push(`${path}.route: names :${param.name} twice`);
    names.add(param.name);
    if (pattern.segments.slice(0, param.segment).includes('**')) {
      problems.push(`${path}.route: :${param.name} follows "**", so its segment has no fixed position (use * there, or drop the "**")`);
    }
  }
  for (const field of ['permissions', 'allPermissions'] as const) {
    for (const template of Array.isArray(rule[field]) ? rule[field] : []) {
      for (const param of parsedTemplateParams(template)) {
        if (!names.has(param)) problems.push(`${path}.${field}: ${template} names {${param}}, which is not a :name of ${rule.route}`);
      }
    }
  }
  return problems;
}

function parsedOrUndefined(route: unknown): RoutePattern | undefined {
  try {
    return typeof route === 'string' ? parseRoutePattern(route) : undefined;
  } catch {
    return undefined;
  }
}

/** A template's placeholders, or none when it does not parse (the validator reports that). */
function parsedTemplateParams(template: unknown): readonly string[] {
  try {
    return typeof template === 'string' ? parsePermissionTemplate(template).params : [];
  } catch {
    return [];
  }
}
