import { parseArgs } from 'node:util';
import { generateApiKey, hashApiKey } from '../strategies/api-key/api-key-material.js';
import type { CliIo } from './cli-io.js';
import { splitList, strictOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

/**
 * `nest-agent-auth key [--id ci-bot] [--roles operator] [--json]`: prints a new API key, its `sha256:` hash and
 * the options snippet that accepts it. The key is shown once; only the hash belongs in configuration.
 */
export function keyCommand(args: readonly string[], io: CliIo): void {
  const values = strictOptions(
    () =>
      parseArgs({
        args: [...args],
        options: { id: { type: 'string' }, roles: { type: 'string', multiple: true }, json: { type: 'boolean' } },
      }).values,
  );
  const id = values.id;
  if (id !== undefined && (id.trim() === '' || /\s/.test(id))) throw new UsageError('--id must be a non-empty word without spaces');
  const roles = splitList(values.roles);
  const key = generateApiKey();
  const hash = hashApiKey(key);
  if (values.json) {
    io.out(JSON.stringify({ id, key, hash, roles }));
    return;
  }
  const entry = [
    id === undefined ? '' : `id: ${quote(id)}, `,
    `hash: ${quote(hash)}`,
    roles.length ? `, roles: [${roles.map(quote).join(', ')}]` : '',
  ].join('');
  io.out('API key (give it to the caller; it is not stored anywhere, keep it secret):');
  io.out(`  ${key}`);
  io.out('Its hash (this goes in your configuration):');
  io.out(`  ${hash}`);
  io.out('Options snippet:');
  io.out(`  AgentAuthModule.forRoot({ apiKey: { keys: [{ ${entry} }] } })`);
  io.out('Send it as:');
  io.out('  x-api-key: <key>    or    Authorization: ApiKey <key>');
}

function quote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}
