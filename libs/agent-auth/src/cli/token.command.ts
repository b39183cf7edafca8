import { parseArgs } from 'node:util';
import jsonwebtoken from 'jsonwebtoken';
import { MIN_SECRET_BYTES } from '../options/jwt.options.js';
import { durationSeconds } from '../util/duration.js';
import type { CliIo } from './cli-io.js';
import { splitList, strictOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

/**
 * `nest-agent-auth token --sub u1 [--roles admin] [--scopes "a b"] [--ttl 15m] [--aud x] [--iss y] [--secret s]`:
 * prints a HS256 JWT signed with `--secret` or `JWT_SECRET` (at least 32 bytes), with `roles` and `scope` claims.
 */
export function tokenCommand(args: readonly string[], io: CliIo): void {
  const values = strictOptions(
    () =>
      parseArgs({
        args: [...args],
        options: {
          sub: { type: 'string' },
          roles: { type: 'string', multiple: true },
          scopes: { type: 'string', multiple: true },
          ttl: { type: 'string', default: '15m' },
          aud: { type: 'string' },
          iss: { type: 'string' },
          secret: { type: 'string' },
        },
      }).values,
  );
  if (values.sub === undefined || values.sub.trim() === '') throw new UsageError('--sub is required (the token subject, e.g. --sub u1)');
  const ttl = durationSeconds(values.ttl);
  if (ttl === undefined || ttl <= 0) throw new UsageError(`--ttl must be a positive duration such as 900, 15m, 1h or 7d (got "${values.ttl}")`);
  const secret = values.secret ?? io.env.JWT_SECRET;
  if (secret === undefined || secret === '') throw new UsageError('no secret: set JWT_SECRET or pass --secret');
  const bytes = Buffer.byteLength(secret);
  if (bytes < MIN_SECRET_BYTES) {
    throw new UsageError(`the secret must be at least ${MIN_SECRET_BYTES} bytes (got ${bytes}); make one with: nest-agent-auth secret`);
  }
  const claims: Record<string, unknown> = { sub: values.sub };
  const roles = splitList(values.roles);
  const scopes = splitList(values.scopes);
  if (roles.length > 0) claims.roles = roles;
  if (scopes.length > 0) claims.scope = scopes.join(' ');
  io.out(
    jsonwebtoken.sign(claims, secret, {
      algorithm: 'HS256',
      expiresIn: ttl,
      ...(values.aud === undefined ? {} : { audience: values.aud }),
      ...(values.iss === undefined ? {} : { issuer: values.iss }),
    }),
  );
}
