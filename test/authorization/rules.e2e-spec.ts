import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AgentAuthModule, RoutePolicyRegistry, type AgentAuthModuleOptions, type AuthEvent } from 'nest-agent-auth';
import { BrokenAccess, FIXTURE_RULES, ProjectAccess, RuleHits, RulesController } from '../fixtures/rules.fixture.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { refusedBeforeHandler } from '../support/refusal.js';
import { PLATFORMS, startTestApp, withTestApp, type Platform, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const secret = newSecret();
const admin = signToken(secret, { sub: 'ada', roles: ['admin'] });
const alice = signToken(secret, { sub: 'alice', permissions: ['agents:a1:run', 'agents:a1:deploy'] });
const olga = signToken(secret, { sub: 'olga', roles: ['operator', 'ops'], permissions: ['agents:a1:deploy'] });

const providers = [RuleHits, ProjectAccess, BrokenAccess];

/** The fixture app with these rules (the fixture's by default), logging into `logger`. */
function start(platform: Platform, options: AgentAuthModuleOptions, logger: CapturedLogger): Promise<TestApp> {
  return startTestApp(
    platform,
    { imports: [AgentAuthModule.forRoot({ jwt: { secret }, rules: FIXTURE_RULES, ...options })], controllers: [RulesController], providers },
    { logger },
  );
}

/** The boot error of an app that must not start (undefined when it did start, after closing it). */
async function bootError(platform: Platform, options: AgentAuthModuleOptions, extraProviders = providers): Promise<string | undefined> {
  try {
    const metadata = {
      imports: [AgentAuthModule.forRoot({ jwt: { secret }, ...options })],
      controllers: [RulesController],
      providers: extraProviders,
    };
    await withTestApp(platform, metadata, () => undefined);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe.each(PLATFORMS)('rules in options on %s', (platform) => {
  let server: TestApp;
  let hits: RuleHits;
  let access: ProjectAccess;
  const logger = new CapturedLogger();
  const events: AuthEvent[] = [];
  beforeAll(async () => {
    server = await start(platform, { onAuthEvent: (event) => events.push(event) }, logger);
    hits = server.app.get(RuleHits);
    access = server.app.get(ProjectAccess);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
    access.calls.length = 0;
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const refused = (send: request.Test, status: number, code: string) => refusedBeforeHandler(hits, send, status, code);

  it('a rule with roles: needs one of them on every route its pattern covers', async () => {
    await request(server.url).get('/admin/reports').set(as(admin)).expect(200);
    await refused(request(server.url).get('/admin/reports').set(as(alice)), 403, 'insufficient_role');
    await refused(request(server.url).get('/admin/reports'), 401, 'missing_credentials');
  });

  it("a rule's permission placeholder is filled from the declared route's param at the pattern's :name", async () => {
    await request(server.url).post('/agents/a1/run').set(as(alice)).expect(201, { ran: 'a1' });
    await refused(request(server.url).post('/agents/a2/run').set(as(alice)), 403, 'insufficient_permission');
    expect(events.at(-1)?.decisions).toEqual([
      { check: 'permission', outcome: 'refused', subject: 'agents:a2:run', reason: 'not held by the principal' },
    ]);
  });

  it("adds to the handler's decorators: both must hold", async () => {
    await request(server.url).post('/agents/a1/deploy').set(as(olga)).expect(201, { deployed: 'a1' });
    await refused(request(server.url).post('/agents/a1/deploy').set(as(alice)), 403, 'insufficient_role');
    await refused(request(server.url).post('/agents/a2/deploy').set(as(olga)), 403, 'insufficient_permission');
  });

  it('a predicate grants, reading the params under the names of the pattern', async () => {
    await request(server.url).get('/projects/p1/secrets').set(as(alice)).expect(200, { secrets: 'p1' });
    expect(access.calls).toEqual([{ route: 'GET /projects/:project/secrets', method: 'GET', params: { project: 'p1' } }]);
    expect(events.at(-1)?.decisions).toEqual([
      { check: 'rule', outcome: 'granted', subject: 'GET /projects/:project/secrets', reason: 'granted by ProjectAccess' },
    ]);
  });

  it('a predicate that refuses answers 403 insufficient_permission, reported as a rule decision', async () => {
    await refused(request(server.url).get('/projects/p2/secrets').set(as(alice)), 403, 'insufficient_permission');
    await refused(request(server.url).get('/projects/p1/secrets').set(as(olga)), 403, 'insufficient_permission');
    expect(events.at(-1)).toMatchObject({
      outcome: 'refused',
      code: 'insufficient_permission',
      principalId: 'olga',
      decisions: [{ check: 'rule', outcome: 'refused', subject: 'GET /projects/:project/secrets', reason: 'refused by ProjectAccess' }],
    });
  });

  it('a predicate that throws is a server fault, never a pass', async () => {
    const before = hits.count;
    const response = await request(server.url).get('/projects/p1/broken').set(as(alice));
    expect(response.status).toBe(500);
    expect(response.text).not.toContain('membership service');
    expect(hits.count).toBe(before);
  });

  it('makes a @Public() handler private, and the audit says so', async () => {
    await request(server.url).get('/status').set(as(olga)).expect(200);
    await refused(request(server.url).get('/status'), 401, 'missing_credentials');
    await refused(request(server.url).get('/status').set(as(alice)), 403, 'insufficient_role');
    await request(server.url).get('/health').expect(200);
    const audit = logger.fromLibrary('warn').filter((line) => !line.message.startsWith('refused '));
    expect(audit.map((line) => line.message)).toEqual([
      'RulesController.status is @Public() but the rules option covers it ("GET /status"): it stays private',
    ]);
  });

  it("lists each route's permissions, checks and the rules that apply", () => {
    const entries = server.app.get(RoutePolicyRegistry).list();
    const entry = (route: string) => entries.find((candidate) => candidate.route === route);
    expect(entry('POST /agents/:id/deploy')).toEqual({
      route: 'POST /agents/:id/deploy',
      handler: 'RulesController.deploy',
      access: 'required',
      strategies: ['jwt'],
      roles: [{ roles: ['operator'], match: 'any' }],
      scopes: [],
      permissions: [
        {
          match: 'any',
          permissions: [{ source: 'agents:{id}:deploy', segments: [{ literal: 'agents' }, { param: 'id' }, { literal: 'deploy' }], params: ['id'] }],
        },
      ],
      tenant: undefined,
      ownership: [],
      identity: [],
      rules: ['POST /agents/:agent/deploy'],
    });
    expect(entry('GET /status')).toMatchObject({ access: 'required', roles: [{ roles: ['ops'], match: 'any' }], rules: ['GET /status'] });
    expect(entry('GET /health')).toMatchObject({ access: 'public', rules: [] });
  });
});

describe.each(PLATFORMS)('rules audited at startup on %s', (platform) => {
  it('logs the rules and permissions in the route table', async () => {
    const logger = new CapturedLogger();
    const server = await start(platform, { logRoutes: true }, logger);
    await server.close();
    const [table] = logger.fromLibrary('log').filter((line) => line.message.startsWith('Route policies:'));
    expect(table.message).toMatch(/ROUTE\s+ACCESS\s+STRATEGIES\s+ROLES\s+SCOPES\s+PERMISSIONS\s+CHECKS\s+RULES\s+HANDLER/);
    expect(table.message).toMatch(
      /POST \/agents\/:id\/deploy\s+required\s+jwt\s+any of operator\s+-\s+any of agents:\{id\}:deploy\s+-\s+POST \/agents\/:agent\/deploy\s+RulesController\.deploy/,
    );
    expect(table.message).toMatch(
      /GET \/projects\/:projectId\/secrets\s+required\s+jwt\s+-\s+-\s+-\s+-\s+GET \/projects\/:project\/secrets\s+RulesController\.secrets/,
    );
  });

  it('warns about a rule that matches no declared route, and refuses to boot with strict', async () => {
    const logger = new CapturedLogger();
    const server = await start(platform, { rules: [...FIXTURE_RULES, { route: 'GET /admn/**', roles: ['admin'] }] }, logger);
    await server.close();
    expect(logger.fromLibrary('warn').map((line) => line.message)).toContain('rules pattern "GET /admn/**" matches no declared route');
    const message = await bootError(platform, { strict: true, rules: [{ route: 'GET /admn/**', roles: ['admin'] }] });
    expect(message).toContain('AgentAuthModule (strict): the route audit failed');
    expect(message).toContain('rules pattern "GET /admn/**" matches no declared route');
  });

  it('refuses to boot when no module provides a predicate class', async () => {
    const message = await bootError(platform, { rules: [{ route: 'GET /projects/:project/secrets', authorize: ProjectAccess }] }, [RuleHits]);
    expect(message).toContain(
      'RulesController.secrets: rule "GET /projects/:project/secrets" authorizes with ProjectAccess, which no module provides (add it to a module\'s providers)',
    );
  });

  it('refuses to boot on a placeholder that is not a :name of the pattern, in the options error', async () => {
    const message = await bootError(platform, { rules: [{ route: 'POST /agents/*/run', permissions: ['agents:{agent}:run'] }] });
    expect(message).toContain('rules.0.permissions: agents:{agent}:run names {agent}, which is not a :name of POST /agents/*/run');
  });
});
