import { describe, expect, it } from '@jest/globals';
import jsonwebtoken from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../strategies/api-key/api-key-material.js';
import { runCli, USAGE_EXIT_CODE } from './run-cli.js';

const SECRET = randomBytes(32).toString('base64url');

/** Runs a command line in process and collects what it wrote. */
function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line), env });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('nest-agent-auth CLI', () => {
  it('secret: prints 32 random bytes as base64url', () => {
    const first = run(['secret']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.stdout, 'base64url')).toHaveLength(32);
    expect(run(['secret']).stdout).not.toBe(first.stdout);
  });

  it('key: prints a key, its sha256 hash and a snippet with the id and roles', () => {
    const { code, stdout } = run(['key', '--id', 'ci-bot', '--roles', 'operator,runner']);
    expect(code).toBe(0);
    const key = /^\s+(ak_\S+)$/m.exec(stdout)?.[1] as string;
    expect(key).toMatch(/^ak_[A-Za-z0-9_-]{43}$/);
    expect(stdout).toContain(`  ${hashApiKey(key)}`);
    expect(stdout).toContain(`keys: [{ id: 'ci-bot', hash: '${hashApiKey(key)}', roles: ['operator', 'runner'] }]`);
    expect(stdout.match(new RegExp(key, 'g'))).toHaveLength(1);
  });

  it('key --json: prints one JSON object', () => {
    const { code, stdout } = run(['key', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { key: string; hash: string; roles: string[] };
    expect(parsed.hash).toBe(hashApiKey(parsed.key));
    expect(parsed.roles).toEqual([]);
  });

  it('token: signs HS256 with JWT_SECRET, with roles, scope, audience, issuer and a lifetime', () => {
    const { code, stdout, stderr } = run(
      [
        'token',
        '--sub',
        'u1',
        '--roles',
        'admin',
        '--roles',
        'operator',
        '--scopes',
        'agents:read agents:execute',
        '--ttl',
        '15m',
        '--aud',
        'agent-api',
        '--iss',
        'https://auth.test',
      ],
      { JWT_SECRET: SECRET },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const payload = jsonwebtoken.verify(stdout, SECRET, { algorithms: ['HS256'], audience: 'agent-api', issuer: 'https://auth.test' }) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({ sub: 'u1', roles: ['admin', 'operator'], scope: 'agents:read agents:execute' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(900);
    expect(jsonwebtoken.decode(stdout, { complete: true })?.header.alg).toBe('HS256');
  });

  it('token: --secret wins over JWT_SECRET, and the default lifetime is 15 minutes', () => {
    const other = randomBytes(32).toString('hex');
    const { stdout } = run(['token', '--sub', 'u1', `--secret=${other}`], { JWT_SECRET: SECRET });
    const payload = jsonwebtoken.verify(stdout, other) as Record<string, number>;
    expect(payload.exp - payload.iat).toBe(900);
    expect(payload).not.toHaveProperty('roles');
    expect(payload).not.toHaveProperty('scope');
  });

  it.each<[string, string[], Record<string, string>, string]>([
    ['no command', [], {}, 'Usage: nest-agent-auth'],
    ['an unknown command', ['keys'], {}, 'unknown command "keys"'],
    ['an unknown option', ['key', '--name', 'x'], {}, "Unknown option '--name'"],
    ['a stray argument', ['secret', 'now'], {}, "Unexpected argument 'now'"],
    ['an option without its value', ['key', '--id'], {}, "Option '--id <value>' argument missing"],
    ['an empty id', ['key', '--id', ' '], {}, '--id must be a non-empty word'],
    ['a token without --sub', ['token'], { JWT_SECRET: SECRET }, '--sub is required'],
    ['a token without secret', ['token', '--sub', 'u1'], {}, 'no secret: set JWT_SECRET or pass --secret'],
    ['a secret under 32 bytes', ['token', '--sub', 'u1', '--secret', 'x'.repeat(31)], {}, 'the secret must be at least 32 bytes (got 31)'],
    ['a short JWT_SECRET', ['token', '--sub', 'u1'], { JWT_SECRET: 'short' }, 'the secret must be at least 32 bytes (got 5)'],
    ['a bad ttl', ['token', '--sub', 'u1', '--ttl', 'soon'], { JWT_SECRET: SECRET }, '--ttl must be a positive duration'],
    ['a zero ttl', ['token', '--sub', 'u1', '--ttl', '0'], { JWT_SECRET: SECRET }, '--ttl must be a positive duration'],
  ])('refuses %s with exit code 2 and a message on stderr only', (_name, args, env, message) => {
    const { code, stdout, stderr } = run(args, env);
    expect(code).toBe(USAGE_EXIT_CODE);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toContain(SECRET);
  });

  it.each([[['--help']], [['help']], [['token', '--help']], [['-h']]])('prints usage on stdout for %j', (args) => {
    const { code, stdout, stderr } = run(args);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Usage: nest-agent-auth <command>');
  });
});
