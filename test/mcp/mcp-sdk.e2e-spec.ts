import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
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
    const env = { JWT_ISSUER: provider.issuer, JWT_DISCOVERY: '1', MCP_AUTHORIZATION_SERVER: provider.issuer, MCP_RESOURCE: resource };
    server = await startTestApp(platform, { imports: [AppModule.register(demoAuthConfig(env), platform)] }, { port });
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

  it('discovers the resource metadata on 401, gets a token for the resource, lists only the tools its scopes allow, and refuses run_agent 403 step-up until a token has agents:execute', async () => {
    const credentials = { clientId: provider.client.clientId, clientSecret: provider.client.clientSecret, expectedIssuer: provider.issuer };
    const authProvider = new ClientCredentialsProvider({ ...credentials, scope: 'agents:read' });
    const client = new Client({ name: 'mcp-sdk-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(resource), { authProvider, fetch: recordingFetch }));

    expect(requests[0]?.status).toBe(401);
    expect(requests[0]?.wwwAuthenticate).toContain(
      `resource_metadata="http://127.0.0.1:${new URL(resource).port}/.well-known/oauth-protected-resource/mcp"`,
    );
    const readToken = authProvider.tokens()?.access_token ?? '';
    const readClaims = JSON.parse(Buffer.from(readToken.split('.')[1] ?? '', 'base64url').toString()) as { aud: string; scope: string };
    expect(readClaims).toMatchObject({ aud: resource, scope: 'agents:read' });

    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['list_agents']);
    const listed = await client.callTool({ name: 'list_agents', arguments: {} });
    expect(JSON.stringify(listed.content)).toContain('Support agent');

    // The SDK re-authorizes on 403 insufficient_scope, but its client-credentials token request asks for the
    // provider's configured scope, not the challenge's: the same 403 again, and the SDK gives up.
    const before = requests.length;
    await expect(client.callTool({ name: 'run_agent', arguments: { agentId: 'support', input: 'hi' } })).rejects.toThrow(/403/);
    expect(requests[before]?.status).toBe(403);
    expect(requests[before]?.wwwAuthenticate).toMatch(/error="insufficient_scope".*scope="agents:read agents:execute"/);
    await client.close();

    const stepUp = new ClientCredentialsProvider({ ...credentials, scope: 'agents:read agents:execute' });
    const stepUpClient = new Client({ name: 'mcp-sdk-e2e', version: '1.0.0' });
    await stepUpClient.connect(new StreamableHTTPClientTransport(new URL(resource), { authProvider: stepUp, fetch: recordingFetch }));
    expect((await stepUpClient.listTools()).tools.map((tool) => tool.name)).toEqual(['list_agents', 'run_agent']);
    const run = await stepUpClient.callTool({ name: 'run_agent', arguments: { agentId: 'support', input: 'hi' } });
    expect(JSON.stringify(run.content)).toContain('you said: hi');
    await stepUpClient.close();
  }, 60_000);
});
