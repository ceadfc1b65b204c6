// The game masters' client at /gm: live adventures and players, watching and steering a story,
// moderation, and the engine's live dashboard.
import { me, logOut } from "../api";
import type { EngineStateView, LiveAdventureView } from "../contracts";
import { h } from "../dom";
import { connect, errorMessage } from "../hub";
import { loginView } from "../views/login";
import { LiveAdventures } from "./adventures";
import { Dashboard } from "./dashboard";
import { watchView } from "./watch";

const root = document.getElementById("app")!;

async function start(): Promise<void> {
  const who = await me();
  if (!who) {
    loginView(root, "Game master", () => void start(), false);
    return;
  }
  if (!who.roles.includes("GameMaster")) {
    root.replaceChildren(h("p", { class: "message", role: "alert" }, `${who.userName} is not a game master.`),
      h("button", { type: "button", onclick: () => { logOut(); location.reload(); } }, "Log in as someone else"));
    return;
  }
  const hub = connect("/hubs/gm");
  const status = h("span", { class: "connection", role: "status" }, "Connecting…");
  hub.onreconnecting(() => (status.textContent = "Reconnecting…"));
  hub.onclose(() => (status.textContent = "Disconnected: reload the page"));
  const dashboard = new Dashboard(async model => {
    try {
      return (await hub.invoke<EngineStateView>("SwitchModel", model)).modelName;
    } catch (e) {
      throw new Error(errorMessage(e));
    }
  });
  hub.on("EngineState", (s: EngineStateView) => dashboard.add(s));
  await hub.start();
  status.textContent = "Connected";
  await hub.invoke("SubscribeEngineState");
  hub.onreconnected(() => {
    status.textContent = "Connected";
    void hub.invoke("SubscribeEngineState");
  });

  const watched = h("div", { class: "watched" }, h("p", { class: "meta" }, "Choose an adventure to watch it."));
  let unwatch: (() => void) | null = null;
  const live = new LiveAdventures(() => hub.invoke<LiveAdventureView[]>("ListLiveAdventures"), id => {
    unwatch?.();
    unwatch = watchView(watched, hub, id);
  });
  root.replaceChildren(
    h("header", { class: "top" }, h("span", { class: "brand" }, "AdventureServer · game master"), status,
      h("span", { class: "who" }, who.userName),
      h("button", { type: "button", onclick: () => { logOut(); location.reload(); } }, "Log out")),
    h("div", { class: "content gm" }, h("div", { class: "gm-column" }, live.element, dashboard.element), watched));
  await live.refresh();
  window.setInterval(() => void live.refresh().catch(() => undefined), 5000);
}

void start().catch(e => {
  root.replaceChildren(h("p", { class: "message", role: "alert" }, `Could not start: ${e instanceof Error ? e.message : String(e)}`));
});
