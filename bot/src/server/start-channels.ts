import type { Channel } from "@rounds/core";
import type { RoundsApp } from "../app/create-app.ts";
import { ConversationLayer } from "../conversation/conversation-layer.ts";
import { createConversationServices } from "../conversation/create-conversation-services.ts";

/**
 * Starts every configured channel plugin's receiver with the one
 * conversation layer. A channel that fails to start is reported and skipped:
 * the API and the other channels keep running.
 */
export async function startChannels(app: RoundsApp): Promise<{ started: string[]; failed: Array<{ id: string; error: string }>; stop(): Promise<void> }> {
  const layer = new ConversationLayer(app, createConversationServices(app));
  const running: Channel[] = [];
  const failed: Array<{ id: string; error: string }> = [];
  for (const id of app.host.ids("channels")) {
    try {
      const channel = await app.host.get("channels", id);
      await channel.start(layer);
      running.push(channel);
    } catch (error) {
      failed.push({ id, error: error instanceof Error ? error.message : String(error) });
      app.logger.error({ channel: id, err: error }, "channel failed to start");
    }
  }
  return {
    started: running.map((c) => c.id),
    failed,
    stop: async () => {
      for (const c of running.reverse()) await c.stop().catch(() => undefined);
    },
  };
}
