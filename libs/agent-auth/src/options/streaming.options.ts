import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { MAX_TICKET_TTL_SECONDS } from '../streaming/stream-ticket.constants.js';
import type { TicketStore } from '../streaming/ticket-store.interface.js';

/** SSE streams, WebSocket connections and stream tickets. */
export class StreamingOptions {
  /**
   * Close an `@Sse()` stream, or a WebSocket connection, when the token that opened it expires
   * (SSE: a last `token_expired` event, then the end of the stream; ws: close code 4401; socket.io: disconnect).
   * @default true
   */
  @IsOptional()
  @IsBoolean()
  closeAtExpiry?: boolean;

  /** Lifetime of a stream ticket when `issue` names none, in seconds (1 to 300). @default 30 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TICKET_TTL_SECONDS)
  ticketTtlSeconds?: number;

  /** Tickets the in-memory store keeps at most; the oldest is dropped beyond it. @default 10000 */
  @IsOptional()
  @IsInt()
  @Min(1)
  maxTickets?: number;

  /** Where tickets are kept (shared storage for several instances). @default an in-memory store */
  @IsOptional()
  @IsObject()
  ticketStore?: TicketStore;
}
