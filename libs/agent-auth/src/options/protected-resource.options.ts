import { ArrayNotEmpty, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Min } from 'class-validator';
import { IsHttpUrl, IsToolScopeMap, SCOPE_TOKEN } from './option-validators.js';

const SCOPE_MESSAGE = '$property must hold OAuth scope tokens (visible ASCII, no space, quote or backslash)';

/**
 * An OAuth 2.1 protected resource (an MCP server, say): its routes take only Bearer tokens issued for it (`aud` holds
 * {@link resource}) in the Authorization header, its 401s point at its RFC 9728 metadata, and its tools can need scopes.
 * @example { resource: 'https://agents.example.com/mcp', authorizationServers: ['https://auth.example.com'], tools: { run_agent: ['agents:execute'] } }
 */
export class ProtectedResourceOptions {
  /**
   * The canonical URI of the resource (RFC 8707): what clients send as `resource`, what its tokens carry in `aud`,
   * and where its routes are served (the global prefix included): `https://agents.example.com/mcp`.
   */
  @IsString()
  resource!: string;

  /** Issuer identifiers of the authorization servers that issue its tokens (RFC 9728 `authorization_servers`). */
  @IsArray()
  @ArrayNotEmpty()
  @IsHttpUrl({ each: true })
  authorizationServers!: string[];

  /** Scopes every route of the resource needs (401 challenges name them). @default none */
  @IsOptional()
  @IsArray()
  @Matches(SCOPE_TOKEN, { each: true, message: SCOPE_MESSAGE })
  scopes?: string[];

  /** `scopes_supported` of its metadata. @default its scopes and every tool's */
  @IsOptional()
  @IsArray()
  @Matches(SCOPE_TOKEN, { each: true, message: SCOPE_MESSAGE })
  scopesSupported?: string[];

  /**
   * Path prefixes of the routes that belong to it, as declared (global prefix included): `/mcp` covers `/mcp` and
   * everything under it. `@ProtectedResource(uri)` adds handlers too. @default the resource URI's path (none for an origin)
   */
  @IsOptional()
  @IsArray()
  @Matches(/^\/[A-Za-z0-9._~@/-]*$/, { each: true, message: '$property must hold literal path prefixes starting with "/"' })
  paths?: string[];

  /**
   * The scopes each MCP tool needs beyond {@link scopes}, checked at the guard on every JSON-RPC `tools/call` POSTed to
   * the resource (403 `insufficient_scope` step-up). When given, a call to a tool it does not name is refused (403
   * `unknown_tool`): list tools that need nothing more with `[]`. @default tool calls are not checked
   */
  @IsOptional()
  @IsToolScopeMap()
  tools?: Record<string, string[]>;

  /** Human-readable name in its metadata (`resource_name`). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  name?: string;

  /** `Cache-Control: max-age` of its metadata document, in seconds. @default 3600 */
  @IsOptional()
  @IsInt()
  @Min(0)
  metadataMaxAge?: number;
}
