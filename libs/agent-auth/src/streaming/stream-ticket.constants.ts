/** The query parameter a stream ticket is sent in (`?ticket=`). */
export const STREAM_TICKET_PARAM = 'ticket';

/** Name of the strategy that redeems stream tickets; added to the default order of `@AllowQueryToken()` routes. */
export const TICKET_STRATEGY = 'ticket';

/** Lifetime of a ticket when `issue` is given none, in seconds. */
export const DEFAULT_TICKET_TTL_SECONDS = 30;

/** Longest lifetime a ticket may be issued for, in seconds. */
export const MAX_TICKET_TTL_SECONDS = 300;

/** Tickets the in-memory store holds at most (the oldest is dropped beyond it). */
export const DEFAULT_MAX_TICKETS = 10_000;
