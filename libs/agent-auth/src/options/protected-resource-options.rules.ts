import { canonicalResourceProblem } from '../protected-resource/canonical-resource.js';
import type { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import { JwtOptions } from './jwt.options.js';
import { instantiate, isObject } from './option-instances.js';
import { ProtectedResourceOptions } from './protected-resource.options.js';

/** The `protectedResources` entries as class instances (anything else is left for class-validator to name). */
export function instantiateProtectedResources(raw: unknown): ProtectedResourceOptions[] {
  return (
    Array.isArray(raw) ? raw.map((entry: unknown) => (isObject(entry) ? instantiate(ProtectedResourceOptions, entry) : entry)) : raw
  ) as ProtectedResourceOptions[];
}

/**
 * Protected resource rules across fields: a canonical resource URI, each resource and path prefix once, and JWT
 * configurations that can verify the resource's tokens (when every one pins an `audience`, one must name the resource).
 */
export function protectedResourceProblems(options: AgentAuthModuleOptions): string[] {
  const resources = Array.isArray(options.protectedResources) ? options.protectedResources : [];
  const problems: string[] = [];
  const seenUris = new Map<string, number>();
  const seenPaths = new Map<string, number>();
  const audiences = jwtAudiences(options.jwt);
  resources.forEach((entry, index) => {
    if (!(entry instanceof ProtectedResourceOptions) || typeof entry.resource !== 'string') return;
    const path = `protectedResources.${index}`;
    const problem = canonicalResourceProblem(entry.resource);
    if (problem !== undefined) problems.push(`${path}.resource: ${problem}`);
    const first = seenUris.get(entry.resource);
    if (first !== undefined) problems.push(`${path}.resource: ${JSON.stringify(entry.resource)} is already protectedResources.${first}`);
    else seenUris.set(entry.resource, index);
    for (const prefix of Array.isArray(entry.paths) ? entry.paths : []) {
      const owner = seenPaths.get(prefix);
      if (owner !== undefined && owner !== index) problems.push(`${path}.paths: "${prefix}" is already a path of protectedResources.${owner}`);
      else seenPaths.set(prefix, index);
    }
    if (audiences !== undefined && !audiences.has(entry.resource)) {
      problems.push(
        `${path}.resource: every jwt configuration pins an audience and none is ${JSON.stringify(entry.resource)}, so no token for the resource would verify: add it to jwt.audience`,
      );
    }
  });
  return problems;
}

/** Every audience the JWT configurations accept, or undefined when one of them accepts any (no `audience`). */
function jwtAudiences(jwt: AgentAuthModuleOptions['jwt']): ReadonlySet<string> | undefined {
  const entries = (Array.isArray(jwt) ? jwt : jwt === undefined ? [] : [jwt]).filter((entry) => entry instanceof JwtOptions);
  if (entries.length === 0 || entries.some((entry) => entry.audience === undefined)) return undefined;
  return new Set(entries.flatMap((entry) => (Array.isArray(entry.audience) ? entry.audience : [entry.audience as string])));
}
