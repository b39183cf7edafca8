import { validateSync, type ValidationError } from 'class-validator';
import { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import type { AuthorizationRule } from './authorization-rule.options.js';
import { instantiateRules, ruleProblems } from './authorization-rule-options.rules.js';
import { apiKeyProblems, instantiateApiKeyOptions } from './api-key-options.rules.js';
import { allowlistProblems, instantiateAllowlist } from './allowlist-options.rules.js';
import { BruteForceOptions } from './brute-force.options.js';
import { RevocationOptions } from './revocation.options.js';
import { instantiateJwt, jwtProblems } from './jwt-options.rules.js';
import { instantiateProtectedResources, protectedResourceProblems } from './protected-resource-options.rules.js';
import { StreamingOptions } from './streaming.options.js';
import { instantiateSession, sessionProblems } from './session-options.rules.js';
import { consoleProblems, instantiateConsole } from './console-options.rules.js';
import { instantiate, isObject } from './option-instances.js';

/** Strategies the library provides, and the option that configures each. */
export const BUILT_IN_STRATEGIES: Readonly<Record<string, keyof AgentAuthModuleOptions>> = { jwt: 'jwt', 'api-key': 'apiKey', session: 'session' };

/**
 * Checks the module options once, at startup, and returns them as instances of the options classes.
 * @throws Error listing every problem, each prefixed with the option's path (`jwt.secret: …`, `jwt.1.jwksUri: …`);
 * never a secret's value.
 */
export function validateAgentAuthOptions(raw: AgentAuthModuleOptions): AgentAuthModuleOptions {
  const options = instantiate(AgentAuthModuleOptions, raw);
  if (isObject(raw) && raw.jwt !== undefined) options.jwt = instantiateJwt(raw.jwt);
  if (isObject(raw) && isObject(raw.apiKey)) options.apiKey = instantiateApiKeyOptions(raw.apiKey);
  if (isObject(raw) && isObject(raw.allowlist)) options.allowlist = instantiateAllowlist(raw.allowlist);
  if (isObject(raw) && isObject(raw.streaming)) options.streaming = instantiate(StreamingOptions, raw.streaming);
  if (isObject(raw) && isObject(raw.bruteForce)) options.bruteForce = instantiate(BruteForceOptions, raw.bruteForce);
  if (isObject(raw) && isObject(raw.revocation)) options.revocation = instantiate(RevocationOptions, raw.revocation);
  if (isObject(raw) && isObject(raw.session)) options.session = instantiateSession(raw.session);
  if (isObject(raw) && isObject(raw.console)) options.console = instantiateConsole(raw.console);
  if (isObject(raw) && raw.rules !== undefined) options.rules = instantiateRules(raw.rules) as AuthorizationRule[];
  if (isObject(raw) && raw.protectedResources !== undefined) options.protectedResources = instantiateProtectedResources(raw.protectedResources);
  const problems = isObject(raw)
    ? validateSync(options, { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true }).flatMap((error) => describe(error, ''))
    : ['options must be an object'];
  if (isObject(raw)) problems.push(...crossFieldProblems(options, raw));
  if (problems.length > 0) {
    throw new Error(`Invalid AgentAuthModule options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return options;
}

/** Rules that involve several options at once. */
function crossFieldProblems(options: AgentAuthModuleOptions, raw: AgentAuthModuleOptions): string[] {
  const problems: string[] = options.jwt ? jwtProblems(options.jwt, raw.jwt) : [];
  if (options.apiKey) problems.push(...apiKeyProblems(options.apiKey));
  if (options.allowlist) problems.push(...allowlistProblems(options.allowlist));
  if (options.session) problems.push(...sessionProblems(options.session));
  if (options.console) problems.push(...consoleProblems(options));
  if (Array.isArray(options.rules)) problems.push(...ruleProblems(options.rules));
  problems.push(...protectedResourceProblems(options));
  for (const name of Array.isArray(options.strategies) ? options.strategies : []) {
    if (name === 'allowlist' || name.startsWith('allowlist:')) {
      problems.push(`strategies: "${name}" cannot be a default strategy; mark webhook routes with @UseAuth('${name}')`);
    }
    const option = Object.hasOwn(BUILT_IN_STRATEGIES, name) ? BUILT_IN_STRATEGIES[name] : undefined;
    if (option !== undefined && options[option] === undefined) problems.push(`strategies: "${name}" is listed but ${option} is not configured`);
  }
  return problems;
}

function describe(error: ValidationError, parentPath: string): string[] {
  const path = parentPath ? `${parentPath}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(`${error.property} `) ? `${path}: ${message.slice(error.property.length + 1)}` : `${path}: ${message}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}
