import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AgentAuthModule } from 'nest-agent-auth';
import { AgentsService } from '../../src/agents/agents.service.js';
import { demoMcpResource } from '../../src/auth.config.js';
import { McpController } from '../../src/mcp/mcp.controller.js';
import { freePort } from '../support/free-port.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(PLATFORMS)('the demo MCP server with the official SDK client (%s)', (platform) => {
  let provider: TestOidcProvider;
  let server: TestApp;
  let resource: string;
  const requests: Array<{ status: number; wwwAuthenticate: string | null }> = [];

  beforeAll(async () => {
    const port = await freePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    provider = await startOidcProvider({ mcpResource: resource });
    const mcp = demoMcpResource({ MCP_AUTHORIZATION_SERVER: provider.issuer, MCP_RESOURCE: resource });
    server = await startTestApp(
      platform,
      {
        imports: [
          AgentAuthModule.forRoot({
            jwt: { issuer: provider.issuer, discovery: true, algorithms: ['RS256'] },
            protectedResources: mcp && [mcp],
            principalContext: true,
          }),
        ],
        controllers: [McpController],
        providers: [AgentsService],
      },
      { port },
    );
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  /** A fetch that records the status and challenge of every answer of the MCP server. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input) === resource)
      requests.push({ status: response.status, wwwAuthenticate: response.headers.get('www-authenticate') });
    return response;
  };

  it('discovers the resource metadata on 401, gets a token for the resource, and steps up for run_agent', async () => {
    const authProvider = new ClientCredentialsProvider({
      clientId: provider.client.clientId,
      clientSecret: provider.client.clientSecret,
      expectedIssuer: provider.issuer,
      scope: 'agents:read',
    });
    const client = new Client({ name: 'mcp-sdk-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(resource), { authProvider, fetch: recordingFetch }));

    expect(requests[0]?.status).toBe(401);
    expect(requests[0]?.wwwAuthenticate).toContain(
      `resource_metadata="http://127.0.0.1:${new URL(resource).port}/.well-known/oauth-protected-resource/mcp"`,
    );
    const readToken = authProvider.tokens()?.access_token ?? '';
    const readClaims = JSON.parse(Buffer.from(readToken.split('.')[1] ?? '', 'base64url').toString()) as { aud: string; scope: string };
    expect(readClaims).toMatchObject({ aud: resource, scope: 'agents:read' });

    expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['list_agents', 'run_agent']);
    const listed = await client.callTool({ name: 'list_agents', arguments: {} });
    expect(JSON.stringify(listed.content)).toContain('Support agent');

    const before = requests.length;
    const run = await client.callTool({ name: 'run_agent', arguments: { agentId: 'support', input: 'hi' } });
    expect(requests.slice(before).map((request) => request.status)).toEqual([403, 200]);
    expect(requests[before]?.wwwAuthenticate).toMatch(/error="insufficient_scope".*scope="agents:read agents:execute"/);
    expect(JSON.stringify(run.content)).toContain('you said: hi');
    const stepUpClaims = JSON.parse(Buffer.from((authProvider.tokens()?.access_token ?? '').split('.')[1] ?? '', 'base64url').toString()) as {
      scope: string;
    };
    expect(stepUpClaims.scope.split(' ').sort()).toEqual(['agents:execute', 'agents:read']);
    await client.close();
  });
});
