import { IsString, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { MAX_STREAM_PATH_LENGTH, streamPathProblem } from './stream-path.js';

/** The path is in the canonical form a ticket is issued for (see `streamPathProblem`). */
const IsStreamPath = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isStreamPath',
      validator: {
        validate: (value) => typeof value === 'string' && streamPathProblem(value) === undefined,
        defaultMessage: (args) => `$property ${typeof args?.value === 'string' ? streamPathProblem(args.value) : 'must be a string'}`,
      },
    },
    options,
  );

/** Body of `POST /auth/stream-tickets`. */
export class StreamTicketRequest {
  /** The request path the ticket opens, exactly as the client will request it (global prefix included, no query). */
  @IsString()
  @MaxLength(MAX_STREAM_PATH_LENGTH)
  @IsStreamPath()
  path!: string;
}
