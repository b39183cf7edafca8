import { IntrinsicException } from '@nestjs/common';
import { pauseStackTraces } from '../errors/stack-trace-pause.js';

/**
 * What the guard throws to refuse a GraphQL operation. graphql-js turns it into the operation's `GraphQLError`
 * (with its path and locations), carrying this message and these extensions; the drivers read `extensions.http`
 * (Apollo: the status and headers, then removed) and `statusCode` (Mercurius). An `IntrinsicException`, so Nest does
 * not log it as an unexpected error; built without stack frames, which development-mode drivers copy into responses.
 */
export class GraphqlRefusal extends IntrinsicException {
  /** The error's GraphQL extensions: our body (`code`, `statusCode`, `error`, `message`), and `http` for Apollo. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** The HTTP status Mercurius answers with when the operation has no data. */
  readonly statusCode?: number;

  constructor(message: string, extensions: Readonly<Record<string, unknown>>, statusCode?: number) {
    const resume = pauseStackTraces();
    try {
      super(message);
    } finally {
      resume();
    }
    this.name = 'GraphqlRefusal';
    this.extensions = extensions;
    this.statusCode = statusCode;
  }
}
