// The seven tabs (WAI-ARIA tabs pattern) and which page loads when one is shown.
import { state, stopPolling, type TabName } from "./state.ts";
import { $ } from "./ui/dom.ts";
import { handle } from "./ui/messages.ts";

const tabNames: TabName[] = ["schedules", "documents", "models", "training", "consent", "usage", "plugins"];

const loaders = new Map<TabName, () => Promise<unknown>>();
/** Each page registers what to load when its tab is shown. */
export function onShowTab(name: TabName, load: () => Promise<unknown>): void {
  loaders.set(name, load);
}

export const visibleTabs = (): TabName[] => tabNames.filter((t) => !$(`#tab-${t}`).hidden);

export function showTab(name: TabName, focus = false): void {
  state.tab = name;
  stopPolling();
  for (const t of tabNames) {
    const tab = $(`#tab-${t}`);
    const selected = t === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`#panel-${t}`).hidden = !selected;
    if (selected && focus) tab.focus();
  }
  const load = loaders.get(name);
  if (state.projectId && load) handle(load)();
}

const isTabName = (name: string): name is TabName => (tabNames as string[]).includes(name);

export function wireTabs(): void {
  const tablist = $("[role=tablist]");
  tablist.addEventListener("click", (event) => {
    const tab = event.target instanceof Element ? event.target.closest("[role=tab]") : null;
    const name = tab?.id.replace("tab-", "");
    if (name && isTabName(name)) showTab(name);
  });
  tablist.addEventListener("keydown", (event) => {
    const shown = visibleTabs();
    const i = shown.indexOf(state.tab);
    const next = ({ ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: shown.length - 1 } as Record<string, number>)[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = shown[(next + shown.length) % shown.length];
    if (target) showTab(target, true);
  });
}
