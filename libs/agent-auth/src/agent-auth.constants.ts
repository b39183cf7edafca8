/** Injection token of the validated {@link AgentAuthModuleOptions}. */
export const AGENT_AUTH_OPTIONS = Symbol('AGENT_AUTH_OPTIONS');
