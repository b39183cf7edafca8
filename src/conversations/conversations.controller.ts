import { Body, Controller, Get, Param, Post, Sse, type MessageEvent } from '@nestjs/common';
import { AllowQueryToken, BindIdentity, OwnedResource } from 'nest-agent-auth';
import type { Observable } from 'rxjs';
import { ConversationsService, type Conversation } from './conversations.service.js';

/** What starting a conversation takes; `userId` (as agent clients send it) is checked against the caller, or filled. */
interface StartConversation {
  readonly agentId?: unknown;
  readonly userId?: string;
}

/**
 * Conversations with the agents. Each belongs to the user who started it: reading, streaming or writing to
 * another user's is answered 404, exactly like one that does not exist; support staff (the `support` role,
 * granted `conversations:*:read`) may read any. Listing returns the caller's own only.
 */
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @BindIdentity({ userId: ['body.userId', 'body.requestContext.userId'] })
  @Post()
  start(@Body() body: StartConversation): Conversation {
    return this.conversations.start(typeof body.agentId === 'string' ? body.agentId : 'support');
  }

  @Get()
  list(): Conversation[] {
    return this.conversations.listOwn();
  }

  @OwnedResource('conversation', 'id', { bypass: 'conversations:{id}:read' })
  @Get(':id')
  get(@Param('id') id: string): Conversation {
    return this.conversations.get(id);
  }

  @OwnedResource('conversation', 'id')
  @Post(':id/messages')
  send(@Param('id') id: string, @Body() body: { text?: unknown }): Conversation {
    return this.conversations.send(id, typeof body?.text === 'string' ? body.text : '');
  }

  /** The conversation's messages live, as Server-Sent Events: Bearer header, `?ticket=` or `?token=`. */
  @OwnedResource('conversation', 'id')
  @AllowQueryToken()
  @Sse(':id/events')
  events(@Param('id') id: string): Observable<MessageEvent> {
    return this.conversations.events(id);
  }
}
