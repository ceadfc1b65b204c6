// Side panels: memory, author's note, story cards and generation settings. The host edits them; the
// others read them. Each panel is a <details>, so it opens with the keyboard. A save says what was stored
// (a setting out of range is moved to the nearest allowed value by the server, and the panel says so).
import type { AdventureView, SettingsView, StoryCardView } from "../contracts";
import { field, h } from "../dom";

/** Each resolves to whether the server took it (a refusal is shown by the caller); settings to what was stored. */
export interface PanelActions {
  setMemory(text: string): Promise<boolean>;
  setAuthorsNote(text: string): Promise<boolean>;
  addCard(card: StoryCardView): Promise<boolean>;
  updateCard(card: StoryCardView): Promise<boolean>;
  removeCard(cardId: string): Promise<boolean>;
  changeSettings(settings: SettingsView): Promise<SettingsView | null>;
}

const emptyId = "00000000-0000-0000-0000-000000000000";

export class Panels {
  readonly element = h("div", { class: "panels" });
  private readonly open = new Set<string>(["Memory"]);
  /** What the last save in each panel stored, kept across rebuilds (the change's broadcast rebuilds the panels). */
  private readonly notes = new Map<string, string>();
  private latest: { view: AdventureView; isHost: boolean } | null = null;

  constructor(private readonly actions: PanelActions) {
    // A rebuild put off while a field was being typed in happens when the focus leaves the panels.
    this.element.addEventListener("focusout", e => {
      if (!this.element.contains(e.relatedTarget as Node | null)) queueMicrotask(() => this.rerender());
    });
  }

  /** Rebuilds the panels, unless one of their fields is being typed in: then when the typing ends. */
  render(view: AdventureView, isHost: boolean): void {
    this.latest = { view, isHost };
    const focused = document.activeElement;
    if (focused && this.element.contains(focused) && ["INPUT", "TEXTAREA", "SELECT"].includes(focused.tagName)) return;
    this.element.replaceChildren(
      this.panel("Memory", this.textPanel("memory", view.memory, isHost, t => this.actions.setMemory(t))),
      this.panel("Author's note", this.textPanel("authors-note", view.authorsNote, isHost, t => this.actions.setAuthorsNote(t))),
      this.panel("Story cards", this.cards(view.storyCards, isHost)),
      this.panel("Settings", this.settings(view.settings, isHost)));
  }

  private rerender(): void {
    if (this.latest) this.render(this.latest.view, this.latest.isHost);
  }

  private note(key: string): HTMLElement {
    return h("p", { class: "meta saved", role: "status", "data-note": key }, this.notes.get(key) ?? "");
  }

  private setNote(key: string, text: string): void {
    this.notes.set(key, text);
    const el = this.element.querySelector<HTMLElement>(`[data-note="${key}"]`);
    if (el) el.textContent = text;
  }

  private panel(title: string, body: HTMLElement): HTMLElement {
    const details = h("details", { class: "panel", open: this.open.has(title) }, h("summary", {}, title), body);
    details.addEventListener("toggle", () => (details.open ? this.open.add(title) : this.open.delete(title)));
    return details;
  }

  private cards(cards: readonly StoryCardView[], isHost: boolean): HTMLElement {
    const list = cards.map(c => this.card(c, isHost));
    if (isHost) list.push(this.card({ id: emptyId, title: "", keys: [], text: "", enabled: true }, true));
    return h("div", { class: "cards" }, ...(list.length ? list : [h("p", { class: "meta" }, "No story cards.")]), isHost && this.note("cards"));
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
    const form: HTMLFormElement = h("form", {
      class: "card-entry",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
        if (submit.disabled) return;
        // Disabled until the server answers, and a new card's form is emptied once it is added: one click, one card.
        submit.disabled = true;
        try {
          const card = read();
          if (await (isNew ? this.actions.addCard(card) : this.actions.updateCard(card))) {
            if (isNew) form.reset();
            this.setNote("cards", isNew ? `Added "${card.title}".` : `Saved "${card.title}".`);
          }
        } finally {
          submit.disabled = false;
        }
      },
    },
    isNew && h("h3", {}, "New card"),
    field("Title", title), field("Trigger keys (comma separated)", keys), field("Text", text),
    h("label", { class: "check" }, enabled, " Enabled"),
    isHost && h("div", { class: "row" },
      h("button", { type: "submit", class: "small primary" }, isNew ? "Add card" : "Save card"),
      !isNew && h("button", { type: "button", class: "small", onclick: () => void this.actions.removeCard(c.id) }, "Remove")));
    return form;
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
    const seedHint = h("p", { class: "meta seed-hint", id: "seed-hint" },
      "With a seed, Retry writes the same text again; clear the seed for a different one.");
    const showSeedHint = () => (seedHint.hidden = seed.value.trim() === "");
    seed.setAttribute("aria-describedby", "seed-hint");
    seed.addEventListener("input", showSeedHint);
    showSeedHint();
    return h("form", {
      class: "settings",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const sent: SettingsView = {
          temperature: Number(temperature.value), topK: Number(topK.value), topP: Number(topP.value),
          repetitionPenalty: Number(penalty.value), maxNewTokens: Number(tokens.value),
          seed: seed.value === "" ? null : Number(seed.value),
          stopSequences: stops.value.split("|").map(x => x.trim()).filter(x => x !== ""),
        };
        const stored = await this.actions.changeSettings(sent);
        if (!stored) return;
        for (const [input, value] of [[temperature, stored.temperature], [topK, stored.topK], [topP, stored.topP],
          [penalty, stored.repetitionPenalty], [tokens, stored.maxNewTokens]] as const) input.value = String(value);
        this.setNote("settings", savedSettings(sent, stored));
      },
    },
    h("div", { class: "grid" },
      field("Temperature", temperature), field("Top-k", topK), field("Top-p", topP),
      field("Repetition penalty", penalty), field("Max new tokens", tokens), field("Seed", seed)),
    seedHint,
    field("Stop sequences (separated by |)", stops),
    isHost && h("button", { type: "submit", class: "small primary" }, "Save settings"),
    isHost && this.note("settings"));
  }

  private textPanel(name: string, value: string, isHost: boolean, save: (text: string) => Promise<boolean>): HTMLElement {
    const area = h("textarea", { name, rows: 4, disabled: !isHost, "aria-label": name.replace("-", " ") }, value);
    return h("form", { onsubmit: async (e: Event) => { e.preventDefault(); if (await save(area.value)) this.setNote(name, "Saved."); } },
      area,
      isHost ? h("button", { type: "submit", class: "small primary" }, "Save") : h("p", { class: "meta" }, "Only the host can change this."),
      isHost && this.note(name));
  }
}

const settingNames: [keyof SettingsView, string][] = [
  ["temperature", "Temperature"], ["topK", "Top-k"], ["topP", "Top-p"], ["repetitionPenalty", "Repetition penalty"], ["maxNewTokens", "Max new tokens"],
];

/** "Saved." and, for each value the server moved into its range, what it became ("Temperature -3 is out of range: saved as 0."). */
export function savedSettings(sent: SettingsView, stored: SettingsView): string {
  const moved = settingNames.filter(([key]) => sent[key] !== stored[key])
    .map(([key, name]) => `${name} ${String(sent[key])} is out of range: saved as ${String(stored[key])}.`);
  return ["Saved.", ...moved].join(" ");
}
