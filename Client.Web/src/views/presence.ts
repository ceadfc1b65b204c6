// Who is here (connected or not, muted, host) and who is typing.
import type { MemberView, TypingUpdate } from "../contracts";
import { h } from "../dom";

export class Presence {
  readonly element = h("section", { class: "presence", "aria-label": "Who is here" });
  readonly typingLine = h("p", { class: "typing meta", "aria-live": "polite" });
  private readonly typing = new Map<string, { name: string; timer: number }>();
  private members: MemberView[] = [];

  render(members: readonly MemberView[], nextActorId: string | null): void {
    this.members = [...members];
    this.element.replaceChildren(h("h2", {}, "Who is here"), h("ul", { class: "members" },
      ...members.map(m => h("li", { class: m.connected ? "online" : "offline", "data-user": m.displayName },
        h("span", { class: "dot", "aria-hidden": "true" }),
        m.displayName,
        m.characterName ? h("span", { class: "character-name" }, ` as ${m.characterName}`) : null,
        h("span", { class: "meta" }, [m.role, m.connected ? "here" : "away", m.muted ? "muted" : "", m.userId === nextActorId ? "next to act" : ""].filter(x => x).join(", "))))));
  }

  /** Shows a join, leave or (dis)connection without waiting for the next snapshot. */
  presence(userId: string, displayName: string, status: string): void {
    const m = this.members.find(x => x.userId === userId);
    if (!m && (status === "Joined" || status === "Connected"))
      this.members.push({ userId, displayName, role: "Player", connected: true, muted: false });
    else if (m && (status === "Left" || status === "Kicked" || status === "Banned"))
      this.members.splice(this.members.indexOf(m), 1);
    else if (m) m.connected = status !== "Disconnected";
    this.render(this.members, null);
  }

  typingChanged(t: TypingUpdate): void {
    const was = this.typing.get(t.userId);
    if (was) window.clearTimeout(was.timer);
    this.typing.delete(t.userId);
    // A "stopped" that never comes (a closed tab) must not leave someone typing forever.
    if (t.isTyping) this.typing.set(t.userId, { name: t.displayName, timer: window.setTimeout(() => this.typingChanged({ ...t, isTyping: false }), 8000) });
    const names = [...this.typing.values()].map(x => x.name);
    this.typingLine.textContent = names.length === 0 ? "" : `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing…`;
  }
}
