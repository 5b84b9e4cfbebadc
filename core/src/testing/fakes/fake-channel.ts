import type { Channel, ConversationHandler, InboundEvent, OutboundMessage, ReplyTarget } from "../../ports/index.ts";

/** A channel driven by tests: `deliver` an event, read what was sent back. */
export class FakeChannel implements Channel {
  readonly specificationVersion = "v1" as const;
  readonly id = "fake";
  readonly sent: Array<{ messageId: string; message: OutboundMessage; updates: OutboundMessage[] }> = [];
  private handler: ConversationHandler | undefined;

  async start(handler: ConversationHandler): Promise<void> {
    this.handler = handler;
  }
  async stop(): Promise<void> {
    this.handler = undefined;
  }
  async deliver(event: InboundEvent): Promise<void> {
    if (!this.handler) throw new Error("channel not started");
    const reply: ReplyTarget = {
      send: async (message) => {
        const messageId = `m${this.sent.length + 1}`;
        this.sent.push({ messageId, message, updates: [] });
        return { messageId };
      },
      update: async (messageId, message) => {
        this.sent.find((s) => s.messageId === messageId)?.updates.push(message);
      },
    };
    await this.handler.handle(event, reply);
  }
}
