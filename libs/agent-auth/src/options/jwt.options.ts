import type { KeyObject } from 'node:crypto';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Min, ArrayNotEmpty } from 'class-validator';
import { IsDuration, IsPublicKey, IsSecret, IsStringOrStringList } from './option-validators.js';

/** Algorithms a token may be signed with; `none` is never one of them. */
export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** One of {@link JWT_ALGORITHMS}. */
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** Minimum size of an HMAC secret (RFC 7518 §3.2 asks for at least the hash size). */
export const MIN_SECRET_BYTES = 32;

/**
 * How bearer JWTs are verified. Give exactly one key source: `secret`, `publicKey`, `jwksUri` or `discovery`.
 * `jwt` may also be a list of these, one per issuer: a token goes to the entry whose `issuer` is its `iss`.
 * @example { issuer: 'https://tenant.eu.auth0.com/', discovery: true, audience: 'agent-api', algorithms: ['RS256'] }
 */
export class JwtOptions {
  /** HMAC secret (HS256/384/512), at least 32 bytes. Imported once as a KeyObject. */
  @IsOptional()
  @IsSecret(MIN_SECRET_BYTES)
  secret?: string | Buffer;

  /** PEM or `KeyObject` public key (RS*, PS*, ES*, EdDSA); requires `algorithms`. */
  @IsOptional()
  @IsPublicKey()
  publicKey?: string | KeyObject;

  /**
   * URL of the issuer's JSON Web Key Set (RS*, PS*, ES*, EdDSA keys selected by `kid`); requires `algorithms`.
   * `https:` only, except loopback hosts (or `allowInsecureHttp`). Fetched once at startup (a failure is logged, not
   * fatal), then again on an unknown `kid` or when the keys are older than `jwksCacheMaxAge`.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  jwksUri?: string;

  /**
   * Read `<issuer>/.well-known/openid-configuration` at startup and use its `jwks_uri` (the app does not boot
   * when it cannot, or when the document names another issuer). Requires a single `issuer` and `algorithms`.
   * @default false
   */
  @IsOptional()
  @IsBoolean()
  discovery?: boolean;

  /** Accepted algorithms. @default ['HS256'] with `secret`; required with `publicKey`, `jwksUri` and `discovery`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(JWT_ALGORITHMS, { each: true })
  algorithms?: JwtAlgorithm[];

  /** Accepted `iss` value(s); with several `jwt` entries, also which tokens this entry verifies. */
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

  /**
   * Refuse tokens without `exp` (401 `invalid_token`, "Token has no expiry"): once leaked, a token that never expires
   * works forever. Turn it off only for an issuer that cannot put `exp` in its tokens (`maxAge` then bounds them).
   * @default true
   */
  @IsOptional()
  @IsBoolean()
  requireExpiry?: boolean;

  /** Maximum token age from `iat`, in seconds or as a duration string (`'1h'`). */
  @IsOptional()
  @IsDuration()
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

  /** Claim holding the granted permissions (`agents:*:run`), a list or space-delimited; a dot path reads nested claims. @default 'permissions' */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  permissionsClaim?: string;

  /** Claim holding the tenant; a dot path reads nested claims. @default the first of `tenant_id`, `org_id`, `tid` */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  tenantClaim?: string;

  /**
   * Shortest interval between two JWKS fetches triggered by an unknown `kid` or by a failed fetch
   * (a flood of random `kid`s causes at most one fetch per interval). @default '30s'
   */
  @IsOptional()
  @IsDuration()
  jwksCooldown?: string | number;

  /** Longest a JWKS or discovery request may take before it counts as failed. @default '5s' */
  @IsOptional()
  @IsDuration()
  jwksTimeout?: string | number;

  /**
   * How long fetched keys are trusted without a refresh; once older, the JWKS must be fetched again before
   * any token verifies (so keys stop working that long after the issuer becomes unreachable). @default '10m'
   */
  @IsOptional()
  @IsDuration()
  jwksCacheMaxAge?: string | number;

  /** Allow `http:` JWKS and issuer URLs on non-loopback hosts (a private network). Never on the internet. @default false */
  @IsOptional()
  @IsBoolean()
  allowInsecureHttp?: boolean;
}
