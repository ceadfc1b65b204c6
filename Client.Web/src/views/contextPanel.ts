// The host's context view: what the model saw on the last turn, part by part, with token counts.
import type { ContextView } from "../contracts";
import { h } from "../dom";

export class ContextPanel {
  readonly element = h("details", { class: "panel context" });
  private readonly body = h("div", { class: "context-body" });

  constructor(private readonly load: () => Promise<ContextView>) {
    this.element.append(h("summary", {}, "What the model saw"), this.body);
    this.element.addEventListener("toggle", () => {
      if (this.element.open) void this.refresh();
    });
  }

  /** Shows or hides the panel (host only). */
  show(isHost: boolean): void {
    this.element.hidden = !isHost;
  }

  async refresh(): Promise<void> {
    this.body.replaceChildren(h("p", { class: "meta" }, "Loading…"));
    try {
      this.body.replaceChildren(...render(await this.load()));
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.body.replaceChildren(h("p", { class: "meta" }, text.slice(text.indexOf("HubException: ") >= 0 ? text.indexOf("HubException: ") + 14 : 0)));
    }
  }
}

function render(c: ContextView): HTMLElement[] {
  const part = (title: string, text: string, tokens: number) =>
    h("div", { class: "context-part" }, h("h4", {}, `${title} · ${tokens} tokens`), h("pre", {}, text === "" ? "(none)" : text));
  const cut = c.blocksLeftOut === 0 && !c.firstBlockCut ? "Nothing was cut."
    : `${c.blocksLeftOut} older block${c.blocksLeftOut === 1 ? "" : "s"} left out${c.firstBlockCut ? "; the oldest block in the prompt is cut" : ""}.`;
  return [
    h("p", { class: "meta context-total" }, `${c.tokenCount} of ${c.budget} tokens. ${cut}`),
    part("Memory", c.memory.text, c.memory.tokens),
    ...c.cards.map(card => part(`Card \u201c${card.title}\u201d (key \u201c${card.key}\u201d)`, card.text, card.tokens)),
    part("Author's note", c.authorsNote.text, c.authorsNote.tokens),
    part("Story", c.story.text, c.story.tokens),
    h("details", {}, h("summary", {}, "The whole prompt"), h("pre", { class: "context-prompt" }, c.prompt)),
  ];
}
