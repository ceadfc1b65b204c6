// The action box (Do / Say / Story / Continue; Enter sends, Shift+Enter is a new line) and the turn
// controls: retry (Alt+R), undo (Alt+U), redo, stop. While the story is being written only Stop is enabled,
// so nothing is sent that would be refused as busy. Tells the others when this player is typing.
import type { ActionKind } from "../contracts";
import { h } from "../dom";

export interface TurnActions {
  act(kind: ActionKind, text: string): Promise<boolean>;
  retry(): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  stop(): Promise<void>;
  typing(isTyping: boolean): void;
}

const kinds: ActionKind[] = ["Do", "Say", "Story", "Continue"];

export class ActionBar {
  readonly element: HTMLElement;
  private readonly text = h("textarea", { id: "action-text", name: "action", rows: 2, maxlength: 1000, placeholder: "What do you do?" });
  private readonly sendButton = h("button", { type: "submit", class: "primary" }, "Send");
  private readonly retry = h("button", { type: "button", title: "Retry (Alt+R)", "aria-keyshortcuts": "Alt+R" }, "Retry");
  private readonly undo = h("button", { type: "button", title: "Undo (Alt+U)", "aria-keyshortcuts": "Alt+U" }, "Undo");
  private readonly redo = h("button", { type: "button", disabled: true }, "Redo");
  private readonly stop = h("button", { type: "button", class: "danger", disabled: true }, "Stop");
  private typingTimer = 0;
  private isTyping = false;

  constructor(private readonly actions: TurnActions) {
    const radios = kinds.map((k, i) => h("label", { class: "kind" },
      h("input", { type: "radio", name: "kind", value: k, checked: i === 0 }), ` ${k}`));
    const form = h("form", { class: "act", onsubmit: (e: Event) => { e.preventDefault(); void this.send(); } },
      h("fieldset", { class: "kinds" }, h("legend", { class: "visually-hidden" }, "Action kind"), ...radios),
      h("label", { for: "action-text", class: "visually-hidden" }, "Your action"),
      h("div", { class: "row send" }, this.text, this.sendButton));
    this.text.addEventListener("keydown", e => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        void this.send();
      }
    });
    this.text.addEventListener("input", () => this.typed());
    this.retry.addEventListener("click", () => void actions.retry());
    this.undo.addEventListener("click", () => void actions.undo());
    this.redo.addEventListener("click", () => void actions.redo());
    this.stop.addEventListener("click", () => void actions.stop());
    this.element = h("section", { class: "action-bar", "aria-label": "Your turn" },
      form,
      h("div", { class: "row turn-controls" }, this.retry, this.undo, this.redo, this.stop),
      h("p", { class: "meta shortcuts" }, "Enter sends, Shift+Enter starts a new line; Alt+R retries, Alt+U undoes."));
  }

  /** While the model writes only Stop is enabled; otherwise Redo when there is something to redo. */
  update(canRedo: boolean, writing: boolean): void {
    this.sendButton.disabled = writing;
    this.retry.disabled = writing;
    this.undo.disabled = writing;
    this.redo.disabled = writing || !canRedo;
    this.stop.disabled = !writing;
  }

  /** Alt+R retries and Alt+U undoes (when their buttons are enabled); true when the key was one of them. */
  shortcut(e: KeyboardEvent): boolean {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return false;
    const button = e.code === "KeyR" ? this.retry : e.code === "KeyU" ? this.undo : null;
    if (!button) return false;
    e.preventDefault();
    if (!button.disabled) button.click();
    return true;
  }

  focus(): void {
    this.text.focus();
  }

  private kind(): ActionKind {
    const checked = this.element.querySelector<HTMLInputElement>('input[name="kind"]:checked');
    return (checked?.value ?? "Do") as ActionKind;
  }

  private async send(): Promise<void> {
    if (this.sendButton.disabled) return;
    const kind = this.kind();
    if (kind !== "Continue" && this.text.value.trim() === "") return;
    this.setTyping(false);
    if (await this.actions.act(kind, kind === "Continue" ? "" : this.text.value.trim())) this.text.value = "";
  }

  private typed(): void {
    this.setTyping(this.text.value !== "");
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.setTyping(false), 4000);
  }

  private setTyping(isTyping: boolean): void {
    if (isTyping === this.isTyping) return;
    this.isTyping = isTyping;
    this.actions.typing(isTyping);
  }
}
