import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthContext } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { AUTH_UNAVAILABLE } from '../revocation/revocation-check.js';
import { credentialDeadline } from './credential-deadline.js';
import { DEFAULT_TICKET_TTL_SECONDS, MAX_TICKET_TTL_SECONDS } from './stream-ticket.constants.js';
import { streamPathProblem } from './stream-path.js';
import { TicketStore, type StoredTicket } from './ticket-store.interface.js';

/** Length of a ticket: 32 random bytes in base64url. */
const TICKET_LENGTH = 43;
const REFUSED = new AuthError('invalid_token', { message: 'Invalid or used stream ticket' });
const logger = new Logger('AgentAuthModule');

/** What {@link StreamTicketService.issue} is asked for. */
export interface IssueTicketRequest {
  /** The one request path (no query) the ticket opens, e.g. `/agents/support/events` (global prefix included). */
  readonly path: string;
  /** Lifetime in seconds, 1 to 300. @default streaming.ticketTtlSeconds, else 30 */
  readonly ttlSeconds?: number;
}

/** An issued stream ticket: send it once as `?ticket=` before `expiresAt`. */
export interface IssuedTicket {
  readonly ticket: string;
  /** ISO 8601 instant after which the ticket is refused. */
  readonly expiresAt: string;
}

/**
 * Issues and redeems single-use stream tickets: short-lived random strings that let a client which cannot send
 * headers (EventSource, browser WebSocket) open one stream as the principal that asked for the ticket,
 * without putting a long-lived token in a URL.
 */
@Injectable()
export class StreamTicketService {
  private readonly defaultTtlSeconds: number;

  constructor(
    @Inject(TicketStore) private readonly store: TicketStore,
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
  ) {
    this.defaultTtlSeconds = options.streaming?.ticketTtlSeconds ?? DEFAULT_TICKET_TTL_SECONDS;
  }

  /**
   * Issues a ticket for `auth` on one path; it never outlives the credential `auth` came from.
   * @throws Error when the path is not canonical (see `streamPathProblem`) or the TTL is out of range; the store's
   * error when it cannot keep the ticket.
   * @example const { ticket } = await tickets.issue(auth, { path: `/agents/${id}/events` });
   */
  async issue(auth: AuthContext, request: IssueTicketRequest): Promise<IssuedTicket> {
    const problem = streamPathProblem(request.path);
    if (problem !== undefined) throw new Error(`Stream ticket path ${problem}`);
    const ttlSeconds = request.ttlSeconds ?? this.defaultTtlSeconds;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TICKET_TTL_SECONDS) {
      throw new Error(`Stream ticket ttlSeconds must be an integer from 1 to ${MAX_TICKET_TTL_SECONDS}`);
    }
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = Math.min(Date.now() + ttlSeconds * 1000, credentialDeadline(auth) ?? Infinity);
    await this.store.save(ticketId(ticket), { path: request.path, auth, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Redeems a ticket on a request path: the issuing principal (as method `ticket`) when the ticket is live,
   * unused and issued for exactly that path; `invalid_token` otherwise. A ticket is used up by any attempt. A store
   * that fails refuses with 503 `auth_unavailable` (fail closed: a ticket is never honoured twice).
   */
  redeem(ticket: string, path: string): AuthContext | AuthError | Promise<AuthContext | AuthError> {
    if (!isTicketShaped(ticket)) return REFUSED;
    try {
      const stored = this.store.take(ticketId(ticket));
      return stored instanceof Promise ? stored.then((settled) => admit(settled, path), unavailable) : admit(stored, path);
    } catch (error) {
      return unavailable(error);
    }
  }
}

function unavailable(error: unknown): AuthError {
  logger.error(`TicketStore.take failed (answering 503 auth_unavailable): ${error instanceof Error ? error.message : String(error)}`);
  return AUTH_UNAVAILABLE;
}

function admit(stored: StoredTicket | undefined, path: string): AuthContext | AuthError {
  if (stored === undefined || stored.expiresAt <= Date.now() || stored.path !== path) return REFUSED;
  return Object.freeze({ ...stored.auth, method: 'ticket' });
}

/** The store key of a ticket: its SHA-256, so a store never holds a usable ticket. */
function ticketId(ticket: string): string {
  return createHash('sha256').update(ticket).digest('base64url');
}

function isTicketShaped(value: string): boolean {
  if (value.length !== TICKET_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const base64url = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95;
    if (!base64url) return false;
  }
  return true;
}
