// The players' client: log in, then the lobby (#/) or an adventure's story (#/adventure/<id>).
import { HubConnectionState, type HubConnection } from "@microsoft/signalr";
import { logOut, me } from "./api";
import { h } from "./dom";
import { connect } from "./hub";
import { lobbyView } from "./views/lobby";
import { loginView } from "./views/login";
import { storyView } from "./views/story";

const root = document.getElementById("app")!;
let hub: HubConnection | null = null;
let leave: (() => void) | null = null;
let notice = "";

async function start(): Promise<void> {
  const who = await me();
  if (!who) {
    loginView(root, "AdventureServer", () => void start());
    return;
  }
  hub = connect("/hubs/play");
  const status = h("span", { class: "connection", role: "status" }, "Connecting…");
  hub.onreconnecting(() => (status.textContent = "Reconnecting…"));
  hub.onreconnected(() => (status.textContent = "Connected"));
  hub.onclose(() => (status.textContent = "Disconnected: reload the page"));
  await hub.start();
  status.textContent = "Connected";
  const header = h("header", { class: "top" },
    h("a", { href: "#/", class: "brand" }, "AdventureServer"),
    status,
    h("span", { class: "who" }, who.userName),
    h("button", { type: "button", onclick: () => void quit() }, "Log out"));
  const content = h("div", { class: "content" });
  root.replaceChildren(header, content);
  window.addEventListener("hashchange", () => route(content, who.userName));
  route(content, who.userName);
}

function route(content: HTMLElement, userName: string): void {
  if (!hub || hub.state === HubConnectionState.Disconnected) return;
  leave?.();
  leave = null;
  const match = /^#\/adventure\/([0-9a-f-]+)$/i.exec(location.hash);
  if (match) {
    leave = storyView(content, hub, match[1]!, userName, reason => {
      notice = reason;
      location.hash = "#/";
    });
  } else {
    lobbyView(content, hub, notice, id => (location.hash = `#/adventure/${id}`));
    notice = "";
  }
}

async function quit(): Promise<void> {
  logOut();
  await hub?.stop();
  location.hash = "#/";
  location.reload();
}

void start().catch(e => {
  root.replaceChildren(h("p", { class: "message", role: "alert" }, `Could not start: ${e instanceof Error ? e.message : String(e)}`));
});
