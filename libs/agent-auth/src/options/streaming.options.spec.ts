import { describe, expect, it } from '@jest/globals';
import { InMemoryTicketStore } from '../streaming/in-memory-ticket.store.js';
import { validateAgentAuthOptions } from './validate-options.js';

const secret = 'x'.repeat(32);

describe('streaming options', () => {
  it('accepts a complete streaming group', () => {
    const ticketStore = new InMemoryTicketStore(5);
    const options = validateAgentAuthOptions({
      jwt: { secret },
      streaming: { closeAtExpiry: false, ticketTtlSeconds: 60, maxTickets: 100, ticketStore },
    });
    expect(options.streaming).toMatchObject({ closeAtExpiry: false, ticketTtlSeconds: 60, maxTickets: 100 });
    expect(options.streaming?.ticketStore).toBe(ticketStore);
  });

  it('reports every problem of the group, by path', () => {
    const attempt = () =>
      validateAgentAuthOptions({
        jwt: { secret },
        streaming: { closeAtExpiry: 'yes', ticketTtlSeconds: 301, maxTickets: 0, ticketStore: 'redis', extra: 1 } as never,
      });
    expect(attempt).toThrow('streaming.closeAtExpiry');
    expect(attempt).toThrow('streaming.ticketTtlSeconds');
    expect(attempt).toThrow('streaming.maxTickets');
    expect(attempt).toThrow('streaming.ticketStore');
    expect(attempt).toThrow('streaming.extra');
  });
});
