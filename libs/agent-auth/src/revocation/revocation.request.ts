import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Longest token `POST /auth/revoke` reads. */
export const MAX_REVOKED_TOKEN_LENGTH = 8192;

/** Body of `POST /auth/revoke` (RFC 7009 §2.1), form-encoded or JSON. */
export class RevocationRequest {
  /** The token (a JWT, or an API key) to revoke. */
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REVOKED_TOKEN_LENGTH)
  token!: string;

  /** Which kind of token it is (`access_token`, `api_key`): only the order it is tried in; any other is ignored (RFC 7009). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  token_type_hint?: string;
}
