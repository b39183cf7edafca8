import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link ProtectedResource}. */
export const PROTECTED_RESOURCE_KEY = 'agent-auth:protected-resource';

/**
 * Puts a controller or handler in a protected resource of the `protectedResources` option (named by its `resource`
 * URI), in addition to the routes under its `paths`: header Bearer tokens for that resource only, its scopes, its tools'
 * scopes. A URI no entry has is a boot error.
 * @example @ProtectedResource('https://agents.example.com/mcp') @Controller('mcp') class McpController {}
 */
export const ProtectedResource = (resource: string): MethodDecorator & ClassDecorator => SetMetadata(PROTECTED_RESOURCE_KEY, resource);
