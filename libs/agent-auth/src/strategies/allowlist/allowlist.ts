import type { WebhookSender } from './webhook-platform.js';

/**
 * The users and chats one platform lets in. Ids are compared as exact strings. Every list given must match:
 * with both `userIds` and `chatIds`, an allowed user in an unlisted chat is refused, and so is a message lacking
 * the id a list needs. With no list at all, nobody is let in (startup validation asks for at least one).
 */
export class Allowlist {
  private readonly userIds?: ReadonlySet<string>;
  private readonly chatIds?: ReadonlySet<string>;

  constructor(userIds: readonly string[] | undefined, chatIds: readonly string[] | undefined) {
    this.userIds = userIds === undefined ? undefined : new Set(userIds);
    this.chatIds = chatIds === undefined ? undefined : new Set(chatIds);
  }

  /** Whether a sender is let in. */
  admits(sender: WebhookSender): boolean {
    if (this.userIds === undefined && this.chatIds === undefined) return false;
    if (this.userIds !== undefined && (sender.userId === undefined || !this.userIds.has(sender.userId))) return false;
    return this.chatIds === undefined || (sender.chatId !== undefined && this.chatIds.has(sender.chatId));
  }
}
