import type { KeyObject } from 'node:crypto';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Min, ArrayNotEmpty, ValidateIf } from 'class-validator';
import { IsPublicKey, IsSecret, IsStringOrStringList } from './option-validators.js';

/** Algorithms a token may be signed with; `none` is never one of them. */
export const JWT_ALGORITHMS = [
  'HS256', 'HS384', 'HS512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
] as const;

/** One of {@link JWT_ALGORITHMS}. */
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** Minimum size of an HMAC secret (RFC 7518 §3.2 asks for at least the hash size). */
export const MIN_SECRET_BYTES = 32;

/** How bearer JWTs are verified. Give exactly one of `secret` or `publicKey`. */
export class JwtOptions {
  /** HMAC secret (HS256/384/512), at least 32 bytes. Imported once as a KeyObject. */
  @IsOptional()
  @IsSecret(MIN_SECRET_BYTES)
  secret?: string | Buffer;

  /** PEM or `KeyObject` public key (RS*, PS*, ES*); requires `algorithms`. */
  @IsOptional()
  @IsPublicKey()
  publicKey?: string | KeyObject;

  /** Accepted algorithms. @default ['HS256'] with `secret`; required with `publicKey`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(JWT_ALGORITHMS, { each: true })
  algorithms?: JwtAlgorithm[];

  /** Accepted `iss` value(s). */
  @IsOptional()
  @IsStringOrStringList()
  issuer?: string | string[];

  /** Accepted `aud` value(s): a token must name at least one. */
  @IsOptional()
  @IsStringOrStringList()
  audience?: string | string[];

  /** Seconds of clock skew allowed on `exp` and `nbf`. @default 0 */
  @IsOptional()
  @IsInt()
  @Min(0)
  clockTolerance?: number;

  /** Maximum token age from `iat`, in seconds or as a duration string (`'1h'`). */
  @IsOptional()
  @ValidateIf((options: JwtOptions) => typeof options.maxAge !== 'number')
  @IsString()
  maxAge?: string | number;

  /** Claim holding the roles; a dot path reads nested claims (`realm_access.roles`). @default 'roles' */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  rolesClaim?: string;

  /** Claim holding the scopes, space-delimited or a list (`scp` is read too). @default 'scope' */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  scopesClaim?: string;
}
