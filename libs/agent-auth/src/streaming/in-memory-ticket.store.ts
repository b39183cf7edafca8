import { BoundedCache } from '../util/bounded-cache.js';
import { DEFAULT_MAX_TICKETS } from './stream-ticket.constants.js';
import type { StoredTicket, TicketStore } from './ticket-store.interface.js';

/**
 * The default {@link TicketStore}: a size-capped map in this process. Expired tickets are dropped when read,
 * and the oldest ticket when the cap is reached, so memory stays bounded however many tickets are issued.
 */
export class InMemoryTicketStore implements TicketStore {
  private readonly tickets: BoundedCache<StoredTicket>;

  constructor(maxTickets = DEFAULT_MAX_TICKETS) {
    this.tickets = new BoundedCache(maxTickets);
  }

  /** Keeps a ticket until it expires. */
  save(id: string, ticket: StoredTicket): void {
    this.tickets.set(id, ticket, ticket.expiresAt);
  }

  /** Removes and returns a live ticket. */
  take(id: string): StoredTicket | undefined {
    return this.tickets.take(id, Date.now());
  }

  /** How many tickets are held (expired ones included until read or evicted). */
  get size(): number {
    return this.tickets.size;
  }
}
