import type { BenchMode } from './bench-modes.js';

/** The request every load run of a mode sends (its credential headers aside). */
export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** HTTP modes: the demo's `GET /agents/:id`, a small JSON body. */
const REST_REQUEST: BenchRequest = { method: 'GET', path: '/agents/support', headers: {} };
/** Authorization modes: the same agent behind `@Permissions` and `@OwnedResource` (`GET /owned-agents/:id`). */
const OWNED_REQUEST: BenchRequest = { method: 'GET', path: '/owned-agents/support', headers: {} };
/** The ticket-redemption mode: a well-formed stream ticket the server never issued, so every redemption is a GETDEL that finds nothing. */
const TICKET_REQUEST: BenchRequest = { method: 'GET', path: `/ticketed-agents/support?ticket=${'A'.repeat(43)}`, headers: {} };
/** GraphQL modes: the demo's `agents` query POSTed to `/graphql` (Apollo on Express, Mercurius on Fastify). */
const GRAPHQL_REQUEST: BenchRequest = {
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ agents { id name description } }' }),
};

/** The request a mode loads its server with. */
export function benchRequest(mode: BenchMode): BenchRequest {
  if (mode.request === 'graphql') return GRAPHQL_REQUEST;
  if (mode.request === 'ticket') return TICKET_REQUEST;
  return mode.request === 'owned' ? OWNED_REQUEST : REST_REQUEST;
}

/** `GET /agents/support`, `POST /graphql`: for the log. */
export function describeRequest(request: BenchRequest): string {
  return `${request.method} ${request.path}`;
}
