import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { AgentAuthModule, AllowQueryToken } from 'nest-agent-auth';
import { rawRequest } from '../support/raw-http.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

const RESOURCE = 'https://agents.example.test/api/mcp';
const OTHER = 'https://other.example.test/mcp';
const AS = 'https://auth.example.test';
const METADATA = 'https://agents.example.test/.well-known/oauth-protected-resource/api/mcp';
const secret = newSecret();

@Controller('mcp')
class McpController {
  @Post() @AllowQueryToken() call(@Body() body: unknown) {
    return { ok: true, body };
  }
  @Get() @AllowQueryToken() stream() {
    return { ok: true };
  }
}

/** A stream outside the resource: tickets work here, which shows the refusal on the resource is the resource's. */
@Controller('streams')
class StreamsController {
  @Get() @AllowQueryToken() stream() {
    return { ok: true };
  }
}

const resourceModule = AgentAuthModule.forRoot({
  jwt: { secret },
  streamTicketRoute: true,
  protectedResources: [
    { resource: RESOURCE, authorizationServers: [AS], scopes: ['mcp:tools'], tools: { list_agents: [], run_agent: ['agents:execute'] } },
  ],
});

const token = (claims: Record<string, unknown>) => `Bearer ${signToken(secret, claims)}`;
const call = (name: string, id = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } });

describe.each(PLATFORMS)('protected resource (%s)', (platform) => {
  let server: TestApp;
  const post = (headers: Record<string, string>, body: unknown) =>
    rawRequest(server.url, 'POST', '/api/mcp', { 'content-type': 'application/json', ...headers }, JSON.stringify(body));

  beforeAll(async () => {
    server = await startTestApp(
      platform,
      { imports: [resourceModule], controllers: [McpController, StreamsController] },
      { configure: (app) => app.setGlobalPrefix('api') },
    );
  });
  afterAll(() => server.close());

  it('serves its RFC 9728 metadata at the path form and the root form, publicly, with caching headers', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/api/mcp', '/.well-known/oauth-protected-resource']) {
      const response = await rawRequest(server.url, 'GET', path);
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        resource: RESOURCE,
        authorization_servers: [AS],
        scopes_supported: ['mcp:tools', 'agents:execute'],
        bearer_methods_supported: ['header'],
      });
      expect(response.headers['cache-control']).toBe('public, max-age=3600');
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('answers a call without a token 401 with resource_metadata and scope', async () => {
    const response = await post({}, call('list_agents'));
    expect({ status: response.status, code: response.json?.code }).toEqual({ status: 401, code: 'missing_credentials' });
    expect(response.headers['www-authenticate']).toBe(`Bearer realm="api", scope="mcp:tools", resource_metadata="${METADATA}"`);
  });

  it('answers an invalid token 401 invalid_token with resource_metadata and scope', async () => {
    const response = await post({ authorization: 'Bearer not.a.jwt' }, call('list_agents'));
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/error="invalid_token".*scope="mcp:tools", resource_metadata=/);
  });

  it.each([
    ['no aud', {}],
    ['another resource', { aud: OTHER }],
    ['a list without it', { aud: [OTHER, 'agent-api'] }],
  ])('refuses a token with %s: 401 invalid_token (no passthrough, although jwt sets no audience)', async (_name, claims) => {
    const response = await post({ authorization: token({ ...claims, scope: 'mcp:tools agents:execute' }) }, call('list_agents'));
    expect({ status: response.status, code: response.json?.code }).toEqual({ status: 401, code: 'invalid_token' });
    expect(response.headers['www-authenticate']).toContain(`resource_metadata="${METADATA}"`);
  });

  it('admits a token whose aud holds the resource URI', async () => {
    const response = await post({ authorization: token({ aud: [OTHER, RESOURCE], scope: 'mcp:tools' }) }, call('list_agents'));
    expect(response.status).toBe(201);
  });

  it('refuses a tool call without the tool scope with one 403 step-up challenge naming every scope the call needs', async () => {
    const response = await post({ authorization: token({ aud: RESOURCE, scope: 'mcp:tools' }) }, [call('list_agents'), call('run_agent', 2)]);
    expect({ status: response.status, code: response.json?.code }).toEqual({ status: 403, code: 'insufficient_scope' });
    expect(response.headers['www-authenticate']).toBe(
      `Bearer realm="api", error="insufficient_scope", scope="mcp:tools agents:execute", resource_metadata="${METADATA}"`,
    );
    const granted = await post({ authorization: token({ aud: RESOURCE, scope: 'mcp:tools agents:execute' }) }, call('run_agent'));
    expect(granted.status).toBe(201);
  });

  it('refuses a token without the resource scope 403 insufficient_scope', async () => {
    const response = await post({ authorization: token({ aud: RESOURCE, scope: 'agents:execute' }) }, call('list_agents'));
    expect({ status: response.status, code: response.json?.code }).toEqual({ status: 403, code: 'insufficient_scope' });
  });

  it('never lets an unknown tool through unchecked: 403 unknown_tool', async () => {
    for (const name of ['Run_Agent', 'delete_everything', '__proto__', 'constructor']) {
      const response = await post({ authorization: token({ aud: RESOURCE, scope: 'mcp:tools agents:execute' }) }, call(name));
      expect({ status: response.status, code: response.json?.code }).toEqual({ status: 403, code: 'unknown_tool' });
    }
  });

  it.each([
    ['an empty batch', []],
    ['a message without jsonrpc', { id: 1, method: 'tools/call', params: { name: 'run_agent' } }],
    ['a tools/call without a name', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: {} }],
    ['a tools/call with a numeric name', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 7 } }],
  ])('answers %s with 400 invalid_request, never a 500', async (_name, body) => {
    const response = await post({ authorization: token({ aud: RESOURCE, scope: 'mcp:tools agents:execute' }) }, body);
    expect({ status: response.status, code: response.json?.code }).toEqual({ status: 400, code: 'invalid_request' });
  });

  it('takes tokens from the Authorization header only, never a query token or a stream ticket, even with @AllowQueryToken()', async () => {
    const ticketFor = async (path: string) => {
      const issued = await rawRequest(
        server.url,
        'POST',
        '/api/auth/stream-tickets',
        { 'content-type': 'application/json', authorization: token({ sub: 'ada', scope: 'mcp:tools' }) },
        JSON.stringify({ path }),
      );
      expect(issued.status).toBe(201);
      return (issued.json as { ticket: string }).ticket;
    };
    const query = signToken(secret, { aud: RESOURCE, scope: 'mcp:tools' });
    for (const path of [`/api/mcp?token=${query}`, `/api/mcp?ticket=${await ticketFor('/api/mcp')}`]) {
      const response = await rawRequest(server.url, 'GET', path);
      expect({ status: response.status, code: response.json?.code }).toEqual({ status: 401, code: 'missing_credentials' });
      expect(response.headers['www-authenticate']).toContain('resource_metadata=');
    }
    expect((await rawRequest(server.url, 'GET', `/api/streams?ticket=${await ticketFor('/api/streams')}`)).status).toBe(200);
  });
});

