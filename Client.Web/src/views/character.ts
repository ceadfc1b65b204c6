// Characters in a party: a character-name field for joining and creating, and the story page's
// "Your character" panel (rename; the host also picks second- or third-person framing).
import type { ActionPerson, AdventureView } from "../contracts";
import { field, h } from "../dom";

/** The longest character name the server takes (GameLimits.MaxCharacterNameLength). */
export const maxCharacterName = 40;

/** A character-name input; blank means "no name yet" (the display name stands in). */
export function characterInput(name = "characterName", value = ""): HTMLInputElement {
  return h("input", { name, maxlength: maxCharacterName, autocomplete: "off", placeholder: "e.g. Mira", value });
}

/** The value to send: trimmed, or null when blank. */
export function characterValue(input: HTMLInputElement): string | null {
  const text = input.value.trim();
  return text === "" ? null : text;
}

/** A select between second person (single player) and third person (a party). */
export function framingSelect(value: ActionPerson = "Second", disabled = false): HTMLSelectElement {
  const select = h("select", { name: "actionPerson", disabled },
    h("option", { value: "Second" }, "Second person (> You \u2026)"),
    h("option", { value: "Third" }, "Third person, by character (> Mira \u2026)"));
  select.value = value;
  return select;
}

export interface CharacterActions {
  setCharacterName(name: string | null): Promise<void>;
  changeActionPerson(person: ActionPerson): Promise<void>;
}

/** The "Your character" panel on the story page. */
export class CharacterPanel {
  readonly element = h("section", { class: "character card", "aria-labelledby": "character-title" });

  constructor(private readonly actions: CharacterActions) {}

  /** Rebuilds the panel unless its name field is being typed in. */
  render(view: AdventureView, meId: string | undefined, isHost: boolean): void {
    if (this.element.contains(document.activeElement) && document.activeElement?.tagName === "INPUT") return;
    const me = view.members.find(m => m.userId === meId);
    const person = view.actionPerson ?? "Second";
    const name = characterInput("characterName", me?.characterName ?? "");
    const framing = framingSelect(person, !isHost);
    framing.addEventListener("change", () => void this.actions.changeActionPerson(framing.value as ActionPerson));
    this.element.replaceChildren(
      h("h2", { id: "character-title" }, "Your character"),
      h("form", { class: "row", onsubmit: (e: Event) => { e.preventDefault(); void this.actions.setCharacterName(characterValue(name)); } },
        field("Name in the story", name),
        h("button", { type: "submit", class: "small primary" }, "Save name")),
      h("p", { class: "meta framing-note" }, person === "Third"
        ? `Actions read \u201c> ${me?.characterName ?? me?.displayName ?? "Name"} opens the door.\u201d`
        : "Actions read \u201c> You open the door.\u201d (the name is used when the host picks the third person)."),
      field("Framing", framing));
  }
}
