import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { CliIo } from './cli-io.js';
import { strictOptions } from './parse-options.js';

/** Bytes of randomness in a generated secret (what HS256 needs). */
const SECRET_BYTES = 32;

/** `nest-agent-auth secret`: prints a new 32-byte random secret, base64url (for `JWT_SECRET`). */
export function secretCommand(args: readonly string[], io: CliIo): void {
  strictOptions(() => parseArgs({ args: [...args], options: {} }));
  io.out(randomBytes(SECRET_BYTES).toString('base64url'));
}
