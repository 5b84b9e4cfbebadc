import type { DeidOperator, PluginContext } from "@rounds/core";
import { SafeHarborDeidentifier } from "./safe-harbor.ts";

export { SafeHarborDeidentifier };

export function activate(ctx: PluginContext): void {
  const operator = (ctx.settings.operator as DeidOperator | undefined) ?? "placeholder";
  ctx.register("deidentifiers", "safe-harbor", () => new SafeHarborDeidentifier({ operator }));
}
