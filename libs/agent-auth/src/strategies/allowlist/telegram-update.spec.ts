import { describe, expect, it } from '@jest/globals';
import { readTelegramUpdate } from './telegram-update.js';

const read = (update: string) => readTelegramUpdate(Buffer.from(update));
const from = '"from":{"id":111,"is_bot":false,"first_name":"Ada"}';
const chat = '"chat":{"id":-100222,"type":"supergroup","title":"ops"}';

describe('readTelegramUpdate', () => {
  it.each([
    ['message', `{${from},${chat},"message_id":1,"date":1,"text":"hi"}`, '111', '-100222'],
    ['edited_message', `{${from},${chat},"message_id":1,"date":1,"edit_date":2}`, '111', '-100222'],
    ['channel_post', `{"sender_chat":{"id":-100222,"type":"channel"},${chat},"message_id":1,"date":1}`, undefined, '-100222'],
    ['edited_channel_post', `{${chat},"message_id":1,"date":1}`, undefined, '-100222'],
    ['business_message', `{${from},${chat},"message_id":1,"date":1,"business_connection_id":"b"}`, '111', '-100222'],
    ['callback_query', `{"id":"9",${from},"chat_instance":"1","message":{"message_id":1,"date":1,${chat}}}`, '111', '-100222'],
    ['inline_query', `{"id":"9",${from},"query":"q","offset":""}`, '111', undefined],
    ['chosen_inline_result', `{"result_id":"9",${from},"query":"q"}`, '111', undefined],
    ['my_chat_member', `{${chat},${from},"date":1,"old_chat_member":{},"new_chat_member":{}}`, '111', '-100222'],
    ['chat_member', `{${chat},${from},"date":1,"old_chat_member":{},"new_chat_member":{}}`, '111', '-100222'],
    ['chat_join_request', `{${chat},${from},"user_chat_id":111,"date":1}`, '111', '-100222'],
    ['message_reaction', `{${chat},"message_id":1,"user":{"id":111},"date":1,"old_reaction":[],"new_reaction":[]}`, '111', '-100222'],
    ['poll_answer', '{"poll_id":"1","user":{"id":111},"option_ids":[0]}', '111', undefined],
    ['pre_checkout_query', `{"id":"1",${from},"currency":"EUR","total_amount":100,"invoice_payload":"p"}`, '111', undefined],
    ['chat_boost', `{${chat},"boost":{}}`, undefined, '-100222'],
    ['poll', '{"id":"1","question":"q","options":[]}', undefined, undefined],
  ])('reads the sender and chat of a %s update', (kind, body, userId, chatId) => {
    const message = read(`{"update_id":7,"${kind}":${body}}`);
    expect(message).toMatchObject({ platform: 'telegram', userId, chatId });
    expect(message.claims).toMatchObject({ updateType: kind, updateId: '7' });
  });

  it('keeps the chat type for the claims', () => {
    expect(read(`{"update_id":1,"message":{${from},${chat}}}`).claims?.chatType).toBe('supergroup');
  });

  it('keeps ids past 2^53 exact', () => {
    expect(read('{"update_id":1,"message":{"from":{"id":12345678901234567890},"chat":{"id":-1001234567890123}}}')).toMatchObject({
      userId: '12345678901234567890',
      chatId: '-1001234567890123',
    });
  });

  it.each([
    ['a string', '"111"'],
    ['a float', '111.0'],
    ['an exponent', '1.11e2'],
    ['an upper-case exponent', '111E0'],
    ['a boolean', 'true'],
    ['null', 'null'],
    ['an array', '[111]'],
  ])('reads no user id from %s', (_name, id) => {
    expect(read(`{"update_id":1,"message":{"from":{"id":${id}},"chat":{"id":111}}}`).userId).toBeUndefined();
  });

  it('reads nothing from an update with two update kinds', () => {
    const message = read(`{"update_id":1,"message":{${from},${chat}},"callback_query":{"id":"1","from":{"id":999}}}`);
    expect(message).toEqual({ platform: 'telegram' });
  });

  it('reads nothing when a key is written twice with different values', () => {
    expect(read('{"update_id":1,"message":{"from":{"id":999,"id":111},"chat":{"id":111}}}')).toEqual({ platform: 'telegram' });
  });

  it.each([
    ['not JSON', 'update_id=1'],
    ['truncated JSON', '{"update_id":1,"message":{'],
    ['a JSON array', '[{"message":{"from":{"id":111}}}]'],
    ['a JSON string', '"message"'],
    ['an empty body', ''],
    ['deeply nested JSON', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['an unknown update kind', '{"update_id":1,"future_update":{"from":{"id":111},"chat":{"id":111}}}'],
  ])('reads nothing from %s', (_name, body) => {
    expect(read(body)).toEqual({ platform: 'telegram' });
  });

  it('never follows inherited properties (__proto__, constructor)', () => {
    expect(read('{"update_id":1,"__proto__":{"from":{"id":111}}}')).toEqual({ platform: 'telegram' });
    expect(read('{"update_id":1,"message":{"from":{"__proto__":{"id":111}},"chat":{"id":111}}}').userId).toBeUndefined();
  });
});
