import type { AuthorizationDecision } from '../events/auth-event.js';

/**
 * Collects what the authorization checks of one call decided, for its auth event: every decision when successes
 * are reported, else only refusals (so an admitted call builds no decision at all).
 */
export class DecisionRecord {
  /** The decisions kept, in the order the checks ran. */
  readonly entries: AuthorizationDecision[] = [];

  /** @param keepsGrants whether granted and bypassed decisions are kept too. */
  constructor(private readonly keepsGrants: boolean) {}

  /** Whether a decision with this outcome is kept: build it only then. */
  keeps(refused: boolean): boolean {
    return refused || this.keepsGrants;
  }

  add(decision: AuthorizationDecision): void {
    this.entries.push(decision);
  }
}
