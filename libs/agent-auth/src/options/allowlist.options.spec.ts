import { describe, expect, it } from '@jest/globals';
import { newSlackSigningSecret, newTelegramSecretToken } from '../../../../test/support/webhooks.js';
import { testDiscordKeys } from '../testing/discord-webhook.js';
import type { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import { CustomAllowlistOptions } from './custom-allowlist.options.js';
import { TelegramAllowlistOptions } from './telegram-allowlist.options.js';
import { validateAgentAuthOptions } from './validate-options.js';

const secretToken = newTelegramSecretToken();
const signingSecret = newSlackSigningSecret();
const publicKey = testDiscordKeys().publicKeyHex;
const custom = { name: 'acme', header: 'X-Acme-Signature', verify: () => true, identify: () => undefined, userIds: ['a'] };

/** The validation error's message, or undefined when the options are valid. */
function problems(allowlist: unknown, extra: Record<string, unknown> = {}): string | undefined {
  try {
    validateAgentAuthOptions({ allowlist, ...extra } as AgentAuthModuleOptions);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('allowlist options', () => {
  it('accepts every platform configured together and returns instances of the option classes', () => {
    const options = validateAgentAuthOptions({
      allowlist: {
        telegram: { secretToken, userIds: ['123456789'], chatIds: ['-1001234567890'] },
        slack: { signingSecret, channelIds: ['C024BE91L'] },
        discord: { publicKey, userIds: ['80351110224678912'] },
        custom: [custom],
      },
    });
    expect(options.allowlist?.telegram).toBeInstanceOf(TelegramAllowlistOptions);
    expect(options.allowlist?.custom?.[0]).toBeInstanceOf(CustomAllowlistOptions);
  });

  it.each([
    ['an empty allowlist', {}, 'allowlist: configure at least one of telegram, slack, discord or custom'],
    ['a short Telegram token', { telegram: { secretToken: 'short', userIds: ['1'] } }, 'allowlist.telegram.secretToken: must be 16 to 256'],
    ['a Telegram token with a space', { telegram: { secretToken: `${secretToken} x`, userIds: ['1'] } }, 'allowlist.telegram.secretToken'],
    ['Telegram without a list', { telegram: { secretToken } }, 'allowlist.telegram: give userIds, chatIds or both'],
    ['a padded Telegram id', { telegram: { secretToken, userIds: ['123 '] } }, 'allowlist.telegram.userIds: must hold Telegram ids'],
    ['a zero-padded Telegram id', { telegram: { secretToken, chatIds: ['0123'] } }, 'allowlist.telegram.chatIds'],
    ['a numeric Telegram id', { telegram: { secretToken, userIds: [123] } }, 'allowlist.telegram.userIds'],
    ['an empty Telegram list', { telegram: { secretToken, userIds: [] } }, 'allowlist.telegram.userIds: should not be empty'],
    ['an unknown Telegram option', { telegram: { secretToken, userIds: ['1'], usernames: ['ada'] } }, 'allowlist.telegram.usernames'],
    ['a short Slack secret', { slack: { signingSecret: 'abc', userIds: ['U1'] } }, 'allowlist.slack.signingSecret'],
    ['Slack without a list', { slack: { signingSecret } }, 'allowlist.slack: give userIds, channelIds or both'],
    ['a lower-case Slack id', { slack: { signingSecret, userIds: ['u024be7lh'] } }, 'allowlist.slack.userIds'],
    [
      'a PEM Discord key',
      { discord: { publicKey: '-----BEGIN PUBLIC KEY-----', userIds: ['1'] } },
      'allowlist.discord.publicKey: must be the Ed25519 public key as 64 hex characters',
    ],
    ['Discord without a list', { discord: { publicKey } }, 'allowlist.discord: give userIds, channelIds or both'],
    ['a custom resolver without verify', { custom: [{ ...custom, verify: 'yes' }] }, 'allowlist.custom.0.verify: must be a function'],
    [
      'a custom resolver named like a built-in',
      { telegram: { secretToken, userIds: ['1'] }, custom: [{ ...custom, name: 'telegram' }] },
      'allowlist.custom.0.name: "telegram" is already used',
    ],
    [
      'a custom resolver on a built-in header',
      { custom: [{ ...custom, header: 'X-Slack-Signature' }], slack: { signingSecret, userIds: ['U1'] } },
      'allowlist.custom.0.header',
    ],
    ['two custom resolvers on one header', { custom: [custom, { ...custom, name: 'other' }] }, 'allowlist.custom.1.header'],
    ['a custom resolver without a list', { custom: [{ ...custom, userIds: undefined }] }, 'allowlist.custom.0: give userIds, chatIds or both'],
    ['a custom id with whitespace', { custom: [{ ...custom, userIds: ['a b'] }] }, 'allowlist.custom.0.userIds'],
    ['a custom resolver that is not an object', { custom: ['acme'] }, 'allowlist.custom'],
  ])('refuses %s, naming the option', (_name, allowlist, expected) => {
    expect(problems(allowlist)).toContain(expected);
  });

  it('reports every problem at once and never shows a secret', () => {
    const shortSecret = 'Sl4ckS3cr3t';
    const message = problems({ telegram: { secretToken: `${secretToken}!`, userIds: ['x'] }, slack: { signingSecret: shortSecret } });
    expect(message).toContain('allowlist.telegram.secretToken');
    expect(message).toContain('allowlist.telegram.userIds');
    expect(message).toContain('allowlist.slack.signingSecret');
    expect(message).toContain('allowlist.slack: give userIds');
    expect(message).not.toContain(secretToken);
    expect(message).not.toContain(shortSecret);
  });

  it('refuses the allowlist in the default strategy order', () => {
    expect(problems({ telegram: { secretToken, userIds: ['1'] } }, { strategies: ['allowlist'] })).toContain(
      `strategies: "allowlist" cannot be a default strategy`,
    );
    expect(problems({ telegram: { secretToken, userIds: ['1'] } }, { strategies: ['allowlist:telegram'] })).toContain(
      'strategies: "allowlist:telegram"',
    );
  });
});
