import { MessageBody, SubscribeMessage, WebSocketGateway, type WsResponse } from '@nestjs/websockets';
import { AllowQueryToken } from 'nest-agent-auth';
import { AgentsService } from '../agents/agents.service.js';

/** What a chat message carries: `{ "event": "chat", "data": { "agentId": "support", "text": "hi" } }`. */
interface ChatMessage {
  readonly agentId?: unknown;
  readonly text?: unknown;
}

/**
 * Chat with the agents over a WebSocket at `/ws` (ws adapter). The handshake is authenticated by the library
 * (Authorization header, `?ticket=` or `?token=`); each message is answered as the authenticated user.
 */
@AllowQueryToken()
@WebSocketGateway({ path: '/ws' })
export class ChatGateway {
  constructor(private readonly agents: AgentsService) {}

  @SubscribeMessage('chat')
  chat(@MessageBody() message: ChatMessage): WsResponse<ReturnType<AgentsService['reply']>> {
    const agentId = typeof message?.agentId === 'string' ? message.agentId : 'support';
    const text = typeof message?.text === 'string' ? message.text : '';
    return { event: 'chat', data: this.agents.reply(agentId, text) };
  }
}
