// Side panels: memory, author's note, story cards and generation settings. The host edits them; the
// others read them. Each panel is a <details>, so it opens with the keyboard.
import type { AdventureView, SettingsView, StoryCardView } from "../contracts";
import { field, h } from "../dom";

export interface PanelActions {
  setMemory(text: string): Promise<void>;
  setAuthorsNote(text: string): Promise<void>;
  addCard(card: StoryCardView): Promise<void>;
  updateCard(card: StoryCardView): Promise<void>;
  removeCard(cardId: string): Promise<void>;
  changeSettings(settings: SettingsView): Promise<void>;
}

const emptyId = "00000000-0000-0000-0000-000000000000";

export class Panels {
  readonly element = h("div", { class: "panels" });
  private readonly open = new Set<string>(["Memory"]);

  constructor(private readonly actions: PanelActions) {}

  /** Rebuilds the panels unless one of their fields is being typed in. */
  render(view: AdventureView, isHost: boolean): void {
    if (this.element.contains(document.activeElement) && document.activeElement !== document.body && document.activeElement?.tagName !== "SUMMARY") return;
    this.element.replaceChildren(
      this.panel("Memory", textPanel("memory", view.memory, isHost, t => this.actions.setMemory(t))),
      this.panel("Author's note", textPanel("authors-note", view.authorsNote, isHost, t => this.actions.setAuthorsNote(t))),
      this.panel("Story cards", this.cards(view.storyCards, isHost)),
      this.panel("Settings", this.settings(view.settings, isHost)));
  }

  private panel(title: string, body: HTMLElement): HTMLElement {
    const details = h("details", { class: "panel", open: this.open.has(title) }, h("summary", {}, title), body);
    details.addEventListener("toggle", () => (details.open ? this.open.add(title) : this.open.delete(title)));
    return details;
  }

  private cards(cards: readonly StoryCardView[], isHost: boolean): HTMLElement {
    const list = cards.map(c => this.card(c, isHost));
    if (isHost) list.push(this.card({ id: emptyId, title: "", keys: [], text: "", enabled: true }, true));
    return h("div", { class: "cards" }, ...(list.length ? list : [h("p", { class: "meta" }, "No story cards.")]));
  }

  private card(c: StoryCardView, isHost: boolean): HTMLElement {
    const isNew = c.id === emptyId;
    const title = h("input", { value: c.title, disabled: !isHost, required: true });
    const keys = h("input", { value: c.keys.join(", "), disabled: !isHost, placeholder: "dragon, wyrm" });
    const text = h("textarea", { rows: 3, disabled: !isHost }, c.text);
    const enabled = h("input", { type: "checkbox", checked: c.enabled, disabled: !isHost });
    const read = (): StoryCardView => ({
      id: c.id, title: title.value.trim(), text: text.value, enabled: enabled.checked,
      keys: keys.value.split(",").map(k => k.trim()).filter(k => k !== ""),
    });
    return h("form", {
      class: "card-entry",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void (isNew ? this.actions.addCard(read()) : this.actions.updateCard(read()));
      },
    },
    isNew && h("h3", {}, "New card"),
    field("Title", title), field("Trigger keys (comma separated)", keys), field("Text", text),
    h("label", { class: "check" }, enabled, " Enabled"),
    isHost && h("div", { class: "row" },
      h("button", { type: "submit", class: "small primary" }, isNew ? "Add card" : "Save card"),
      !isNew && h("button", { type: "button", class: "small", onclick: () => void this.actions.removeCard(c.id) }, "Remove")));
  }

  private settings(s: SettingsView, isHost: boolean): HTMLElement {
    const num = (name: string, value: number | null, step: string) =>
      h("input", { name, type: "number", step, value: value ?? "", disabled: !isHost });
    const temperature = num("temperature", s.temperature, "0.05");
    const topK = num("topK", s.topK, "1");
    const topP = num("topP", s.topP, "0.05");
    const penalty = num("repetitionPenalty", s.repetitionPenalty, "0.05");
    const tokens = num("maxNewTokens", s.maxNewTokens, "1");
    const seed = num("seed", s.seed, "1");
    const stops = h("input", { name: "stopSequences", value: s.stopSequences.join(" | "), disabled: !isHost });
    return h("form", {
      class: "settings",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void this.actions.changeSettings({
          temperature: Number(temperature.value), topK: Number(topK.value), topP: Number(topP.value),
          repetitionPenalty: Number(penalty.value), maxNewTokens: Number(tokens.value),
          seed: seed.value === "" ? null : Number(seed.value),
          stopSequences: stops.value.split("|").map(x => x.trim()).filter(x => x !== ""),
        });
      },
    },
    h("div", { class: "grid" },
      field("Temperature", temperature), field("Top-k", topK), field("Top-p", topP),
      field("Repetition penalty", penalty), field("Max new tokens", tokens), field("Seed", seed)),
    field("Stop sequences (separated by |)", stops),
    isHost && h("button", { type: "submit", class: "small primary" }, "Save settings"));
  }
}

function textPanel(name: string, value: string, isHost: boolean, save: (text: string) => Promise<void>): HTMLElement {
  const area = h("textarea", { name, rows: 4, disabled: !isHost, "aria-label": name.replace("-", " ") }, value);
  return h("form", { onsubmit: (e: Event) => { e.preventDefault(); void save(area.value); } },
    area,
    isHost ? h("button", { type: "submit", class: "small primary" }, "Save") : h("p", { class: "meta" }, "Only the host can change this."));
}
