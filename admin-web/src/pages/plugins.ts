// Plugins: each configured plugin, its state, what it contributes and its
// settings with their environment variables and whether each is set. The API
// never sends a setting's value (settings hold secrets), so neither does the page.
import { api } from "../api/client.ts";
import type { PluginInfo } from "../api/types.ts";
import { onShowTab } from "../tabs.ts";
import { $, badge, empty, h, table } from "../ui/dom.ts";
import { practiceDataFor } from "./practice-data.ts";

function pluginCard(p: PluginInfo): HTMLElement {
  const titleId = `plugin-${p.name.replace(/[^a-z0-9]+/gi, "-")}`;
  const contributions = Object.entries(p.contributes);
  return h("section", { class: "card spaced", "aria-labelledby": titleId, "data-plugin": p.name },
    h("h3", { id: titleId }, p.displayName, " ", h("code", {}, p.name), " ", h("span", { class: "muted small" }, p.version)),
    h("p", {}, badge(p.state, `plugin-${p.state}`), p.egress ? " Sends data off this machine." : " Works offline."),
    p.error ? h("p", { class: "field-error" }, p.error) : null,
    contributions.length
      ? h("dl", { class: "plugin-contributes" }, contributions.map(([kind, ids]) => [h("dt", {}, kind), h("dd", {}, ids.join(", "))]))
      : empty("Contributes nothing."),
    p.settings.length
      ? table(["Setting", "Environment variable", "Set", "About"], p.settings.map((s) => [
        h("code", {}, s.name), s.env ? h("code", {}, s.env) : "—", badge(s.set ? "set" : "not set", s.set ? "on" : "off"), s.description ?? "",
      ]))
      : empty("No settings."));
}

async function loadPlugins(): Promise<void> {
  const { plugins } = await api<{ plugins: PluginInfo[] }>("GET", "/v1/plugins");
  $("#plugin-list").replaceChildren(...(plugins.length ? plugins.map(pluginCard) : [empty("No plugins are configured.")]));
  await practiceDataFor(plugins);
}

export function wirePlugins(): void {
  onShowTab("plugins", loadPlugins);
}
