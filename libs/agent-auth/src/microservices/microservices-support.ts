import { pauseStackTraces } from '../errors/stack-trace-pause.js';

/**
 * `@nestjs/microservices`' `RpcException`, loaded only when the app has the package (every microservice needs it):
 * HTTP-only apps do not. The library declares it as an optional peer dependency, so the class is the app's own
 * (Nest's RPC exception filter recognises it with `instanceof`).
 */
const exceptions = await import('@nestjs/microservices/exceptions/rpc-exception.js').catch(() => undefined);

/**
 * An `RpcException` carrying `body`: Nest's RPC exception filter sends it as the reply's error, so the client's
 * `send()` observable errors with `body` itself. Built without a stack trace (Nest logs refused events).
 */
export function rpcException(body: object): Error {
  const resume = pauseStackTraces();
  try {
    return exceptions === undefined ? Object.assign(new Error('RPC refusal'), { body }) : new exceptions.RpcException(body);
  } finally {
    resume();
  }
}
