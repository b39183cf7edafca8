import { describe, expect, it } from '@jest/globals';
import { TcpContext } from '@nestjs/microservices';
import { messageRequest, readMessage } from './message-request.js';

/** A TCP context as the server builds it, for a packet with this metadata (no socket: no peer address). */
const tcpContext = (metadata?: Record<string, unknown>) => new TcpContext([undefined as never, 'pattern', metadata as Record<string, string>]);

describe('readMessage', () => {
  it('moves the payload authorization field into the request and out of the payload', () => {
    const payload = { authorization: 'Bearer abc', text: 'hi' };
    const context = tcpContext();
    readMessage(payload, context);
    expect(payload).toEqual({ text: 'hi' });
    expect(messageRequest(payload, context).headers).toEqual({ authorization: 'Bearer abc' });
  });

  it('reads metadata names lower-cased, string values only, and never a prototype key', () => {
    const metadata = JSON.parse('{"X-API-Key":"k1","__proto__":"p","retries":3,"authorization":"Bearer m"}') as Record<string, unknown>;
    const context = tcpContext(metadata);
    readMessage(7, context);
    const request = messageRequest(7, context);
    expect({ ...request.headers }).toEqual({ 'x-api-key': 'k1', ['__proto__']: 'p', authorization: 'Bearer m' });
    expect(Object.getPrototypeOf(request.headers)).toBeNull();
  });

  it('keeps both lines of a credential sent in the metadata and the payload, for the ambiguity check', () => {
    const payload = { authorization: 'Bearer p' };
    const context = tcpContext({ authorization: 'Bearer m' });
    readMessage(payload, context);
    expect(messageRequest(payload, context)).toMatchObject({
      headers: { authorization: 'Bearer m' },
      rawHeaders: ['authorization', 'Bearer m', 'authorization', 'Bearer p'],
    });
  });

  it('reads a message once, however many guards run (the stripped field is not lost)', () => {
    const payload = { authorization: 'Bearer abc' };
    const context = tcpContext();
    readMessage(payload, context);
    readMessage(payload, context);
    expect(messageRequest(payload, context).headers.authorization).toBe('Bearer abc');
  });

  it('refuses, with a clear error, a message with no object to keep its principal against', () => {
    expect(() => readMessage('text', undefined)).toThrow('cannot authenticate a message with neither an object payload nor a transport context');
  });

  it('has no principal for a message no guard read', () => {
    expect(messageRequest({}, tcpContext())).toEqual({ headers: {} });
  });
});
