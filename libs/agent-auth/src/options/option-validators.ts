import { KeyObject } from 'node:crypto';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parsePermissionTemplate } from '../authorization/permission.js';
import { parseRoutePattern } from '../policy/route-pattern.js';
import { isWellFormedApiKey, MAX_API_KEY_LENGTH, MIN_API_KEY_LENGTH } from '../strategies/api-key/api-key-material.js';
import { durationSeconds } from '../util/duration.js';
import { instantMs } from '../util/instant.js';
import { isSameOriginPath } from '../util/same-origin-path.js';

/** The value is a function (`mapUser`, `errorBody`, …). */
export const IsFunction = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    { name: 'isFunction', validator: { validate: (value) => typeof value === 'function', defaultMessage: () => '$property must be a function' } },
    options,
  );

/** The value is a non-empty string or a non-empty list of non-empty strings (`issuer`, `audience`). */
export const IsStringOrStringList = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isStringOrStringList',
      validator: {
        validate: (value) => isNonEmptyString(value) || (Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString)),
        defaultMessage: () => '$property must be a non-empty string or a non-empty list of them',
      },
    },
    options,
  );

/** A shared secret of at least `min` bytes, as a string or a Buffer; the message never shows the secret. */
export const IsSecret = (min: number, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isSecret',
      validator: {
        validate: (value) => (typeof value === 'string' || Buffer.isBuffer(value)) && Buffer.byteLength(value) >= min,
        defaultMessage: () => `$property must be a string or Buffer of at least ${min} bytes`,
      },
    },
    options,
  );

/** A PEM string or a `KeyObject` holding a public key. */
export const IsPublicKey = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPublicKey',
      validator: {
        validate: (value) => (value instanceof KeyObject ? value.type === 'public' : typeof value === 'string' && value.includes('-----BEGIN')),
        defaultMessage: () => '$property must be a PEM string or a public KeyObject',
      },
    },
    options,
  );

/** A route pattern `parseRoutePattern` accepts; the message says why one does not parse. */
export const IsRoutePattern = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isRoutePattern',
      validator: {
        validate: (value) => typeof value === 'string' && patternProblem(value) === undefined,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          const invalid = Array.isArray(value) ? value.find((item) => typeof item !== 'string' || patternProblem(item)) : value;
          return `$property has a pattern that cannot parse: ${JSON.stringify(invalid)} (${typeof invalid === 'string' ? patternProblem(invalid) : 'not a string'})`;
        },
      },
    },
    options,
  );

/** A plain API key: {@link MIN_API_KEY_LENGTH} to {@link MAX_API_KEY_LENGTH} visible ASCII characters, no space or comma; the message never shows the key. */
export const IsApiKey = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isApiKey',
      validator: {
        validate: (value) => typeof value === 'string' && value.length >= MIN_API_KEY_LENGTH && isWellFormedApiKey(value),
        defaultMessage: (args) =>
          args?.value === ''
            ? '$property must not be empty'
            : `$property must be a string of ${MIN_API_KEY_LENGTH} to ${MAX_API_KEY_LENGTH} visible ASCII characters, without spaces or commas`,
      },
    },
    options,
  );

/** An object with a `findByHash` method (an `ApiKeyStore`). */
export const IsApiKeyStore = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isApiKeyStore',
      validator: {
        validate: (value) => typeof value === 'object' && value !== null && typeof (value as { findByHash?: unknown }).findByHash === 'function',
        defaultMessage: () => '$property must be an ApiKeyStore (an object with a findByHash method)',
      },
    },
    options,
  );

/** A point in time: a valid Date or a string `Date.parse` reads (ISO 8601). */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => instantMs(value) !== undefined,
        defaultMessage: () => '$property must be a Date or an ISO 8601 date string',
      },
    },
    options,
  );

/** A duration: seconds (a number ≥ 0) or a string such as `'90'`, `'30s'`, `'15m'`, `'1h'`, `'7d'`. */
export const IsDuration = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isDuration',
      validator: {
        validate: (value) => (typeof value === 'number' || typeof value === 'string') && durationSeconds(value) !== undefined,
        defaultMessage: () => "$property must be a number of seconds or a duration such as '30s', '15m', '1h'",
      },
    },
    options,
  );

