import { ArrayNotEmpty, IsArray, IsNotEmpty, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { ApiKeyDefinition } from './api-key.options.js';
import { IsRoutePattern } from './option-validators.js';

/**
 * The console realm (observability, admin): routes its patterns cover accept only console credentials (its own keys
 * in their own header, or a browser session of an operator), never the end users' tokens, sessions or API keys; and
 * console keys open no other route.
 * @example console: { routes: ['/observability/**', '/admin/**'], keys: [{ id: 'ops', hash: 'sha256:…' }], operatorRoles: ['operator'] }
 */
export class ConsoleOptions {
  /** Route patterns of the console (`"[METHOD ]/path"` with `*`, `**` and `:name`); they win over `@UseAuth` and `@Public`. */
  @IsArray()
  @ArrayNotEmpty()
  @IsRoutePattern({ each: true })
  routes!: string[];

  /** Console keys, given as API key definitions (plain keys or their `sha256:` hashes, with roles). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  keys?: Array<string | ApiKeyDefinition>;

  /** The header console keys are sent in. @default 'x-console-key' */
  @IsOptional()
  @Matches(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: '$property must be an HTTP header name' })
  header?: string;

  /** Browser sessions (`session`) of principals with one of these roles are also let into the console. @default none */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  operatorRoles?: string[];
}
