/** A public JSON document the module serves at a fixed path of the host (outside any global prefix). */
export interface WellKnownDocument {
  /** The path it is served at: `/.well-known/oauth-protected-resource/mcp`, `/.well-known/agent-card.json`. */
  readonly path: string;
  readonly body: object;
  /** `Cache-Control: public, max-age=<seconds>`. */
  readonly maxAgeSeconds: number;
}
