import { Logger } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { Strategy } from 'passport-strategy';
import { AuthError } from '../../errors/auth-error.js';
import { INVALID_SIGNATURE, NOT_ALLOWLISTED } from './webhook-errors.js';
import type { WebhookMessage, WebhookPlatform, WebhookRequest } from './webhook-platform.js';
import { AMBIGUOUS_PLATFORM, routeWebhook } from './webhook-router.js';

/** The request as the HTTP platform hands it over: Express and Fastify both set `rawBody` with Nest's `rawBody: true`. */
export interface WebhookHttpRequest {
  readonly headers: IncomingHttpHeaders;
  readonly rawBody?: unknown;
}

/** Passport's verify callback of {@link WebhookPassportStrategy}: decides on an authentic message from a platform. */
export type WebhookVerify = (message: WebhookMessage, platform: WebhookPlatform, done: (error: unknown, user?: unknown) => void) => void;

const NO_WEBHOOK = new AuthError('missing_credentials', { message: 'No webhook signature header' });

/**
 * A Passport strategy for messaging-platform webhooks: routes a request to its platform by header, checks the
 * platform's authenticity over the raw body (refusals: 401 `invalid_signature`), reads the sender from the
 * authentic payload and hands it to the verify callback (a falsy user: 403 `not_allowlisted`).
 * Without `req.rawBody` (the app did not enable `rawBody: true`) nothing can be verified: it refuses and warns once.
 */
export class WebhookPassportStrategy extends Strategy {
  /** The name Passport registers it under when none is given. */
  name = 'webhook';
  private readonly logger = new Logger('AgentAuthModule');
  /** Shared by every attempt (Passport runs each one on an `Object.create(strategy)`), so each warning is logged once. */
  private readonly rawBodyWarnings = new Set<string>();

  constructor(
    private readonly platforms: readonly WebhookPlatform[],
    private readonly verifyMessage: WebhookVerify,
  ) {
    super();
  }

  /** Authenticates one webhook request (Passport calls it with `success`/`fail`/`error` bound for this attempt). */
  override authenticate(request: WebhookHttpRequest): void {
    const platform = routeWebhook(this.platforms, request.headers);
    if (platform === undefined) return this.fail(NO_WEBHOOK, NO_WEBHOOK.status);
    if (platform === AMBIGUOUS_PLATFORM) return this.fail(INVALID_SIGNATURE, INVALID_SIGNATURE.status);
    if (!Buffer.isBuffer(request.rawBody)) {
      this.warnRawBodyMissing(request.headers['content-type']);
      return this.fail(INVALID_SIGNATURE, INVALID_SIGNATURE.status);
    }
    const webhook: WebhookRequest = { headers: request.headers, rawBody: request.rawBody };
    const refusal = platform.verify(webhook, Date.now());
    if (refusal !== undefined) return this.fail(refusal, refusal.status);
    this.verifyMessage(platform.identify(webhook), platform, (error, user) => {
      if (error) this.error(error as Error);
      else if (user) this.success(user);
      else this.fail(NOT_ALLOWLISTED, NOT_ALLOWLISTED.status);
    });
  }

  /**
   * Says, once per cause, why a webhook had no raw body: Nest keeps one only for the JSON and URL-encoded bodies it
   * parses, so either `rawBody` is off, or the body is of another type (`text/plain`) that Nest does not parse.
   */
  private warnRawBodyMissing(contentType: string | string[] | undefined): void {
    const type = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0].trim().toLowerCase() ?? '';
    const parsed = type === 'application/json' || type === 'application/x-www-form-urlencoded' || type.endsWith('+json');
    const cause = parsed ? 'rawBody' : type || 'none';
    if (this.rawBodyWarnings.has(cause)) return;
    this.rawBodyWarnings.add(cause);
    const refused = 'A webhook reached the allowlist without req.rawBody, so its signature cannot be checked and it was refused (401). ';
    this.logger.warn(
      parsed
        ? refused +
            'Create the app with rawBody enabled: NestFactory.create(AppModule, { rawBody: true }) ' +
            '(or NestFactory.create(AppModule, new FastifyAdapter(), { rawBody: true })).'
        : refused +
            `Its Content-Type is ${type ? printableType(type) : 'missing'}: Nest keeps the raw body only of the JSON and URL-encoded bodies it parses, ` +
            'even with rawBody enabled. Have the platform send application/json or application/x-www-form-urlencoded, or register a raw body parser for that type.',
    );
  }
}

/** A content type as logged: printable ASCII only, at most 80 characters (it comes from the request). */
function printableType(type: string): string {
  return JSON.stringify(type.slice(0, 80).replace(/[^\x20-\x7e]/g, '?'));
}
