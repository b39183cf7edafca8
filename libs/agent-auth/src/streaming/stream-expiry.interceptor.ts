import { Inject, Injectable, type CallHandler, type ExecutionContext, type MessageEvent, type NestInterceptor } from '@nestjs/common';
import { INTERCEPTORS_METADATA, SSE_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Observable } from 'rxjs';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { MAX_TIMER_DELAY_MS } from './credential-deadline.js';
import { STREAM_DEADLINE, type StreamRequest } from './stream-deadline.js';

/** The last event of a stream closed because its token expired. */
export const TOKEN_EXPIRED_EVENT: MessageEvent = Object.freeze({ type: 'token_expired', data: { code: 'token_expired' } });

/**
 * Closes an `@Sse()` stream when the credential that opened it expires: sends a last `token_expired` event and
 * completes the stream (an EventSource that reconnects with the same token is then refused). While Nest builds the
 * app, it adds itself to the interceptors of every `@Sse()` handler (as `@UseInterceptors()` would), so no other
 * route pays for it; the guard leaves each stream's deadline on its request.
 */
@Injectable()
export class StreamExpiryInterceptor implements NestInterceptor {
  constructor(@Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions, discovery: DiscoveryService, scanner: MetadataScanner) {
    if (options.enabled === false || options.streaming?.closeAtExpiry === false) return;
    for (const { metatype } of discovery.getControllers()) {
      const prototype = (metatype as { prototype?: Record<string, unknown> } | null)?.prototype;
      if (prototype === undefined) continue;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        if (Reflect.getMetadata(SSE_METADATA, handler) !== true) continue;
        const interceptors: unknown[] = Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [];
        if (!interceptors.includes(this)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [this, ...interceptors], handler);
      }
    }
  }

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
