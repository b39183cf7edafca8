import { Body, Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AgentsService } from '../agents/agents.service.js';

/** A request or reply of Express (a Node message itself) or Fastify (the Node message under `raw`). */
type PlatformMessage<T> = T | { raw: T; hijack?: () => void };

/**
 * The demo's agents as MCP tools at `/mcp`, served by the official SDK (Streamable HTTP, stateless: a new server and
 * transport per request). `list_agents` needs the resource's base scope, `run_agent` also `agents:execute`: the
 * library's guard checks both (from the `protectedResources` entry) before the SDK sees the call.
 */
@Controller('mcp')
export class McpController {
  constructor(private readonly agents: AgentsService) {}

  @Post() post(@Req() req: PlatformMessage<IncomingMessage>, @Res() res: PlatformMessage<ServerResponse>, @Body() body: unknown): Promise<void> {
    return this.serve(req, res, body);
  }

  @Get() get(@Req() req: PlatformMessage<IncomingMessage>, @Res() res: PlatformMessage<ServerResponse>): Promise<void> {
    return this.serve(req, res);
  }

  @Delete() delete(@Req() req: PlatformMessage<IncomingMessage>, @Res() res: PlatformMessage<ServerResponse>): Promise<void> {
    return this.serve(req, res);
  }

  private async serve(req: PlatformMessage<IncomingMessage>, res: PlatformMessage<ServerResponse>, body?: unknown): Promise<void> {
    if ('hijack' in res && res.hijack) res.hijack();
    const server = this.server();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const raw = 'raw' in res ? res.raw : res;
    raw.on('close', () => void Promise.all([transport.close(), server.close()]));
    await server.connect(transport);
    await transport.handleRequest('raw' in req ? req.raw : req, raw, body);
  }

  /** An MCP server whose tools run the demo agents for the caller of this request. */
  private server(): McpServer {
    const server = new McpServer({ name: 'nest-agent-auth-demo', version: '1.0.0' });
    server.registerTool('list_agents', { description: 'Lists the agents of the demo server.' }, () => ({
      content: [{ type: 'text', text: JSON.stringify(this.agents.list()) }],
    }));
    server.registerTool(
      'run_agent',
      { description: 'Runs an agent on a text input.', inputSchema: { agentId: z.string(), input: z.string() } },
      ({ agentId, input }) => ({ content: [{ type: 'text', text: this.agents.reply(agentId, input).text }] }),
    );
    return server;
  }
}
