import { Injectable, type CallHandler, type ExecutionContext, type MessageEvent, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { MAX_TIMER_DELAY_MS } from './credential-deadline.js';
import { STREAM_DEADLINE, type StreamRequest } from './stream-deadline.js';

/** The last event of a stream closed because its token expired. */
export const TOKEN_EXPIRED_EVENT: MessageEvent = Object.freeze({ type: 'token_expired', data: { code: 'token_expired' } });

/**
 * Closes an `@Sse()` stream when the credential that opened it expires: sends a last `token_expired` event and
 * completes the stream (an EventSource that reconnects with the same token is then refused). The guard marks the
 * streams concerned; every other request passes through with a single property read.
 */
@Injectable()
export class StreamExpiryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const deadline = context.getType() === 'http' ? context.switchToHttp().getRequest<StreamRequest>()[STREAM_DEADLINE] : undefined;
    if (deadline === undefined) return next.handle();
    const delay = Math.max(0, deadline - Date.now());
    return delay > MAX_TIMER_DELAY_MS ? next.handle() : closeAfter(next.handle(), delay);
  }
}

/** Mirrors `source` until `delay` ms have passed, then emits {@link TOKEN_EXPIRED_EVENT} and completes. */
function closeAfter(source: Observable<unknown>, delay: number): Observable<unknown> {
  return new Observable((subscriber) => {
    const timer = setTimeout(() => {
      subscriber.next(TOKEN_EXPIRED_EVENT);
      subscriber.complete();
    }, delay);
    const subscription = source.subscribe(subscriber);
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  });
}
