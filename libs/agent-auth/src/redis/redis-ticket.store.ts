import type { Redis } from 'ioredis';
import type { StoredTicket, TicketStore } from '../streaming/ticket-store.interface.js';

/**
 * A {@link TicketStore} on Redis, shared by every instance: `SET … PX NX` keeps a ticket until it expires, `GETDEL`
 * redeems it, so a ticket works once across all instances. When Redis fails, issuing and redeeming answer 503
 * `auth_unavailable` (fail closed).
 */
export class RedisTicketStore implements TicketStore {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Keeps a ticket until `ticket.expiresAt`. */
  async save(id: string, ticket: StoredTicket): Promise<void> {
    const ttlMs = ticket.expiresAt - Date.now();
    if (ttlMs <= 0) return;
    await this.client.set(this.key(id), JSON.stringify(ticket), 'PX', ttlMs, 'NX');
  }

  /** Removes the ticket and returns it, atomically (GETDEL). */
  async take(id: string): Promise<StoredTicket | undefined> {
    const stored = await this.client.getdel(this.key(id));
    return stored === null ? undefined : (JSON.parse(stored) as StoredTicket);
  }

  private key(id: string): string {
    return `${this.keyPrefix}ticket:${id}`;
  }
}
