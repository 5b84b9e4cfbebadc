import type { PluginContext } from "@rounds/core";
import { UseEmbedder } from "./use-embedder.ts";
import { packagedModelDir } from "./use-model.ts";

export { UseEmbedder, packagedModelDir };

export function activate(ctx: PluginContext): void {
  const s = ctx.settings as { modelPath?: string; fusionWeight: number };
  ctx.register("embedders", "use", () => new UseEmbedder(s.modelPath ?? packagedModelDir(), s.fusionWeight));
}
