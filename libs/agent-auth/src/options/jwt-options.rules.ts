import { durationSeconds } from '../util/duration.js';
import { remoteUrlProblem } from '../util/remote-url.js';
import { JwtOptions } from './jwt.options.js';
import { instantiate, isObject } from './option-instances.js';

/** The options that name where a configuration's keys come from. */
const KEY_SOURCES = ['secret', 'publicKey', 'jwksUri'] as const;
/** What an undefined key source most often means, and the fix. */
const UNSET_HINT =
  'the environment variable it is read from is not set when forRoot() runs (ES modules run imports before a test sets process.env); ' +
  'set it before the app module is imported, or read it at startup: forRootAsync({ useFactory: () => ({ jwt: { secret: process.env.JWT_SECRET } }) }) ' +
  'or with ConfigService';

/** JWT options that only mean something for keys fetched from a JWKS. */
const REMOTE_KEY_OPTIONS = ['jwksCooldown', 'jwksTimeout', 'jwksCacheMaxAge', 'allowInsecureHttp'] as const;

/**
 * JWT rules across fields: those of each configuration (one key source, algorithms that suit it, fetchable URLs),
 * and with several configurations, one issuer (or more) of its own for each, since tokens are routed by `iss`.
 */
export function jwtProblems(jwt: JwtOptions | JwtOptions[], raw: unknown): string[] {
  if (!Array.isArray(jwt)) return jwt instanceof JwtOptions ? entryProblems(jwt, 'jwt', raw) : [];
  if (jwt.length === 0) return ['jwt: give at least one configuration'];
  const entries = Array.isArray(raw) ? raw : [];
  const problems = jwt.flatMap((entry, index) => (entry instanceof JwtOptions ? entryProblems(entry, `jwt.${index}`, entries[index]) : []));
  return jwt.length === 1 ? problems : [...problems, ...issuerRoutingProblems(jwt)];
}

/** The jwt options as class instances: one configuration, or a list of them. */
export function instantiateJwt(raw: unknown): JwtOptions | JwtOptions[] {
  if (Array.isArray(raw)) return raw.map((entry: unknown) => (isObject(entry) ? instantiate(JwtOptions, entry) : entry)) as JwtOptions[];
  return (isObject(raw) ? instantiate(JwtOptions, raw) : raw) as JwtOptions;
}

/** @param raw the configuration as given, to tell a key source set to undefined (an unset variable) from one left out. */
function entryProblems(jwt: JwtOptions, path: string, raw: unknown): string[] {
  const problems: string[] = [];
  const remote = jwt.jwksUri !== undefined || jwt.discovery === true;
  const sources = [jwt.secret, jwt.publicKey, jwt.jwksUri, jwt.discovery === true ? true : undefined];
  const given = sources.filter((source) => source !== undefined).length;
  const unset = KEY_SOURCES.filter((option) => isObject(raw) && Object.hasOwn(raw, option) && raw[option] === undefined);
  if (given === 0 && unset.length > 0) problems.push(...unset.map((option) => `${path}.${option} is undefined: ${UNSET_HINT}`));
  else if (given !== 1) problems.push(`${path}: give exactly one of secret, publicKey, jwksUri or discovery: true`);
  const algorithms = Array.isArray(jwt.algorithms) ? jwt.algorithms : [];
  if (jwt.secret !== undefined && algorithms.some((algorithm) => !algorithm.startsWith('HS'))) {
    problems.push(`${path}.algorithms: a secret only verifies HS256, HS384 or HS512`);
  }
  if ((jwt.publicKey !== undefined || remote) && jwt.algorithms === undefined) {
    problems.push(`${path}.algorithms: required with a public key or a JWKS (pin the algorithms your issuer signs with)`);
  }
  if ((jwt.publicKey !== undefined || remote) && algorithms.some((algorithm) => algorithm.startsWith('HS'))) {
    problems.push(`${path}.algorithms: HS* algorithms cannot be used with a public key or a JWKS (algorithm confusion)`);
  }
  return [...problems, ...remoteKeyProblems(jwt, path, remote)];
}

function remoteKeyProblems(jwt: JwtOptions, path: string, remote: boolean): string[] {
  const problems: string[] = [];
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
    if (!(entry instanceof JwtOptions)) return;
    if (entry.issuer === undefined) {
      problems.push(`jwt.${index}.issuer: required when jwt lists several configurations (tokens are routed by their iss)`);
      return;
    }
    for (const issuer of Array.isArray(entry.issuer) ? entry.issuer : [entry.issuer]) {
      const owner = owners.get(issuer);
      if (owner !== undefined && owner !== index) problems.push(`jwt.${index}.issuer: ${JSON.stringify(issuer)} is also the issuer of jwt.${owner}`);
      else owners.set(issuer, index);
    }
  });
  return problems;
}
