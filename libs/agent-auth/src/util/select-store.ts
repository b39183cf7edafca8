/**
 * The store a feature uses: the one given in the options, else the app's provider of the store's token, else the
 * embedded default.
 * @param option the option's path, named in the error (`bruteForce.store`).
 * @param kind the store interface's name (`FailureStore`).
 * @throws Error naming the option when the option and a provider are both given.
 */
export function selectStore<T>(option: string, kind: string, configured: T | undefined, provided: T | undefined, fallback: () => T): T {
  if (configured !== undefined && provided !== undefined) {
    throw new Error(`Invalid AgentAuthModule options:\n  - ${option}: a ${kind} provider is registered too; keep one of them`);
  }
  return configured ?? provided ?? fallback();
}
