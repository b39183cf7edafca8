import { describe, expect, it } from '@jest/globals';
import { newTelegramSecretToken } from '../../../../../test/support/webhooks.js';
import { TelegramPlatform } from './telegram.platform.js';

const token = newTelegramSecretToken();
const telegram = new TelegramPlatform({ secretToken: token, userIds: ['1'] });
const verify = (header: string | string[] | undefined) =>
  telegram.verify({ headers: { 'x-telegram-bot-api-secret-token': header }, rawBody: Buffer.from('{}') });

describe('TelegramPlatform.verify', () => {
  it('accepts exactly the secret token', () => {
    expect(verify(token)).toBeUndefined();
  });

  it.each([
    ['another token', newTelegramSecretToken()],
    ['a prefix', token.slice(0, -1)],
    ['a longer value', `${token}x`],
    ['another case', token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()],
    ['an empty value', ''],
    ['no value', undefined],
    ['a list', [token]],
  ])('refuses %s', (_name, header) => {
    expect(verify(header)?.code).toBe('invalid_signature');
  });
});
