import { validateSync, type ValidationError } from 'class-validator';
import { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import { BruteForceOptions } from './brute-force.options.js';
import { durationSeconds } from '../util/duration.js';
import { JwtOptions } from './jwt.options.js';

/** Strategies the library provides, and the option that configures each. */
const BUILT_IN_STRATEGIES: Readonly<Record<string, keyof AgentAuthModuleOptions>> = { jwt: 'jwt' };

/**
 * Checks the module options once, at startup, and returns them as instances of the options classes.
 * @throws Error listing every problem, each prefixed with the option's path (`jwt.secret: …`); never a secret's value.
 */
export function validateAgentAuthOptions(raw: AgentAuthModuleOptions): AgentAuthModuleOptions {
  const options = instantiate(AgentAuthModuleOptions, raw);
  if (isObject(raw) && isObject(raw.jwt)) options.jwt = instantiate(JwtOptions, raw.jwt);
  if (isObject(raw) && isObject(raw.bruteForce)) options.bruteForce = instantiate(BruteForceOptions, raw.bruteForce);
  const problems = isObject(raw)
    ? validateSync(options, { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true }).flatMap((error) => describe(error, ''))
    : ['options must be an object'];
  if (isObject(raw)) problems.push(...crossFieldProblems(options));
  if (problems.length > 0) {
    throw new Error(`Invalid AgentAuthModule options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return options;
}

/** Rules that involve several options at once. */
function crossFieldProblems(options: AgentAuthModuleOptions): string[] {
  const problems: string[] = [];
  const jwt = options.jwt;
  if (jwt instanceof JwtOptions) {
    const sources = [jwt.secret, jwt.publicKey].filter((source) => source !== undefined).length;
    if (sources !== 1) problems.push('jwt: give exactly one of secret or publicKey');
    const algorithms = Array.isArray(jwt.algorithms) ? jwt.algorithms : [];
    if (jwt.secret !== undefined && algorithms.some((algorithm) => !algorithm.startsWith('HS'))) {
      problems.push('jwt.algorithms: a secret only verifies HS256, HS384 or HS512');
    }
    if (jwt.maxAge !== undefined && durationSeconds(jwt.maxAge) === undefined) {
      problems.push('jwt.maxAge: must be a number of seconds or a duration such as "15m", "1h", "7d"');
    }
    if (jwt.publicKey !== undefined && jwt.algorithms === undefined) {
      problems.push('jwt.algorithms: required with a public key (pin the algorithms your issuer signs with)');
    }
    if (jwt.publicKey !== undefined && algorithms.some((algorithm) => algorithm.startsWith('HS'))) {
      problems.push('jwt.algorithms: HS* algorithms cannot be used with a public key (algorithm confusion)');
    }
  }
  for (const name of Array.isArray(options.strategies) ? options.strategies : []) {
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

function instantiate<T extends object>(type: new () => T, value: unknown): T {
  return Object.assign(new type(), isObject(value) ? value : {});
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
