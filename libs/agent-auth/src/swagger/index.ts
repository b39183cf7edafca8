export { applyAgentAuthSecurity, type AgentAuthSecurityOptions } from './apply-agent-auth-security.js';
export { AUTH_ERROR_SCHEMA, authErrorSchema } from './auth-error-schema.js';
export { SECURITY_SCHEMES } from '../authentication/strategy-schemes.js';
