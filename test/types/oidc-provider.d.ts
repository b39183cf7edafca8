/** The few parts of `oidc-provider` (which ships no types) the tests use. */
declare module 'oidc-provider' {
  import type { RequestListener } from 'node:http';

  /** An OpenID provider: `new Provider(issuer, configuration)`, served through `callback()`. */
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): RequestListener;
  }

  /** The provider's OAuth errors. */
  export const errors: { InvalidTarget: new (description?: string) => Error };
}
