import type { SchemaObject } from '@nestjs/swagger';
import { AUTH_ERRORS, type AuthErrorCode } from '../errors/auth-error.js';

/** Name of the refusal body schema in `components.schemas`. */
export const AUTH_ERROR_SCHEMA = 'AuthError';

/** The body every auth refusal is answered with (`AuthErrorBody`): Nest's shape plus the stable `code`. */
export function authErrorSchema(): SchemaObject {
  const codes = Object.keys(AUTH_ERRORS) as AuthErrorCode[];
  return {
    type: 'object',
    description: 'An authentication or authorization refusal.',
    required: ['statusCode', 'error', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer', enum: [...new Set(codes.map((code) => AUTH_ERRORS[code].status))] },
      error: { type: 'string', description: 'The status reason phrase.', example: 'Unauthorized' },
      code: { type: 'string', enum: codes, description: 'The stable, machine-readable reason.' },
      message: { type: 'string', description: 'A message safe to show the client.', example: AUTH_ERRORS.missing_credentials.message },
    },
  };
}
