import type { IncomingHttpHeaders } from 'node:http';
import type { AuthError } from '../../errors/auth-error.js';
import type { Allowlist } from './allowlist.js';

/** The parts of a webhook request its authenticity check reads: the headers and the exact bytes received. */
export interface WebhookRequest {
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
}

/** Who sent an authentic webhook: ids compared as exact strings, and safe platform data for the principal's claims. */
export interface WebhookSender {
  /** The sending user, when the message has one. */
  readonly userId?: string;
  /** The chat or channel the message belongs to, when it has one. */
  readonly chatId?: string;
  /** Platform data for `AuthContext.claims`; never a secret, token or signature. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** What an authentic webhook says about its sender, once read from the payload. */
export interface WebhookMessage extends WebhookSender {
  /** The platform's name (`telegram`, `slack`, `discord` or a custom one). */
  readonly platform: string;
  /** A platform handshake with no sender (Slack `url_verification`, Discord PING): let through with no list check. */
  readonly handshake?: boolean;
}

/** One configured messaging platform: how its requests are recognised and authenticated, and who is allowed. */
export interface WebhookPlatform {
  /** Its name, used in principals (`<name>:<id>`) and strategy names (`allowlist:<name>`). */
  readonly name: string;
  /** Lower-case header whose presence routes a request to this platform. */
  readonly header: string;
  /** The users and chats allowed. */
  readonly allowlist: Allowlist;
  /** The platform's authenticity check: undefined when authentic, else the `invalid_signature` refusal. */
  verify(request: WebhookRequest, nowMs: number): AuthError | undefined;
  /** Reads the sender of an authentic request; a payload it cannot read yields a message with no ids. */
  identify(request: WebhookRequest): WebhookMessage;
}
