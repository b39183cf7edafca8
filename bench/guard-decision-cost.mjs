// Cost of one guard decision on the success path (ns per request, no HTTP): a cached HS256 token on a private route,
// with each hardening feature off and on. Shows what auth events and brute-force throttling add to a request.
//   npm run build:lib && node bench/guard-decision-cost.mjs
// AGENT_AUTH_DIST=<dir> points it at another build of libs/agent-auth (e.g. an older commit) to compare.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Controller, Get, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import jsonwebtoken from 'jsonwebtoken';

const CALLS = Number(process.env.CALLS ?? 1_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const dist = resolve(process.env.AGENT_AUTH_DIST ?? 'libs/agent-auth/dist');
const { AgentAuthModule, AgentAuthGuard } = await import(pathToFileURL(`${dist}/index.js`).href);

class AgentsController {
  list() {
    return [];
  }
}
Controller('agents')(AgentsController);
Get()(AgentsController.prototype, 'list', Object.getOwnPropertyDescriptor(AgentsController.prototype, 'list'));

const secret = randomBytes(32).toString('base64url');
const token = jsonwebtoken.sign({ sub: 'u1' }, secret, { algorithm: 'HS256', expiresIn: '1h' });
const request = {
  method: 'GET',
  headers: { host: 'localhost', authorization: `Bearer ${token}`, accept: '*/*' },
  rawHeaders: ['Host', 'localhost', 'Authorization', `Bearer ${token}`, 'Accept', '*/*'],
  ip: '127.0.0.1',
};
const context = {
  getClass: () => AgentsController,
  getHandler: () => AgentsController.prototype.list,
  getType: () => 'http',
  switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
};

/** Best and median ns per decision over ROUNDS passes of CALLS synchronous decisions. */
async function measure(label, options) {
  class BenchModule {}
  Module({ imports: [AgentAuthModule.forRoot({ jwt: { secret }, ...options })], controllers: [AgentsController] })(BenchModule);
  let app;
  try {
    app = await NestFactory.createApplicationContext(BenchModule, { logger: false, abortOnError: false });
  } catch {
    console.log(`${label.padEnd(52)} n/a (options unknown to this build)`);
    return;
  }
  const guard = app.get(AgentAuthGuard);
  if ((await guard.canActivate(context)) !== true) throw new Error('the bench token was refused');
  const rounds = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) guard.canActivate(context);
    if (round > 0) rounds.push(Number(process.hrtime.bigint() - start) / CALLS);
  }
  await app.close();
  rounds.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(52)} best ${rounds[0].toFixed(0).padStart(5)}  median ${rounds[Math.floor(ROUNDS / 2)].toFixed(0).padStart(5)} ns/decision`,
  );
}

Logger.overrideLogger(false);
console.log(`# guard decisions on a cached HS256 token (${CALLS} per round, ${dist})`);
await measure("logAuthEvents: 'none', no listener", { logAuthEvents: 'none' });
await measure("defaults (logAuthEvents: 'failures')", {});
await measure("onAuthEvent listener + logAuthEvents: 'none'", { logAuthEvents: 'none', onAuthEvent: () => undefined });
await measure('bruteForce (in-memory store)', { logAuthEvents: 'none', bruteForce: {} });
await measure('defaults + bruteForce', { bruteForce: {} });
