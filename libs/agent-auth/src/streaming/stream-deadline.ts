/** Where the guard leaves, on an SSE request, the instant its stream must close (epoch milliseconds). */
export const STREAM_DEADLINE = Symbol('agent-auth:stream-deadline');

/** An HTTP request that may carry a {@link STREAM_DEADLINE}. */
export interface StreamRequest {
  [STREAM_DEADLINE]?: number;
}
