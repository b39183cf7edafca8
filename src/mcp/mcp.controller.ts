import { Body, Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { AuthContext, ProtectedResources } from 'nest-agent-auth';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AgentsService } from '../agents/agents.service.js';

/** A request or reply of Express (a Node message itself) or Fastify (the Node message under `raw`). */
type PlatformMessage<T> = T | { raw: T; hijack?: () => void };

/** A demo tool: its MCP name, and how it registers itself on a per-request server. */
interface DemoTool {
  readonly name: string;
  register(server: McpServer): void;
}

/**
 * The demo's agents as MCP tools at `/mcp`, served by the official SDK (Streamable HTTP, stateless: a new server and
 * transport per request). `list_agents` needs the resource's base scope, `run_agent` also `agents:execute`: the
 * library's guard checks both (from the `protectedResources` entry) before the SDK sees a call, and each request's
 * server registers only the tools its caller may call, so `tools/list` shows those.
 */
@Controller('mcp')
export class McpController {
  private readonly tools: readonly DemoTool[];

  constructor(
    agents: AgentsService,
    private readonly resources: ProtectedResources,
  ) {
    this.tools = [
      {
        name: 'list_agents',
        register: (server) =>
          server.registerTool('list_agents', { description: 'Lists the agents of the demo server.' }, () => ({
            content: [{ type: 'text', text: JSON.stringify(agents.list()) }],
          })),
      },
      {
        name: 'run_agent',
        register: (server) =>
          server.registerTool(
            'run_agent',
            { description: 'Runs an agent on a text input.', inputSchema: { agentId: z.string(), input: z.string() } },
            ({ agentId, input }) => ({ content: [{ type: 'text', text: agents.reply(agentId, input).text }] }),
          ),
      },
    ];
  }

  @Post() post(
    @Req() req: PlatformMessage<IncomingMessage>,
    @Res() res: PlatformMessage<ServerResponse>,
    @AuthContext() auth: AuthContext,
    @Body() body: unknown,
  ): Promise<void> {
    return this.serve(req, res, auth, body);
  }

  @Get() get(
    @Req() req: PlatformMessage<IncomingMessage>,
    @Res() res: PlatformMessage<ServerResponse>,
    @AuthContext() auth: AuthContext,
  ): Promise<void> {
    return this.serve(req, res, auth);
  }

  @Delete() delete(
    @Req() req: PlatformMessage<IncomingMessage>,
    @Res() res: PlatformMessage<ServerResponse>,
    @AuthContext() auth: AuthContext,
  ): Promise<void> {
    return this.serve(req, res, auth);
  }

  private async serve(req: PlatformMessage<IncomingMessage>, res: PlatformMessage<ServerResponse>, auth: AuthContext, body?: unknown): Promise<void> {
    if ('hijack' in res && res.hijack) res.hijack();
    const server = new McpServer({ name: 'nest-agent-auth-demo', version: '1.0.0' });
    const [resource] = this.resources.uris();
    for (const tool of this.resources.callableTools(resource, this.tools, auth)) tool.register(server);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const raw = 'raw' in res ? res.raw : res;
    raw.on('close', () => void Promise.all([transport.close(), server.close()]));
    await server.connect(transport);
    await transport.handleRequest('raw' in req ? req.raw : req, raw, body);
  }
}
