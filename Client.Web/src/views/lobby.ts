// The lobby: my adventures (the host may delete one, after a confirmation), join by code, create from a
// scenario (its ${placeholders} become fields) with its turn policy, party cap and continuation length.
import type { HubConnection } from "@microsoft/signalr";
import type { AdventureSummaryView, AdventureView, CreateAdventureRequest } from "../contracts";
import { field, h, say } from "../dom";
import { errorMessage } from "../hub";
import { placeholders, scenarios } from "../scenarios";
import { importPicker } from "./adventureFile";
import { characterInput, characterValue, framingSelect } from "./character";

export function lobbyView(root: HTMLElement, hub: HubConnection, notice: string, open: (id: string) => void): void {
  const message = h("p", { class: "message", role: "alert", hidden: true });
  const mine = h("ul", { class: "adventures" }, h("li", {}, "Loading…"));
  root.replaceChildren(h("div", { class: "lobby" },
    message,
    h("section", { class: "card", "aria-labelledby": "mine-title" }, h("h2", { id: "mine-title" }, "My adventures"), mine),
    joinForm(hub, message, open),
    createForm(hub, message, open),
    h("section", { class: "card", "aria-label": "Import" }, importPicker(open, text => say(message, text)))));
  if (notice) say(message, notice, "info");
  const load = () => hub.invoke<AdventureSummaryView[]>("ListMyAdventures").then(list => {
    mine.replaceChildren(...(list.length === 0 ? [h("li", {}, "None yet: create one or join with a code.")] : list.map(a =>
      h("li", { "data-adventure": a.id },
        h("button", { type: "button", class: "link", onclick: () => open(a.id) }, a.title),
        h("span", { class: "meta" }, ` ${a.role} · ${a.memberCount} player${a.memberCount === 1 ? "" : "s"} · code ${a.joinCode}`),
        a.role === "Host" && deleteControl(hub, a, message, load)))));
  }, e => say(message, errorMessage(e)));
  void load();
}

/** "Delete" asks first ("Delete ... for good?"), then deletes and reloads the list. */
function deleteControl(hub: HubConnection, a: AdventureSummaryView, message: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const box = h("span", { class: "delete" });
  const ask = () => box.replaceChildren(
    h("span", { class: "confirm", role: "group", "aria-label": `Delete ${a.title}?` },
      `Delete "${a.title}" and its whole story for good? `,
      h("button", { type: "button", class: "small danger", onclick: () => void remove() }, "Yes, delete it"),
      h("button", { type: "button", class: "small", onclick: idle }, "Cancel")));
  const remove = async () => {
    try {
      await hub.invoke("DeleteAdventure", a.id);
      say(message, `Deleted "${a.title}".`, "info");
      await reload();
    } catch (err) {
      say(message, errorMessage(err));
      idle();
    }
  };
  function idle(): void {
    box.replaceChildren(h("button", { type: "button", class: "small danger", "aria-label": `Delete ${a.title}`, onclick: ask }, "Delete"));
  }
  idle();
  return box;
}

function joinForm(hub: HubConnection, message: HTMLElement, open: (id: string) => void): HTMLElement {
  const code = h("input", { name: "joinCode", required: true, autocomplete: "off", spellcheck: "false" });
  const character = characterInput("joinCharacterName");
  return h("form", {
    class: "card", "aria-labelledby": "join-title",
    onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        const view = await hub.invoke<AdventureView>("JoinAs", code.value.trim(), characterValue(character));
        open(view.id);
      } catch (err) {
        say(message, errorMessage(err));
      }
    },
  },
  h("h2", { id: "join-title" }, "Join by code"),
  h("div", { class: "row" }, field("Join code", code), field("Name in the story (optional)", character), h("button", { type: "submit", class: "primary" }, "Join")));
}

function createForm(hub: HubConnection, message: HTMLElement, open: (id: string) => void): HTMLElement {
  const scenario = h("select", { name: "scenario" },
    ...scenarios.map(s => h("option", { value: s.id }, s.id === "custom" ? "Custom" : s.title)));
  const title = h("input", { name: "title", required: true, maxlength: 100 });
  const prompt = h("textarea", { name: "prompt", required: true, rows: 5 });
  const fields = h("fieldset", { class: "placeholders" });
  const policy = h("select", { name: "turnPolicy" }, h("option", { value: "FreeForAll" }, "Free for all"), h("option", { value: "RoundRobin" }, "Round robin"));
  const length = h("input", { name: "maxNewTokens", type: "number", min: 1, max: 4096, value: 80 });
  const cap = h("input", { name: "partyCap", type: "number", min: 1, value: 8 });
  const values = new Map<string, HTMLInputElement>();
  const character = characterInput();
  const framing = framingSelect();

  const showPlaceholders = () => {
    const names = placeholders(prompt.value);
    fields.replaceChildren(h("legend", {}, names.length ? "Fill in the scenario" : "No placeholders (write ${name} in the prompt to ask for one)"),
      ...names.map(n => {
        const input = values.get(n) ?? h("input", { name: `placeholder-${n}`, required: true });
        values.set(n, input);
        return field(n, input);
      }));
  };
  const pick = () => {
    const s = scenarios.find(x => x.id === scenario.value)!;
    title.value = s.title;
    prompt.value = s.prompt;
    showPlaceholders();
  };
  scenario.addEventListener("change", pick);
  prompt.addEventListener("input", showPlaceholders);
  pick();

  const form = h("form", {
    class: "card create", "aria-labelledby": "create-title",
    onsubmit: async (e: Event) => {
      e.preventDefault();
      const request: CreateAdventureRequest = {
        title: title.value.trim(),
        scenarioPrompt: prompt.value,
        placeholders: Object.fromEntries(placeholders(prompt.value).map(n => [n, values.get(n)?.value.trim() ?? ""])),
        turnPolicy: policy.value,
        partyCap: Number(cap.value),
        actionPerson: framing.value as "Second" | "Third",
        characterName: characterValue(character),
      };
      try {
        let view = await hub.invoke<AdventureView>("CreateAdventure", request);
        const tokens = Number(length.value);
        if (tokens > 0 && tokens !== view.settings.maxNewTokens)
          view = { ...view, settings: await hub.invoke("ChangeSettings", view.id, { ...view.settings, maxNewTokens: tokens }) };
        open(view.id);
      } catch (err) {
        say(message, errorMessage(err));
      }
    },
  },
  h("h2", { id: "create-title" }, "New adventure"),
  field("Scenario", scenario),
  field("Title", title),
  field("Opening prompt", prompt),
  fields,
  h("div", { class: "row" }, field("Turns", policy), field("Party size (players at most)", cap), field("Tokens per continuation", length)),
  h("div", { class: "row" }, field("Your name in the story (optional)", character), field("Framing", framing)),
  h("button", { type: "submit", class: "primary" }, "Create"));
  return form;
}
