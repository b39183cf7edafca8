import type { INestApplicationContext } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthContext } from '../auth-context.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { JwtAlgorithm, JwtOptions } from '../options/jwt.options.js';
import { STREAM_TICKET_PARAM } from '../streaming/stream-ticket.constants.js';
import { StreamTicketService, type IssuedTicket } from '../streaming/stream-ticket.service.js';
import { signCompactJwt } from './compact-jwt.js';
import { signDiscordWebhook } from './discord-webhook.js';
import type { SignedWebhook, WebhookBody, WebhookSigningOptions } from './signed-webhook.js';
import { signSlackWebhook } from './slack-webhook.js';
import { signTelegramWebhook } from './telegram-webhook.js';
import type { TestIssuer } from './test-issuer.js';
import { principalAuthContext, principalClaims, type TestPrincipal } from './test-principal.js';

/** What the kit reads the configuration from: a Nest application, a compiled `TestingModule`, any module ref. */
export type AgentAuthApp = Pick<INestApplicationContext, 'get'>;

/** Options of {@link AgentAuthTestKit.from}. */
export interface AgentAuthTestKitOptions {
  /** The {@link TestIssuer}s the app's asymmetric `jwt` entries were configured from; tokens for them are signed by them. */
  readonly issuers?: readonly TestIssuer[];
}

/** Options of {@link AgentAuthTestKit.token}. */
export interface TestTokenOptions {
  /** With several `jwt` entries: the issuer to mint for (an `issuer` of one of them); it becomes the token's `iss`. */
  readonly issuer?: string;
}

/** A stream ticket the kit issued, and the request target that redeems it. */
export interface TestTicket extends IssuedTicket {
  /** The path with `?ticket=<ticket>`. */
  readonly url: string;
}

/**
 * Credentials that match the configuration of the app under test, for its e2e tests: JWTs with the configured
 * issuer, audience and claim paths, API key headers, signed Telegram, Slack and Discord webhooks, stream tickets.
 * @example const kit = AgentAuthTestKit.from(app); await request(url).get('/agents').set(kit.bearerHeaders({ roles: ['operator'] }))
 */
export class AgentAuthTestKit {
  private constructor(
    private readonly app: AgentAuthApp,
    private readonly options: AgentAuthModuleOptions,
    private readonly issuers: readonly TestIssuer[],
  ) {}

  /** A kit for an app (or module ref) that imports `AgentAuthModule`: its options are read from `AGENT_AUTH_OPTIONS`. */
  static from(app: AgentAuthApp, options: AgentAuthTestKitOptions = {}): AgentAuthTestKit {
    return new AgentAuthTestKit(app, app.get<AgentAuthModuleOptions>(AGENT_AUTH_OPTIONS), options.issuers ?? []);
  }

  /**
   * A JWT the app accepts for `principal`: `iss` and `aud` of its `jwt` entry (the first when it lists several), the
   * principal at the entry's claim paths, signed with its `secret` or by the {@link TestIssuer} it was configured from.
   * @throws Error when the app has no `jwt` entry for it, or one whose keys the kit cannot sign with.
   */
  token(principal: TestPrincipal = {}, options: TestTokenOptions = {}): string {
    const entry = this.jwtEntry(options.issuer);
    const registered = { iss: options.issuer ?? firstOf(entry.issuer), aud: firstOf(entry.audience) };
    const payload = { ...withoutUndefined(registered), ...principalClaims(principal, entry) };
    if (entry.secret !== undefined) return signCompactJwt(payload, createSecretKey(Buffer.from(entry.secret)), hmacAlgorithm(entry));
    return this.testIssuerOf(entry).sign(payload);
  }

  /** `Authorization: Bearer <token>` for {@link token}'s token. */
  bearerHeaders(principal: TestPrincipal = {}, options: TestTokenOptions = {}): Record<string, string> {
    return { Authorization: `Bearer ${this.token(principal, options)}` };
  }

