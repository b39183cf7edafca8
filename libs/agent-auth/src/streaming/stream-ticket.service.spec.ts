import { describe, expect, it } from '@jest/globals';
import type { AuthContext } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import { InMemoryTicketStore } from './in-memory-ticket.store.js';
import { StreamTicketService } from './stream-ticket.service.js';
import type { StoredTicket, TicketStore } from './ticket-store.interface.js';

const alice: AuthContext = Object.freeze({ userId: 'alice', method: 'jwt', roles: ['operator'], scopes: [], claims: {} });
const service = (store: TicketStore = new InMemoryTicketStore()) => new StreamTicketService(store, {});
const code = (outcome: unknown) => (outcome instanceof AuthError ? outcome.code : outcome);

describe('StreamTicketService', () => {
  it('issues a 30-second ticket that redeems once, for its path, as the issuer (method ticket)', async () => {
    const tickets = service();
    const before = Date.now();
    const { ticket, expiresAt } = await tickets.issue(alice, { path: '/agents/a/events' });
    const after = Date.now();
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(29_000);
    expect(Date.parse(expiresAt) - after).toBeLessThanOrEqual(30_000);
    expect(await tickets.redeem(ticket, '/agents/a/events')).toEqual({ ...alice, method: 'ticket' });
    expect(code(await tickets.redeem(ticket, '/agents/a/events'))).toBe('invalid_token');
  });

  it('burns a ticket tried on another path', async () => {
    const tickets = service();
    const { ticket } = await tickets.issue(alice, { path: '/agents/a/events' });
    expect(code(await tickets.redeem(ticket, '/agents/b/events'))).toBe('invalid_token');
    expect(code(await tickets.redeem(ticket, '/agents/a/events'))).toBe('invalid_token');
  });

  it('never outlives the credential it was issued from', async () => {
    const exp = Math.floor(Date.now() / 1000) + 5;
    const { expiresAt } = await service().issue({ ...alice, claims: { exp } }, { path: '/a' });
    expect(Date.parse(expiresAt)).toBe(exp * 1000);
  });

  it('keeps only a digest of the ticket in the store', async () => {
    const saved: string[] = [];
    const store: TicketStore = { save: (id: string) => void saved.push(id), take: () => undefined };
    const { ticket } = await service(store).issue(alice, { path: '/a' });
    expect(saved).toHaveLength(1);
    expect(saved[0]).not.toContain(ticket);
  });

  it('works with an asynchronous store', async () => {
    const entries = new Map<string, StoredTicket>();
    const store: TicketStore = {
      save: async (id, ticket) => void entries.set(id, ticket),
      take: async (id) => {
        const ticket = entries.get(id);
        entries.delete(id);
        return ticket;
      },
    };
    const tickets = service(store);
    const { ticket } = await tickets.issue(alice, { path: '/a' });
    expect(await tickets.redeem(ticket, '/a')).toMatchObject({ userId: 'alice' });
    expect(code(await tickets.redeem(ticket, '/a'))).toBe('invalid_token');
  });

  it('refuses malformed tickets without touching the store', () => {
    const store: TicketStore = {
      save: () => undefined,
      take: () => {
        throw new Error('store reached');
      },
    };
    for (const ticket of ['', 'short', '!'.repeat(43), 'A'.repeat(44)]) expect(code(service(store).redeem(ticket, '/a'))).toBe('invalid_token');
  });

  it('refuses non-canonical paths and out-of-range lifetimes', async () => {
    await expect(service().issue(alice, { path: '/a/../b' })).rejects.toThrow('path');
    await expect(service().issue(alice, { path: '/a', ttlSeconds: 0 })).rejects.toThrow('ttlSeconds');
    await expect(service().issue(alice, { path: '/a', ttlSeconds: 301 })).rejects.toThrow('ttlSeconds');
  });
});

describe('InMemoryTicketStore', () => {
  const stored = (expiresAt: number): StoredTicket => ({ path: '/a', auth: alice, expiresAt });

  it('keeps at most maxTickets, dropping the oldest', () => {
    const store = new InMemoryTicketStore(2);
    ['a', 'b', 'c'].forEach((id) => store.save(id, stored(Date.now() + 60_000)));
    expect(store.size).toBe(2);
    expect(store.take('a')).toBeUndefined();
    expect(store.take('c')).toBeDefined();
  });

  it('hands out a ticket once, and never an expired one', () => {
    const store = new InMemoryTicketStore();
    store.save('live', stored(Date.now() + 60_000));
    store.save('dead', stored(Date.now() - 1));
    expect(store.take('live')).toBeDefined();
    expect(store.take('live')).toBeUndefined();
    expect(store.take('dead')).toBeUndefined();
    expect(store.size).toBe(0);
  });
});
