import { Injectable, NotFoundException, type MessageEvent } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CurrentAuth, type ResourceOwner } from 'nest-agent-auth';
import { ReplaySubject, type Observable } from 'rxjs';
import { AgentsService } from '../agents/agents.service.js';
import { SEARCH_COMMAND, WebSearchTool } from './web-search.tool.js';

/** One message of a conversation: the user's or the agent's. */
export interface ConversationMessage {
  readonly from: 'user' | 'agent';
  readonly text: string;
}

/** A conversation between one user and one agent; only its owner (or support staff) may see it. */
export interface Conversation {
  readonly id: string;
  readonly agentId: string;
  readonly ownerId: string;
  readonly tenantId?: string;
  readonly messages: readonly ConversationMessage[];
}

/** Messages a conversation keeps at most, and replays to a new stream (the demo's memory is bounded). */
const MAX_MESSAGES = 200;
/** Conversations kept at most; the oldest is forgotten first. */
const MAX_CONVERSATIONS = 10_000;

/** In-memory conversations with the agents; a stand-in for an agent framework's memory store. */
@Injectable()
export class ConversationsService {
  private readonly conversations = new Map<string, Conversation>();
  private readonly streams = new Map<string, ReplaySubject<MessageEvent>>();

  constructor(
    private readonly agents: AgentsService,
    private readonly current: CurrentAuth,
    private readonly search: WebSearchTool,
  ) {}

  /** Starts a conversation owned by the caller. */
  start(agentId: string): Conversation {
    this.agents.get(agentId);
    const caller = this.current.get();
    if (this.conversations.size >= MAX_CONVERSATIONS) this.forget(this.conversations.keys().next().value as string);
    const conversation: Conversation = { id: randomUUID(), agentId, ownerId: caller.userId, tenantId: caller.tenantId, messages: [] };
    this.conversations.set(conversation.id, conversation);
    this.streams.set(conversation.id, new ReplaySubject(MAX_MESSAGES));
    return conversation;
  }

  private forget(id: string): void {
    this.conversations.delete(id);
    this.streams.get(id)?.complete();
    this.streams.delete(id);
  }

  /** The caller's conversations, and nobody else's. */
  listOwn(): Conversation[] {
    const { userId } = this.current.get();
    return [...this.conversations.values()].filter((conversation) => conversation.ownerId === userId);
  }

  get(id: string): Conversation {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new NotFoundException(`No conversation "${id}"`);
    return conversation;
  }

  /** Who owns a conversation, for the demo's `OwnershipResolver`. */
  ownerOf(id: string): ResourceOwner | undefined {
    const conversation = this.conversations.get(id);
    return conversation && { ownerId: conversation.ownerId, tenantId: conversation.tenantId };
  }

  /** Adds the caller's message and the agent's reply; `/search <query>` makes the agent call its web search tool. */
  send(id: string, text: string): Conversation {
    const conversation = this.get(id);
    const reply = text.startsWith(SEARCH_COMMAND)
      ? this.search.search(text.slice(SEARCH_COMMAND.length))
      : this.agents.reply(conversation.agentId, text).text;
    const exchanged: ConversationMessage[] = [
      { from: 'user', text },
      { from: 'agent', text: reply },
    ];
    const next = { ...conversation, messages: [...conversation.messages, ...exchanged].slice(-MAX_MESSAGES) };
    this.conversations.set(id, next);
    for (const message of exchanged) this.streams.get(id)?.next({ type: 'message', data: message });
    return next;
  }

  /** The conversation's messages as SSE events: those so far, then each new one. */
  events(id: string): Observable<MessageEvent> {
    this.get(id);
    const stream = this.streams.get(id);
    if (!stream) throw new NotFoundException(`No conversation "${id}"`);
    return stream.asObservable();
  }
}