describe('protected resource options', () => {
  const boot = (options: object, controllers: (new () => object)[] = [McpController]) =>
    startTestApp('express', { imports: [AgentAuthModule.forRoot({ jwt: { secret }, ...options })], controllers });

  it('names every problem in one boot error: a non-canonical URI, no authorization server', async () => {
    await expect(boot({ protectedResources: [{ resource: 'HTTPS://Agents.example.test/mcp/', authorizationServers: [AS] }] })).rejects.toThrow(
      /protectedResources\.0\.resource: .*not canonical.*write "https:\/\/agents\.example\.test\/mcp"/,
    );
    await expect(boot({ protectedResources: [{ resource: 'https://agents.example.test/x#frag', authorizationServers: [] }] })).rejects.toThrow(
      /authorizationServers: should not be empty[\s\S]*protectedResources\.0\.resource: .*not canonical/,
    );
  });

  it('refuses to boot when the resource URI is not where its routes are served (the global prefix forgotten)', async () => {
    const started = startTestApp(
      'express',
      {
        imports: [
          AgentAuthModule.forRoot({
            jwt: { secret },
            protectedResources: [{ resource: 'https://agents.example.test/mcp', authorizationServers: [AS], paths: ['/api/mcp'] }],
          }),
        ],
        controllers: [McpController],
      },
      { configure: (app) => app.setGlobalPrefix('api') },
    );
    await expect(started).rejects.toThrow(
      /POST \/api\/mcp belongs to protected resource https:\/\/agents\.example\.test\/mcp but is not served under/,
    );
  });

  it('refuses to boot on a path prefix that matches no route', async () => {
    await expect(boot({ protectedResources: [{ resource: 'https://agents.example.test/tools', authorizationServers: [AS] }] })).rejects.toThrow(
      /path prefix "\/tools" matches no declared route/,
    );
  });
});
