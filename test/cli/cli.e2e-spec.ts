import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import request from 'supertest';
import { AgentAuthModule, hashApiKey } from 'nest-agent-auth';
import { AgentsFixtureController } from '../fixtures/agents.fixture.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The CLI as users run it: `npm run cli -- key --id ci-bot`, this repository's form, builds the library (what gets
 * published) and runs it; then each test spawns `node` on the file the package's `bin` names, exactly what
 * `npx nest-agent-auth` runs from the installed package (the consumer check runs that one).
 */
const ROOT = resolve(process.cwd());
const LIBRARY = join(ROOT, 'libs/agent-auth');
const manifest = JSON.parse(readFileSync(join(LIBRARY, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
const BIN = join(LIBRARY, manifest.bin['nest-agent-auth']);

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

let keyFromNpmRun: string;

beforeAll(() => {
  keyFromNpmRun = execFileSync('npm', ['run', '-s', 'cli', '--', 'key', '--id', 'ci-bot', '--json'], { cwd: ROOT, encoding: 'utf8' });
}, 120_000);

describe('nest-agent-auth CLI as a process', () => {
  it('is the bin of the published package, inside its files, with a node shebang', () => {
    expect(manifest.bin['nest-agent-auth']).toBe('./dist/cli/main.js');
    expect(manifest.files).toContain(dirname(manifest.bin['nest-agent-auth']).split('/')[1]);
    expect(existsSync(BIN)).toBe(true);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs in this repository as `npm run cli -- key --id ci-bot`', () => {
    const made = JSON.parse(keyFromNpmRun) as { id: string; hash: string };
    expect({ id: made.id, hash: /^sha256:[0-9a-f]{64}$/.test(made.hash) }).toEqual({ id: 'ci-bot', hash: true });
  });

  it('secret: exits 0 with a 32-byte base64url secret on stdout', () => {
    const { code, stdout, stderr } = cli(['secret']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(Buffer.from(stdout, 'base64url')).toHaveLength(32);
  });

  it.each([
    [['bogus'], 'unknown command "bogus"'],
    [['key', '--bogus'], "Unknown option '--bogus'"],
    [['token', '--sub', 'u1'], 'no secret'],
    [[], 'Usage: nest-agent-auth'],
  ])('exits 2 with a message on stderr for %j', (args, message) => {
    const { code, stdout, stderr } = cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('token: refuses a JWT_SECRET under 32 bytes with exit 2', () => {
    const { code, stderr } = cli(['token', '--sub', 'u1'], { JWT_SECRET: 'too-short' });
    expect(code).toBe(2);
    expect(stderr).toContain('at least 32 bytes (got 9)');
    expect(stderr).not.toContain('too-short');
  });
});

describe.each(PLATFORMS)('credentials made by the CLI on %s', (platform) => {
  let server: TestApp;
  let secret: string;
  let made: { key: string; hash: string; roles: string[] };

  beforeAll(async () => {
    // Made after the top-level beforeAll compiled the CLI.
    secret = cli(['secret']).stdout;
    made = JSON.parse(cli(['key', '--id', 'ci-bot', '--roles', 'operator', '--json']).stdout) as typeof made;
    server = await startTestApp(platform, {
      imports: [
        AgentAuthModule.forRoot({
          jwt: { secret, audience: 'agent-api', issuer: 'https://auth.test' },
          apiKey: { keys: [{ id: 'ci-bot', hash: made.hash, roles: made.roles }] },
        }),
      ],
      controllers: [AgentsFixtureController],
    });
  });
  afterAll(() => server.close());

  it('a token signed with JWT_SECRET is accepted, with its roles and scopes', async () => {
    const { code, stdout } = cli(
      [
        'token',
        '--sub',
        'alice',
        '--roles',
        'operator',
        '--scopes',
        'agents:read agents:execute',
        '--ttl',
        '5m',
        '--aud',
        'agent-api',
        '--iss',
        'https://auth.test',
      ],
      { JWT_SECRET: secret },
    );
    expect(code).toBe(0);
    expect((await request(server.url).get('/agents').set('Authorization', `Bearer ${stdout}`)).body).toEqual({ userId: 'alice', method: 'jwt' });
    expect((await request(server.url).post('/agents/a1/deploy').set('Authorization', `Bearer ${stdout}`)).status).toBe(200);
    expect((await request(server.url).post('/agents/a1/execute').set('Authorization', `Bearer ${stdout}`)).status).toBe(200);
  });

  it('a key configured by the hash it printed is accepted, with its roles', async () => {
    expect(made.hash).toBe(hashApiKey(made.key));
    expect((await request(server.url).get('/agents').set('x-api-key', made.key)).body).toEqual({ userId: 'ci-bot', method: 'api-key' });
    expect((await request(server.url).post('/agents/a1/deploy').set('x-api-key', made.key)).status).toBe(200);
  });
});
