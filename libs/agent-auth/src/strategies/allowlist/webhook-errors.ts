import { AuthError } from '../../errors/auth-error.js';

/** The refusal of a webhook that fails its platform's authenticity check (shared: never built per request). */
export const INVALID_SIGNATURE = new AuthError('invalid_signature');
/** The refusal of an authentic webhook whose sender is not on the platform's allowlist. */
export const NOT_ALLOWLISTED = new AuthError('not_allowlisted');
