// Renders a story's blocks: actions marked with their player's name, continuations (streaming ones
// updated in place, a stopped one marked "Stopped"), and each block's tools (edit inline, erase to here,
// alternatives). The tools show on hover or focus; on a phone they show when the block is tapped.
import type { BlockView } from "../contracts";
import { h } from "../dom";

export interface BlockActions {
  edit(blockId: string, text: string): Promise<void>;
  eraseAfter(blockId: string): Promise<void>;
  selectAlternative?(blockId: string, alternative: number): Promise<void>;
}

export class StoryBlocks {
  /** The story region: screen readers hear new text politely. */
  readonly element = h("div", { class: "story", id: "story", role: "log", "aria-live": "polite", "aria-label": "Story" });
  private editing: string | null = null;

  constructor(private readonly actions: BlockActions, private readonly showHidden = false) {}

  /** Replaces every block; a block being streamed keeps the streamed text (`liveText`). */
  render(blocks: readonly BlockView[], liveText: (blockId: string) => string | null): void {
    if (this.editing) return; // re-rendered when the edit ends
    const shown = blocks.filter(b => this.showHidden || !b.hidden);
    this.element.replaceChildren(...shown.map(b => this.block(b, liveText(b.id))));
    this.element.scrollTop = this.element.scrollHeight;
  }

  /** Shows a streaming continuation's text so far (appending its block when it is new). */
  live(blockId: string, text: string): void {
    let el = this.find(blockId);
    if (!el) {
      el = this.block({ id: blockId, type: "Continuation", authorId: null, authorName: null, kind: null, text: "", state: "Writing", shown: 0, alternatives: 1, edited: false, hidden: false, position: Number.MAX_SAFE_INTEGER }, text);
      this.element.append(el);
    }
    el.dataset.state = "Writing";
    el.querySelector(".text")!.textContent = text;
    this.element.scrollTop = this.element.scrollHeight;
  }

  /** A continuation ended: its final text replaces the streamed one. */
  ended(blockId: string, text: string, state: string): void {
    const el = this.find(blockId);
    if (!el) return;
    el.dataset.state = state;
    el.querySelector(".text")!.textContent = text;
    el.querySelector(".state-label")?.remove();
    const label = stateLabel(state);
    if (label) el.querySelector(".text")!.after(label);
  }

  private find(blockId: string): HTMLElement | null {
    return this.element.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(blockId)}"]`);
  }

  private block(b: BlockView, liveText: string | null): HTMLElement {
    const text = h("span", { class: "text" }, liveText ?? b.text);
    if (b.type === "Action" && b.text === "") text.append(h("span", { class: "meta" }, "asks the story to go on"));
    const tools = h("div", { class: "tools" },
      h("button", { type: "button", class: "small", "aria-label": `Edit this ${b.type.toLowerCase()}`, onclick: () => this.startEdit(el, b) }, "Edit"),
      h("button", { type: "button", class: "small", "aria-label": "Erase everything after this block", onclick: () => void this.actions.eraseAfter(b.id) }, "Erase to here"));
    if (b.alternatives > 1 && this.actions.selectAlternative) {
      const pick = (i: number) => () => void this.actions.selectAlternative!(b.id, i);
      tools.prepend(
        h("button", { type: "button", class: "small", "aria-label": "Previous alternative", disabled: b.shown <= 0, onclick: pick(b.shown - 1) }, "‹"),
        h("span", { class: "meta" }, `${b.shown + 1}/${b.alternatives}`),
        h("button", { type: "button", class: "small", "aria-label": "Next alternative", disabled: b.shown >= b.alternatives - 1, onclick: pick(b.shown + 1) }, "›"));
    }
    const el = h("article", { class: `block ${b.type.toLowerCase()}`, "data-block-id": b.id, "data-state": b.state, "data-hidden": b.hidden ? "true" : null },
      b.type === "Action" && h("span", { class: "author" }, `${b.authorName ?? "?"}${b.kind ? ` (${b.kind})` : ""}`),
      text,
      b.type === "Continuation" && stateLabel(b.state),
      b.edited && h("span", { class: "meta" }, " (edited)"),
      b.hidden && h("span", { class: "meta" }, " (hidden)"),
      tools);
    el.addEventListener("click", e => {
      if ((e.target as HTMLElement).closest(".tools, .inline-edit, button, a, textarea")) return;
      const open = !el.classList.contains("open");
      for (const other of this.element.querySelectorAll(".block.open")) other.classList.remove("open");
      el.classList.toggle("open", open);
    });
    return el;
  }

  private startEdit(el: HTMLElement, b: BlockView): void {
    this.editing = b.id;
    const area = h("textarea", { class: "edit", rows: 4, "aria-label": "Block text" }, b.text);
    const done = () => {
      this.editing = null;
      this.element.dispatchEvent(new Event("edit-ended"));
    };
    const form = h("form", {
      class: "inline-edit",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          await this.actions.edit(b.id, area.value);
        } finally {
          done();
        }
      },
    }, area, h("div", { class: "row" },
      h("button", { type: "submit", class: "primary small" }, "Save"),
      h("button", { type: "button", class: "small", onclick: done }, "Cancel")));
    area.addEventListener("keydown", e => {
      if (e.key === "Escape") done();
    });
    el.replaceChildren(form);
    area.focus();
  }
}

const stateLabels: Record<string, string> = { Cancelled: "Stopped", Interrupted: "Interrupted", Failed: "Failed" };

/** "Stopped" on a stopped continuation (and the like for cut-off or failed ones); null for a finished one. */
function stateLabel(state: string): HTMLElement | null {
  const label = stateLabels[state];
  return label ? h("span", { class: "state-label meta" }, ` (${label})`) : null;
}
