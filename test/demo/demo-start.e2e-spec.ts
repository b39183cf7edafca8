import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect } from 'node:net';
import request from 'supertest';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Ends a process group we started, if anything of it is left. */
function killGroup(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing left of it.
  }
}

/** Whether something accepts connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * The README's `npm start`, as a newcomer runs it: it builds and starts the demo, prints an operator token and a
 * viewer token (a 403 out of the box), and SIGTERM to the process `npm start` launched stops the server.
 */
describe('npm start', () => {
  it('starts the demo with two development tokens, and stops on SIGTERM', async () => {
    const port = await freePort();
    const { JWT_SECRET: _secret, API_KEY_HASHES: _keys, ...inherited } = process.env;
    const env = { ...inherited, PORT: String(port), HOST: '127.0.0.1', PLATFORM: 'express', NO_COLOR: '1' };
    // A process group of its own, so that a failing test can end everything `npm start` launched.
    const child = spawn('npm', ['start'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + 240_000;
      while (!output.includes('Agent server listening') && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output.includes('Agent server listening')).toBe(true);
      const tokenAfter = (label: string) => new RegExp(`Development token \\(${label}, 1 hour\\):\\s+(\\S+)`).exec(output)?.[1] ?? '';
      const operator = tokenAfter('operator');
      const viewer = tokenAfter('viewer');
      const url = `http://127.0.0.1:${port}`;
      expect((await request(url).post('/workflows/nightly-report/run').set('Authorization', `Bearer ${viewer}`)).body.code).toBe('insufficient_role');
      expect((await request(url).post('/workflows/nightly-report/run').set('Authorization', `Bearer ${operator}`)).status).toBe(201);

      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      const stopped = Date.now() + 5000;
      while ((await accepts(port)) && Date.now() < stopped) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await accepts(port)).toBe(false);
    } finally {
      killGroup(child.pid);
    }
  }, 300_000);
});
