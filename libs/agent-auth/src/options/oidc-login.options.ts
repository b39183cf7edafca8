import { IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IsSameOriginPath } from './option-validators.js';

/**
 * Browser login with an OpenID Connect provider (authorization code with PKCE, state and nonce), served at
 * `GET /auth/login` and `GET /auth/callback`; the provider is found by discovery at startup.
 * @example login: { issuer: 'https://id.example.com', clientId: 'chat', clientSecret: process.env.OIDC_SECRET, redirectUri: 'https://chat.example.com/auth/callback' }
 */
export class OidcLoginOptions {
  /** The provider's issuer URL; its `/.well-known/openid-configuration` is read at startup. */
  @IsString()
  @IsNotEmpty()
  issuer!: string;

  /** The client id registered at the provider. */
  @IsString()
  @IsNotEmpty()
  clientId!: string;

  /** The client secret (`client_secret_basic`); without it the client is public and relies on PKCE alone. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  clientSecret?: string;

  /** Where the provider sends the browser back: this app's `GET /auth/callback`, as registered at the provider. */
  @IsString()
  @IsNotEmpty()
  redirectUri!: string;

  /** Scopes asked for. @default ['openid', 'profile', 'email'] */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  scopes?: string[];

  /** Where the browser goes after login when it asked for no `returnTo` (a path of this app). @default '/' */
  @IsOptional()
  @IsSameOriginPath()
  postLoginPath?: string;

  /** Where the browser goes after logout (a path of this app), sent to the provider's end-session endpoint. @default '/' */
  @IsOptional()
  @IsSameOriginPath()
  postLogoutPath?: string;

  /** Allow an `http:` issuer that is not on a loopback host (tests only). @default false */
  @IsOptional()
  @IsBoolean()
  allowInsecureHttp?: boolean;
}
