import { describe, expect, it } from '@jest/globals';
import { readDiscordInteraction } from './discord-interaction.js';

const read = (body: string | object) => readDiscordInteraction(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));

describe('readDiscordInteraction', () => {
  it('reads a PING as a handshake', () => {
    expect(read({ type: 1, id: '1', application_id: '2' })).toEqual({ platform: 'discord', handshake: true, claims: { interactionType: 1 } });
  });

  it.each([
    ['a string type', '{"type":"1"}'],
    ['a float type', '{"type":1.0}'],
    ['an exponent type', '{"type":1e0}'],
    ['no type', '{"id":"1"}'],
    ['not JSON', 'type=1'],
  ])('never reads %s as a PING', (_name, body) => {
    expect(read(body)).toEqual({ platform: 'discord' });
  });

  it('reads member.user.id, channel_id and the command of a guild interaction, never its token', () => {
    const message = read({
      type: 2,
      token: 'secret',
      application_id: 'A',
      guild_id: 'G',
      channel_id: 'C',
      member: { user: { id: 'U' } },
      user: { id: 'someone-else' },
      data: { name: 'deploy' },
    });
    expect(message).toEqual({
      platform: 'discord',
      userId: 'U',
      chatId: 'C',
      claims: { interactionType: 2, guildId: 'G', applicationId: 'A', commandName: 'deploy' },
    });
  });

  it('reads user.id of a DM interaction and channel.id when channel_id is absent', () => {
    expect(read({ type: 3, user: { id: 'U' }, channel: { id: 'C' } })).toMatchObject({ userId: 'U', chatId: 'C' });
  });

  it('reads no user from a numeric id (Discord sends snowflakes as strings)', () => {
    expect(read('{"type":2,"member":{"user":{"id":80351110224678912}},"channel_id":"1"}').userId).toBeUndefined();
  });
});