/** A required permission `parsePermissionTemplate` accepts (`agents:{agent}:run`); the message says why one does not. */
export const IsPermissionTemplate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPermissionTemplate',
      validator: {
        validate: (value) => typeof value === 'string' && templateProblem(value) === undefined,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          const invalid = Array.isArray(value) ? value.find((item) => typeof item !== 'string' || templateProblem(item)) : value;
          return `$property has ${typeof invalid === 'string' ? `a ${templateProblem(invalid)}` : `a permission that is not a string: ${JSON.stringify(invalid)}`}`;
        },
      },
    },
    options,
  );

function templateProblem(template: string): string | undefined {
  try {
    parsePermissionTemplate(template);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function patternProblem(pattern: string): string | undefined {
  try {
    parseRoutePattern(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** An object with the two methods of a `FailureStore`. */
export const IsFailureStore = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isFailureStore',
      validator: {
        validate: (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as Record<string, unknown>).blockedUntil === 'function' &&
          typeof (value as Record<string, unknown>).recordFailure === 'function',
        defaultMessage: () => '$property must be a FailureStore (an object with blockedUntil and recordFailure methods)',
      },
    },
    options,
  );

/** A `RevocationStore`: an object with `revoke` and `isRevoked` methods. */
export const IsRevocationStore = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isRevocationStore',
      validator: {
        validate: (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as Record<string, unknown>).revoke === 'function' &&
          typeof (value as Record<string, unknown>).isRevoked === 'function',
        defaultMessage: () => '$property must be a RevocationStore (an object with revoke and isRevoked methods)',
      },
    },
    options,
  );

/** A granted permission: `:`-separated segments, each non-empty, without spaces or braces (`*` is any one segment). */
const GRANTED_PERMISSION = /^[^\s:{}]+(?::[^\s:{}]+)*$/;

/** Role names mapped to lists of granted permissions (`rolePermissions`). */
export const IsPermissionMap = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPermissionMap',
      validator: {
        validate: (value) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.values(value).every(
            (granted) =>
              Array.isArray(granted) && granted.every((permission) => typeof permission === 'string' && GRANTED_PERMISSION.test(permission)),
          ),
        defaultMessage: () => "$property must map role names to lists of permissions such as 'agents:*:run' (':'-separated, no spaces or braces)",
      },
    },
    options,
  );

/** The methods of a `SessionStore`. */
const SESSION_STORE_METHODS = ['save', 'find', 'touch', 'updateTokens', 'delete', 'listByUser', 'deleteByUser'];

/** An object with the methods of a `SessionStore`. */
export const IsSessionStore = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isSessionStore',
      validator: {
        validate: (value) =>
          typeof value === 'object' &&
          value !== null &&
          SESSION_STORE_METHODS.every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
        defaultMessage: () => `$property must be a SessionStore (an object with ${SESSION_STORE_METHODS.join(', ')} methods)`,
      },
    },
    options,
  );

/** A path of this app (`/chat`): starts with one `/`, no scheme, host or backslash, so a redirect to it stays on this origin. */
export const IsSameOriginPath = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isSameOriginPath',
      validator: {
        validate: (value) => typeof value === 'string' && isSameOriginPath(value),
        defaultMessage: () => "$property must be a path of this app, starting with a single '/' (such as '/chat')",
      },
    },
    options,
  );

/** An OAuth scope token (RFC 6749 §3.3): visible ASCII, no space, `"` or `\`. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** An absolute `http:` or `https:` URL (an authorization server's issuer identifier). */
export const IsHttpUrl = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isHttpUrl',
      validator: {
        validate: isHttpUrl,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          const invalid: unknown = Array.isArray(value) ? value.find((item) => !isHttpUrl(item)) : value;
          return `$property must hold absolute http(s) URLs (${JSON.stringify(invalid)} is not one)`;
        },
      },
    },
    options,
  );

/** Tool names mapped to the OAuth scopes each needs (`protectedResources[].tools`). */
export const IsToolScopeMap = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isToolScopeMap',
      validator: {
        validate: (value) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(
            ([name, scopes]) => name !== '' && Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string' && SCOPE_TOKEN.test(scope)),
          ),
        defaultMessage: () => "$property must map tool names to lists of scopes, such as { run_agent: ['agents:execute'], list_agents: [] }",
      },
    },
    options,
  );

function isHttpUrl(value: unknown): boolean {
  return typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