  /** The header carrying an API key, under the configured `apiKey.header` (`x-api-key` by default). */
  apiKeyHeaders(key: string): Record<string, string> {
    if (this.options.apiKey === undefined) throw new Error('AgentAuthTestKit: the app has no apiKey options');
    return { [this.options.apiKey.header ?? 'x-api-key']: key };
  }

  /** A Telegram update carrying the configured `allowlist.telegram.secretToken`. */
  telegram(update: WebhookBody): SignedWebhook {
    return signTelegramWebhook(this.platform('telegram').secretToken, update);
  }

  /** A Slack request signed with the configured `allowlist.slack.signingSecret`. */
  slack(body: WebhookBody, options: WebhookSigningOptions = {}): SignedWebhook {
    return signSlackWebhook(this.platform('slack').signingSecret, body, options);
  }

  /** A Discord interaction signed with the private half of `allowlist.discord.publicKey` (see `testDiscordKeys`). */
  discord(body: WebhookBody, privateKey: KeyObject, options: WebhookSigningOptions = {}): SignedWebhook {
    this.platform('discord');
    return signDiscordWebhook(privateKey, body, options);
  }

  /**
   * A single-use stream ticket for one path, issued by the app's `StreamTicketService` for an `AuthContext` or for the
   * principal a kit token would carry (it expires with that token's `exp`).
   */
  async ticket(principal: AuthContext | TestPrincipal, path: string, options: { ttlSeconds?: number } = {}): Promise<TestTicket> {
    const auth = 'userId' in principal ? principal : principalAuthContext(principal);
    const issued = await this.app.get(StreamTicketService).issue(auth, { path, ttlSeconds: options.ttlSeconds });
    return { ...issued, url: `${path}?${STREAM_TICKET_PARAM}=${encodeURIComponent(issued.ticket)}` };
  }

  private jwtEntry(issuer: string | undefined): JwtOptions {
    const entries = this.options.jwt === undefined ? [] : ([] as JwtOptions[]).concat(this.options.jwt);
    if (entries.length === 0) throw new Error('AgentAuthTestKit: the app has no jwt options');
    if (issuer === undefined) {
      if (entries.length === 1) return entries[0];
      throw new Error(`AgentAuthTestKit: the app has several jwt entries, pass { issuer } (one of ${describeIssuers(entries)})`);
    }
    const entry = entries.find((candidate) => listOf(candidate.issuer).includes(issuer));
    if (entry === undefined)
      throw new Error(`AgentAuthTestKit: no jwt entry accepts the issuer ${JSON.stringify(issuer)} (${describeIssuers(entries)})`);
    return entry;
  }

  private testIssuerOf(entry: JwtOptions): TestIssuer {
    const issuer = this.issuers.find((candidate) => candidate.jwksUri === entry.jwksUri || listOf(entry.issuer).includes(candidate.issuer));
    if (issuer !== undefined) return issuer;
    throw new Error(
      'AgentAuthTestKit: the kit cannot sign for a jwt entry without a secret unless it comes from createTestIssuer(): ' +
        'configure it with issuer.jwtOptions() and pass AgentAuthTestKit.from(app, { issuers: [issuer] })',
    );
  }

  private platform<P extends 'telegram' | 'slack' | 'discord'>(name: P): NonNullable<NonNullable<AgentAuthModuleOptions['allowlist']>[P]> {
    const options = this.options.allowlist?.[name];
    if (options === undefined) throw new Error(`AgentAuthTestKit: the app has no allowlist.${name} options`);
    return options as NonNullable<NonNullable<AgentAuthModuleOptions['allowlist']>[P]>;
  }
}

function hmacAlgorithm(entry: JwtOptions): JwtAlgorithm {
  const algorithm = (entry.algorithms ?? ['HS256']).find((candidate) => candidate.startsWith('HS'));
  if (algorithm === undefined) throw new Error('AgentAuthTestKit: a jwt entry with a secret lists no HS* algorithm');
  return algorithm;
}

function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : ([] as string[]).concat(value);
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return listOf(value)[0];
}

function describeIssuers(entries: readonly JwtOptions[]): string {
  return entries.map((entry) => listOf(entry.issuer).join(' | ') || '(no issuer)').join(', ');
}

function withoutUndefined(claims: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
