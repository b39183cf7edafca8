/**
 * The A2A v1.0 agent card as served (the specification's JSON form of `lf.a2a.v1.AgentCard`): what the app describes
 * ({@link AgentCardContent}) plus the `securitySchemes` and `securityRequirements` generated from the module's options.
 */
export interface AgentCard extends AgentCardContent {
  /** The schemes a caller may authenticate with, by name, each as its one `…SecurityScheme` member. */
  readonly securitySchemes: Readonly<Record<string, AgentCardSecurityScheme>>;
  /** The alternatives a caller must satisfy one of: each names schemes and the scopes they need. */
  readonly securityRequirements: readonly AgentCardSecurityRequirement[];
  readonly capabilities: AgentCapabilities;
}

/** What an app tells about its agent; the library adds the security fields. */
export interface AgentCardContent {
  readonly name: string;
  readonly description: string;
  /** The agent's own version, not the protocol's. */
  readonly version: string;
  /** Where the agent is served, the preferred one first. */
  readonly supportedInterfaces: readonly AgentInterface[];
  readonly provider?: { readonly organization: string; readonly url: string };
  readonly documentationUrl?: string;
  readonly iconUrl?: string;
  readonly capabilities?: AgentCapabilities;
  /** Media types the agent accepts and answers with, across its skills. */
  readonly defaultInputModes: readonly string[];
  readonly defaultOutputModes: readonly string[];
  readonly skills: readonly AgentSkill[];
}

/** One URL the agent answers at, and the protocol binding it speaks there. */
export interface AgentInterface {
  /** Absolute URL of the interface (`https://agents.example.com/a2a`). */
  readonly url: string;
  /** `JSONRPC`, `GRPC` or `HTTP+JSON`. */
  readonly protocolBinding: string;
  /** The A2A version the interface speaks (`1.0`). */
  readonly protocolVersion: string;
  readonly tenant?: string;
}

/** What the agent supports beyond plain messages. `extendedAgentCard` is set by the library. */
export interface AgentCapabilities {
  readonly streaming?: boolean;
  readonly pushNotifications?: boolean;
  readonly extendedAgentCard?: boolean;
  readonly extensions?: ReadonlyArray<{ readonly uri: string; readonly description?: string; readonly required?: boolean }>;
}

/** A focused ability of the agent. */
export interface AgentSkill {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly examples?: readonly string[];
  readonly inputModes?: readonly string[];
  readonly outputModes?: readonly string[];
}

/** A security scheme in the card: exactly one of its members (OpenAPI 3.2's security scheme object, by kind). */
export type AgentCardSecurityScheme =
  | { readonly httpAuthSecurityScheme: { readonly scheme: string; readonly bearerFormat?: string; readonly description?: string } }
  | { readonly apiKeySecurityScheme: { readonly location: 'header' | 'query' | 'cookie'; readonly name: string; readonly description?: string } }
  | { readonly openIdConnectSecurityScheme: { readonly openIdConnectUrl: string; readonly description?: string } };

/** One way to be let in: scheme names, each with the scopes it needs (an empty list: none). */
export interface AgentCardSecurityRequirement {
  readonly schemes: Readonly<Record<string, { readonly list: readonly string[] }>>;
}
