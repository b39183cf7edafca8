import { describe, expect, it } from '@jest/globals';
import { newSlackSigningSecret, newTelegramSecretToken, slackHeaders, telegramMessage } from '../../../../../test/support/webhooks.js';
import type { AuthRequest } from '../../auth-context.js';
import passport from 'passport';
import { StrategyRegistry } from '../../authentication/strategy.registry.js';
import { AllowlistStrategy } from './allowlist.strategy.js';

const secretToken = newTelegramSecretToken();
const signingSecret = newSlackSigningSecret();
const [all, telegram, slack] = AllowlistStrategy.fromOptions({
  telegram: { secretToken, userIds: ['111'] },
  slack: { signingSecret, userIds: ['U1'] },
});
const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
const telegramRequest = (rawBody?: Buffer) => ({ headers: { 'x-telegram-bot-api-secret-token': secretToken }, rawBody }) as AuthRequest;

describe('AllowlistStrategy', () => {
  it('names one strategy for every platform and one per platform', () => {
    expect([all.name, telegram.name, slack.name]).toEqual(['allowlist', 'allowlist:telegram', 'allowlist:slack']);
  });

  it('steps aside synchronously when no platform header is sent', () => {
    expect(all.authenticate({ headers: { authorization: 'Bearer x' } })).toBeUndefined();
    expect(slack.authenticate(telegramRequest(Buffer.from(telegramMessage('111', '111'))))).toBeUndefined();
  });

  it('authenticates a Telegram update into an allowlist principal', async () => {
    const auth = await telegram.authenticate(telegramRequest(Buffer.from(telegramMessage('111', '5'))));
    expect(auth).toMatchObject({ userId: 'telegram:111', method: 'allowlist', roles: [], scopes: [] });
    expect(Object.isFrozen(auth)).toBe(true);
  });

  it('refuses a request without a raw body with invalid_signature', async () => {
    expect(await telegram.authenticate(telegramRequest())).toMatchObject({ code: 'invalid_signature', status: 401 });
  });

  it('refuses an authentic sender who is not listed with not_allowlisted', async () => {
    expect(await all.authenticate(telegramRequest(Buffer.from(telegramMessage('222', '222'))))).toMatchObject({
      code: 'not_allowlisted',
      status: 403,
    });
  });

  it('lets a Slack url_verification through as a handshake principal', async () => {
    const body = '{"type":"url_verification","challenge":"c"}';
    const request = { headers: lower(slackHeaders(signingSecret, body)), rawBody: Buffer.from(body) } as AuthRequest;
    expect(await slack.authenticate(request)).toMatchObject({
      userId: 'slack:handshake',
      claims: { platform: 'slack', handshake: true, type: 'url_verification' },
    });
  });
});

describe('StrategyRegistry with the allowlist', () => {
  const registry = new StrategyRegistry({
    jwt: { secret: signingSecret.repeat(2) },
    allowlist: { telegram: { secretToken, userIds: ['111'] } },
  });

  it('registers allowlist and allowlist:<platform>, and keeps them out of the default order', () => {
    expect(registry.get('allowlist').name).toBe('allowlist');
    expect(registry.get('allowlist:telegram').name).toBe('allowlist:telegram');
    expect(registry.defaultOrder).toEqual(['jwt']);
  });

  it('never borrows an allowlist from the Passport registry (another app may have put one there)', () => {
    expect((passport as unknown as { _strategy(name: string): unknown })._strategy('allowlist')).toBeDefined();
    const bare = new StrategyRegistry({ jwt: { secret: signingSecret.repeat(2) } });
    expect(() => bare.get('allowlist')).toThrow('no strategy named "allowlist" (configure the allowlist option)');
    expect(() => registry.get('allowlist:slack')).toThrow('configure the allowlist option for that platform');
  });
});
