// An adventure's story view: the streamed story, the action box and turn controls, who is here,
// and the side panels. Refusals from the hub are shown as the server wrote them.
import type { HubConnection } from "@microsoft/signalr";
import type { AdventureView, ContextView, PresenceUpdate, SettingsView, StoryCardView, StoryUpdate, TypingUpdate } from "../contracts";
import { h, say } from "../dom";
import { StoryFollower } from "../follow";
import { StoryState } from "../storyState";
import { adventureCaller, errorMessage, sentence } from "../hub";
import { ActionBar } from "./actionBar";
import { exportButton } from "./adventureFile";
import { CharacterPanel } from "./character";
import { ContextPanel } from "./contextPanel";
import { Panels } from "./panels";
import { Presence } from "./presence";
import { StoryBlocks } from "./storyBlocks";

/**
 * Shows the adventure; returns a function that leaves the view. `removed` is called with a sentence when the
 * player is kicked or banned, the adventure is deleted, or the player leaves it.
 */
export function storyView(root: HTMLElement, hub: HubConnection, adventureId: string, userName: string, removed: (reason: string) => void): () => void {
  const state = new StoryState();
  const message = h("p", { class: "message", role: "alert", hidden: true });
  const title = h("h1", {}, "…");
  const code = h("span", { class: "code" });
  const rules = h("span", { class: "meta rules" });
  const leaveButton = h("button", { type: "button", class: "small", hidden: true, onclick: () => void leaveForGood() }, "Leave adventure");
  const call = adventureCaller(hub, adventureId, message);
  const quiet = async (method: string, ...args: unknown[]) => void (await call(method, ...args));

  const blocks = new StoryBlocks({
    edit: (id, text) => quiet("Edit", id, text),
    eraseAfter: id => quiet("EraseAfter", id),
    selectAlternative: (id, i) => quiet("SelectAlternative", id, i),
  });
  const bar = new ActionBar({
    act: (kind, text) => call("Act", kind, text),
    retry: () => quiet("Retry"),
    undo: () => quiet("Undo"),
    redo: () => quiet("Redo"),
    stop: () => quiet("Stop"),
    typing: isTyping => void hub.invoke("SetTyping", adventureId, isTyping).catch(() => undefined),
  });
  const panels = new Panels({
    setMemory: t => call("SetMemory", t),
    setAuthorsNote: t => call("SetAuthorsNote", t),
    addCard: (c: StoryCardView) => call("AddStoryCard", c),
    updateCard: (c: StoryCardView) => call("UpdateStoryCard", c),
    removeCard: id => call("RemoveStoryCard", id),
    changeSettings: async (s: SettingsView) => {
      say(message, "");
      try {
        return await hub.invoke<SettingsView>("ChangeSettings", adventureId, s);
      } catch (e) {
        say(message, errorMessage(e));
        return null;
      }
    },
  });
  const presence = new Presence();
  const character = new CharacterPanel({
    setCharacterName: name => quiet("SetCharacterName", name),
    changeActionPerson: person => quiet("ChangeActionPerson", person),
  });
  const context = new ContextPanel(() => hub.invoke<ContextView>("GetContext", adventureId));
  const exporter = exportButton(() => adventureId, text => say(message, text));

  const follower = new StoryFollower(hub, adventureId, () => hub.invoke<AdventureView>("GetAdventure", adventureId), {
    snapshot: v => {
      if (state.snapshot(v)) show();
    },
    live: (blockId, text) => {
      blocks.live(blockId, text);
      bar.update(state.view?.canRedo ?? false, true);
    },
    ended: e => {
      blocks.ended(e.blockId, e.text, e.state);
      state.ended(e);
      bar.update(state.view?.canRedo ?? false, writing());
      if (e.message) say(message, e.message, "info");
    },
    error: text => say(message, text),
  });
  const liveText = (id: string) => (follower.assembly.live().some(l => l.blockId === id) ? follower.assembly.text(id) : null);
  // The model writes from the moment the story shows a continuation being written, before its first words stream in.
  const writing = () =>
    follower.assembly.live().length > 0 || (state.view?.blocks.some(b => b.type === "Continuation" && b.state === "Writing") ?? false);

  function show(): void {
    const v = state.view;
    if (!v) return;
    const meId = v.members.find(m => m.displayName === userName)?.userId;
    title.textContent = v.title;
    code.textContent = `Join code: ${v.joinCode}`;
    rules.textContent = `${v.turnPolicy === "RoundRobin" ? "Round robin" : "Free for all"} · party of up to ${v.partyCap}`;
    leaveButton.hidden = meId === undefined || meId === v.hostId;
    blocks.render(v.blocks, liveText);
    presence.render(v.members, v.nextActorId);
    panels.render(v, meId !== undefined && meId === v.hostId);
    character.render(v, meId, meId !== undefined && meId === v.hostId);
    context.show(meId !== undefined && meId === v.hostId);
    exporter.hidden = !(meId !== undefined && meId === v.hostId);
    bar.update(v.canRedo, writing());
  }

  // An update that came before the one it follows waits; if the one before never comes, take a snapshot.
  let gapTimer: ReturnType<typeof setTimeout> | undefined;
  const afterChange = (changed: boolean) => {
    if (changed) {
      const v = state.view!;
      blocks.render(v.blocks, liveText);
      presence.render(v.members, v.nextActorId);
      bar.update(v.canRedo, writing());
    }
    clearTimeout(gapTimer);
    if (state.waiting) gapTimer = setTimeout(() => void follower.start().catch(e => say(message, errorMessage(e))), 2000);
  };
  const onStory = (u: StoryUpdate) => {
    if (u.adventureId === adventureId) afterChange(state.update(u));
  };
  const onAdventure = (v: AdventureView) => {
    if (v.id !== adventureId) return;
    const changed = state.changed(v);
    if (changed) show();
    afterChange(false);
  };
  const onPresence = (p: PresenceUpdate) => {
    if (p.adventureId === adventureId) presence.presence(p.userId, p.displayName, p.status);
  };
  const onTyping = (t: TypingUpdate) => {
    if (t.adventureId === adventureId) presence.typingChanged(t);
  };
  const onRemoved = (id: string, reason: string) => {
    if (id === adventureId) {
      leave();
      removed(sentence(reason));
    }
  };
  const onKey = (e: KeyboardEvent) => void bar.shortcut(e);
  async function leaveForGood(): Promise<void> {
    if (await call("Leave")) {
      leave();
      removed(`You left "${state.view?.title ?? "the adventure"}".`);
    }
  }
  blocks.element.addEventListener("edit-ended", () => state.view && blocks.render(state.view.blocks, liveText));
  hub.on("StoryChanged", onStory);
  hub.on("AdventureChanged", onAdventure);
  hub.on("PresenceChanged", onPresence);
  hub.on("Typing", onTyping);
  hub.on("Removed", onRemoved);
  document.addEventListener("keydown", onKey);

  root.replaceChildren(h("div", { class: "play" },
    h("div", { class: "main-column" },
      h("div", { class: "title-row" }, title, code, exporter),
      h("div", { class: "title-row" }, rules, leaveButton),
      blocks.element,
      presence.typingLine,
      message,
      bar.element),
    h("aside", { class: "side" }, presence.element, character.element, panels.element, context.element)));

  void follower.start().then(() => bar.focus(), e => say(message, errorMessage(e)));

  function leave(): void {
    clearTimeout(gapTimer);
    follower.stop();
    hub.off("StoryChanged", onStory);
    hub.off("AdventureChanged", onAdventure);
    hub.off("PresenceChanged", onPresence);
    hub.off("Typing", onTyping);
    hub.off("Removed", onRemoved);
    document.removeEventListener("keydown", onKey);
  }
  return leave;
}
