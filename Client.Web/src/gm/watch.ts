// Watching one adventure as a game master: the live story (hidden blocks shown, flagged), narration,
// edits, stop and undo, the members with kick / ban / mute, the banned users with unban, and the banned-word list.
import type { HubConnection } from "@microsoft/signalr";
import type { AdventureView, BannedUserView, MemberView, PresenceUpdate, StoryUpdate } from "../contracts";
import { field, h, say } from "../dom";
import { StoryFollower } from "../follow";
import { StoryState } from "../storyState";
import { adventureCaller, errorMessage } from "../hub";
import { StoryBlocks } from "../views/storyBlocks";
import { exportButton, importPicker } from "../views/adventureFile";

export function watchView(root: HTMLElement, hub: HubConnection, adventureId: string): () => void {
  const state = new StoryState();
  const message = h("p", { class: "message", role: "alert", hidden: true });
  const call = adventureCaller(hub, adventureId, message);
  const blocks = new StoryBlocks({
    edit: async (id, text) => void (await call("EditBlock", id, text)),
    eraseAfter: async id => void (await call("EraseAfter", id)),
  }, true);
  const title = h("h2", {}, "…");
  const members = h("ul", { class: "members" });
  const banned = h("ul", { class: "members banned", "aria-label": "Banned players" });
  const words = h("textarea", { name: "bannedWords", rows: 3, "aria-label": "Banned words, one a line" });
  const reasonInput = h("input", { name: "reason", maxlength: 200 });
  const narration = h("textarea", { id: "narration", name: "narration", rows: 2 });
  const liveText = (id: string) => (follower.assembly.live().some(l => l.blockId === id) ? follower.assembly.text(id) : null);

  const follower = new StoryFollower(hub, adventureId, () => hub.invoke<AdventureView>("Watch", adventureId), {
    snapshot: v => {
      if (state.snapshot(v)) show();
    },
    live: (id, text) => blocks.live(id, text),
    ended: e => {
      blocks.ended(e.blockId, e.text, e.state);
      state.ended(e);
      if (e.message) say(message, e.message, "info");
    },
    error: text => say(message, text),
  });

  function show(): void {
    const v = state.view;
    if (!v) return;
    title.textContent = `${v.title} (code ${v.joinCode})`;
    blocks.render(v.blocks, liveText);
    members.replaceChildren(...v.members.map(member));
    const bans = v.banned ?? [];
    banned.replaceChildren(...(bans.length ? bans.map(unbanRow) : [h("li", { class: "meta" }, "Nobody is banned.")]));
    if (document.activeElement !== words) words.value = v.bannedWords.join("\n");
  }

  function member(m: MemberView): HTMLElement {
    const reason = () => reasonInput.value.trim() || null;
    return h("li", { "data-user": m.displayName },
      h("span", {}, `${m.displayName} `), h("span", { class: "meta" }, `${m.role}${m.connected ? "" : ", away"}${m.muted ? ", muted" : ""}`),
      h("span", { class: "row" },
        h("button", { type: "button", class: "small", onclick: () => void call(m.muted ? "Unmute" : "Mute", m.userId) }, m.muted ? "Unmute" : "Mute"),
        h("button", { type: "button", class: "small", onclick: () => void call("Kick", m.userId, reason()) }, "Kick"),
        h("button", { type: "button", class: "small danger", "aria-label": `Ban ${m.displayName}`, onclick: () => void call("Ban", m.userId, reason()) }, "Ban")));
  }

  function unbanRow(b: BannedUserView): HTMLElement {
    return h("li", { "data-user": b.displayName },
      h("span", {}, b.displayName),
      h("span", { class: "row" },
        h("button", { type: "button", class: "small", "aria-label": `Unban ${b.displayName}`, onclick: () => void call("Unban", b.userId) }, "Unban")));
  }

  const onStory = (u: StoryUpdate) => {
    if (u.adventureId === adventureId && state.update(u)) blocks.render(state.view!.blocks, liveText);
    if (state.waiting) void follower.start().catch(e => say(message, errorMessage(e)));
  };
  const onAdventure = (v: AdventureView) => {
    if (v.id === adventureId && state.changed(v)) show();
  };
  const onPresence = (p: PresenceUpdate) => {
    if (p.adventureId === adventureId) {
      // The whole view is shown again, blocks included: this snapshot may already hold a change (an undo) whose
      // StoryChanged comes after it and is then dropped as old, so showing only the members would lose it.
      void hub.invoke<AdventureView>("Watch", adventureId).then(v => state.snapshot(v) && show());
    }
  };
  blocks.element.addEventListener("edit-ended", () => state.view && blocks.render(state.view.blocks, liveText));
  hub.on("StoryChanged", onStory);
  hub.on("AdventureChanged", onAdventure);
  hub.on("PresenceChanged", onPresence);

  const narrate = async () => {
    if (narration.value.trim() && (await call("Narrate", narration.value.trim()))) narration.value = "";
  };
  narration.addEventListener("keydown", e => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      void narrate();
    }
  });
  root.replaceChildren(h("section", { class: "watch", "aria-label": "Watched adventure" },
    title,
    blocks.element,
    message,
    h("form", { class: "act", onsubmit: (e: Event) => { e.preventDefault(); void narrate(); } },
      h("label", { for: "narration" }, "Narrate"),
      h("div", { class: "row send" }, narration, h("button", { type: "submit", class: "primary" }, "Narrate"))),
    h("div", { class: "row turn-controls" },
      h("button", { type: "button", onclick: () => void call("Undo") }, "Undo"),
      h("button", { type: "button", class: "danger", onclick: () => void call("Stop") }, "Stop"),
      exportButton(() => adventureId, text => say(message, text))),
    importPicker(id => say(message, `Imported as a new adventure you host (${id}).`, "info"), text => say(message, text)),
    h("h3", {}, "Players"), field("Reason for a kick or ban (shown to the player)", reasonInput), members,
    h("h3", {}, "Banned"), banned,
    h("form", { onsubmit: (e: Event) => { e.preventDefault(); void call("SetBannedWords", words.value.split("\n").map(w => w.trim()).filter(w => w)); } },
      field("Banned words (one a line)", words),
      h("button", { type: "submit", class: "small primary" }, "Save banned words"))));

  void follower.start().catch(e => say(message, errorMessage(e)));
  return () => {
    follower.stop();
    hub.off("StoryChanged", onStory);
    hub.off("AdventureChanged", onAdventure);
    hub.off("PresenceChanged", onPresence);
    void hub.invoke("Unwatch", adventureId).catch(() => undefined);
  };
}
