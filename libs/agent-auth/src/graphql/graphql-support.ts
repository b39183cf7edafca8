import { pauseStackTraces } from '../errors/stack-trace-pause.js';

/**
 * `graphql`, loaded only when the app has it (every GraphQL driver needs it): other apps do not. The library
 * declares it as an optional peer dependency, so the class is the app's own (drivers check `instanceof GraphQLError`).
 */
const graphql = await import('graphql').catch(() => undefined);

/**
 * A `GraphQLError` with these extensions, built without a stack trace: a refusal's stack would only point at the
 * guard, and drivers in development mode copy `error.stack` into the response (`extensions.stacktrace`).
 */
export function graphqlError(message: string, extensions: Record<string, unknown>): Error {
  const resume = pauseStackTraces();
  try {
    const error = graphql === undefined ? Object.assign(new Error(message), { extensions }) : new graphql.GraphQLError(message, { extensions });
    error.stack = undefined;
    return error;
  } finally {
    resume();
  }
}
