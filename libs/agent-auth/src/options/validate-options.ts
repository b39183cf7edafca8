import { validateSync, type ValidationError } from 'class-validator';
import { durationSeconds } from '../util/duration.js';
import { remoteUrlProblem } from '../util/remote-url.js';
import { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import { JwtOptions } from './jwt.options.js';

/** Strategies the library provides, and the option that configures each. */
const BUILT_IN_STRATEGIES: Readonly<Record<string, keyof AgentAuthModuleOptions>> = { jwt: 'jwt' };
/** JWT options that only mean something for keys fetched from a JWKS. */
const REMOTE_KEY_OPTIONS = ['jwksCooldown', 'jwksTimeout', 'jwksCacheMaxAge', 'allowInsecureHttp'] as const;

/**
 * Checks the module options once, at startup, and returns them as instances of the options classes.
 * @throws Error listing every problem, each prefixed with the option's path (`jwt.secret: …`, `jwt[1].jwksUri: …`);
 * never a secret's value.
 */
export function validateAgentAuthOptions(raw: AgentAuthModuleOptions): AgentAuthModuleOptions {
  const options = instantiate(AgentAuthModuleOptions, raw);
  if (isObject(raw)) options.jwt = instantiateJwt(raw.jwt);
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
  const problems = jwtProblems(options.jwt);
  for (const name of Array.isArray(options.strategies) ? options.strategies : []) {
    const option = BUILT_IN_STRATEGIES[name];
    if (option !== undefined && options[option] === undefined) problems.push(`strategies: "${name}" is listed but ${option} is not configured`);
  }
  return problems;
}

/** The rules of `jwt`: those of each configuration, and issuer routing when there are several. */
function jwtProblems(jwt: JwtOptions | JwtOptions[] | undefined): string[] {
  if (!Array.isArray(jwt)) return isObject(jwt) ? jwtEntryProblems(jwt, 'jwt') : [];
  if (jwt.length === 0) return ['jwt: give at least one configuration'];
  const problems = jwt.flatMap((entry, index) => (isObject(entry) ? jwtEntryProblems(entry, `jwt[${index}]`) : []));
  return jwt.length === 1 ? problems : [...problems, ...issuerRoutingProblems(jwt)];
}

function jwtEntryProblems(jwt: JwtOptions, path: string): string[] {
  const problems: string[] = [];
  const remote = jwt.jwksUri !== undefined || jwt.discovery === true;
  const sources = [jwt.secret, jwt.publicKey, jwt.jwksUri, jwt.discovery === true ? true : undefined];
  if (sources.filter((source) => source !== undefined).length !== 1) {
    problems.push(`${path}: give exactly one of secret, publicKey, jwksUri or discovery: true`);
  }
  const algorithms = Array.isArray(jwt.algorithms) ? jwt.algorithms : [];
  if (jwt.secret !== undefined && algorithms.some((algorithm) => !algorithm.startsWith('HS'))) {
    problems.push(`${path}.algorithms: a secret only verifies HS256, HS384 or HS512`);
  }
  if ((jwt.publicKey !== undefined || remote) && algorithms.some((algorithm) => algorithm.startsWith('HS'))) {
    problems.push(`${path}.algorithms: HS* algorithms cannot be used with a public key or a JWKS (algorithm confusion)`);
  }
  const allowInsecureHttp = jwt.allowInsecureHttp === true;
  const jwksUriProblem = typeof jwt.jwksUri === 'string' ? remoteUrlProblem(jwt.jwksUri, allowInsecureHttp) : undefined;
  if (jwksUriProblem !== undefined) problems.push(`${path}.jwksUri: ${jwksUriProblem}`);
  if (jwt.discovery === true) {
    const issuerProblem = typeof jwt.issuer === 'string' ? remoteUrlProblem(jwt.issuer, allowInsecureHttp) : 'discovery needs exactly one issuer URL';
    if (issuerProblem !== undefined) problems.push(`${path}.issuer: ${issuerProblem}`);
  }
  for (const option of REMOTE_KEY_OPTIONS) {
    if (!remote && jwt[option] !== undefined) problems.push(`${path}.${option}: only applies with jwksUri or discovery`);
  }
  if (jwt.jwksTimeout !== undefined && durationSeconds(jwt.jwksTimeout) === 0) problems.push(`${path}.jwksTimeout: must be more than 0`);
  if (jwt.jwksCooldown !== undefined && (durationSeconds(jwt.jwksCooldown) ?? 1) < 1) {
    problems.push(`${path}.jwksCooldown: must be at least 1 second (it bounds JWKS fetches under a flood of unknown kids)`);
  }
  return problems;
}

/** With several configurations, each needs its own issuers: a token is routed by its `iss`. */
function issuerRoutingProblems(list: readonly JwtOptions[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, number>();
  list.forEach((entry, index) => {
    if (!isObject(entry)) return;
    if (entry.issuer === undefined) {
      problems.push(`jwt[${index}].issuer: required when jwt lists several configurations (tokens are routed by their iss)`);
      return;
    }
    for (const issuer of Array.isArray(entry.issuer) ? entry.issuer : [entry.issuer]) {
      const owner = owners.get(issuer);
      if (owner !== undefined && owner !== index) problems.push(`jwt[${index}].issuer: ${JSON.stringify(issuer)} is also the issuer of jwt[${owner}]`);
      else owners.set(issuer, index);
    }
  });
  return problems;
}

function describe(error: ValidationError, parentPath: string): string[] {
  const path = !parentPath ? error.property : /^\d+$/.test(error.property) ? `${parentPath}[${error.property}]` : `${parentPath}.${error.property}`;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(`${error.property} `) ? `${path}: ${message.slice(error.property.length + 1)}` : `${path}: ${message}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}

function instantiateJwt(value: unknown): AgentAuthModuleOptions['jwt'] {
  if (Array.isArray(value)) return value.map((entry: unknown) => (isObject(entry) ? instantiate(JwtOptions, entry) : entry)) as JwtOptions[];
  return (isObject(value) ? instantiate(JwtOptions, value) : value) as AgentAuthModuleOptions['jwt'];
}

function instantiate<T extends object>(type: new () => T, value: unknown): T {
  return Object.assign(new type(), isObject(value) ? value : {});
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
