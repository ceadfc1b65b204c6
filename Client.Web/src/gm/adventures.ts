// The live adventures and their players; choosing one watches it.
import type { LiveAdventureView } from "../contracts";
import { h } from "../dom";

export class LiveAdventures {
  readonly element = h("section", { class: "live-list", "aria-labelledby": "live-title" });
  private readonly list = h("ul", { class: "adventures" });

  constructor(private readonly load: () => Promise<LiveAdventureView[]>, private readonly watch: (id: string) => void) {
    this.element.append(
      h("div", { class: "title-row" }, h("h2", { id: "live-title" }, "Live adventures"),
        h("button", { type: "button", class: "small", onclick: () => void this.refresh() }, "Refresh")),
      this.list);
  }

  async refresh(): Promise<void> {
    const live = await this.load();
    this.list.replaceChildren(...(live.length === 0 ? [h("li", { class: "meta" }, "Nobody is playing.")] : live.map(a =>
      h("li", {},
        h("button", { type: "button", class: "link", onclick: () => this.watch(a.id) }, a.title),
        h("span", { class: "meta" }, ` code ${a.joinCode}${a.writingBlockId ? " · writing" : ""}`),
        h("span", { class: "players" }, a.members.map(m => `${m.displayName}${m.connected ? "" : " (away)"}`).join(", "))))));
  }
}
