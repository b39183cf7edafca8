import type { AuthContext } from '../auth-context.js';

/** What a stream ticket stands for: the principal that asked for it and the one path it opens. */
export interface StoredTicket {
  /** The request path (no query) the ticket is valid for, in the canonical form `issue` accepted. */
  readonly path: string;
  /** The issuing principal; the request that redeems the ticket is authenticated as this identity. */
  readonly auth: AuthContext;
  /** Epoch milliseconds after which the ticket is refused. */
  readonly expiresAt: number;
}

/**
 * Where stream tickets are kept between `issue` and their single use. Keys are SHA-256 digests of the tickets,
 * never the tickets themselves. Implement it on Redis (`SET … PX` / `GETDEL`) to share tickets between instances.
 */
export interface TicketStore {
  /** Keeps a ticket until `ticket.expiresAt`. */
  save(id: string, ticket: StoredTicket): void | Promise<void>;
  /** Removes the ticket and returns it, atomically (so it can be used only once); undefined when unknown or expired. */
  take(id: string): StoredTicket | undefined | Promise<StoredTicket | undefined>;
}

/** Injection token of the {@link TicketStore} (in-memory by default; set `streaming.ticketStore` to replace it). */
export const TicketStore = Symbol('TicketStore');
