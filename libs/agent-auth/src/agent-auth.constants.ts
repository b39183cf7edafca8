/** Injection token of the validated {@link AgentAuthModuleOptions}. */
export const AGENT_AUTH_OPTIONS = Symbol('AGENT_AUTH_OPTIONS');

/** Realm named in `WWW-Authenticate` challenges when the options give none. */
export const DEFAULT_REALM = 'api';
