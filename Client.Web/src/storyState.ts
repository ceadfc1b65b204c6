// An adventure as the client holds it, kept up to date by the hub's versioned messages: a snapshot
// replaces it (unless it is older than what is held), a story update changes only the blocks it names,
// and updates are applied in version order (one that comes early waits for the one before it). Pure.
import type { AdventureView, BlockView, ContinuationEnded, StoryUpdate } from "./contracts";

type Change = (view: AdventureView) => AdventureView;

export class StoryState {
  private current: AdventureView | null = null;
  private readonly pending = new Map<number, Change>();

  get view(): AdventureView | null {
    return this.current;
  }

  /** True while an update waits for an earlier one (a snapshot resolves it). */
  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /** A whole adventure (`GetAdventure`, `Watch`): false when it is older than what is held and was dropped. */
  snapshot(view: AdventureView): boolean {
    if (this.current && view.version < this.current.version) return false;
    this.current = { ...view, blocks: sorted(view.blocks) };
    for (const version of [...this.pending.keys()]) if (version <= view.version) this.pending.delete(version);
    this.drain();
    return true;
  }

  /** A `StoryChanged`: true when the held story changed. */
  update(u: StoryUpdate): boolean {
    return this.enqueue(u.version, view => {
      const removed = new Set([...u.removed, ...u.blocks.map(b => b.id)]);
      return {
        ...view, version: u.version, nextActorId: u.nextActorId, canRedo: u.canRedo,
        blocks: sorted([...view.blocks.filter(b => !removed.has(b.id)), ...u.blocks]),
      };
    });
  }

  /** An `AdventureChanged` (settings, members, moderation; no blocks): true when the held adventure changed. */
  changed(v: AdventureView): boolean {
    return this.enqueue(v.version, view => ({ ...v, blocks: view.blocks }));
  }

  /** A continuation's attempt ended: its block takes the final text, if it still shows that attempt. */
  ended(e: ContinuationEnded): void {
    if (!this.current) return;
    const blocks = this.current.blocks.map(b => (b.id === e.blockId && b.shown + 1 === e.attempt ? { ...b, text: e.text, state: e.state } : b));
    this.current = { ...this.current, live: null, blocks };
  }

  private enqueue(version: number, change: Change): boolean {
    if (!this.current || version <= this.current.version) return false;
    this.pending.set(version, change);
    return this.drain();
  }

  private drain(): boolean {
    let applied = false;
    for (let next = this.pending.get(this.current!.version + 1); next; next = this.pending.get(this.current!.version + 1)) {
      this.pending.delete(this.current!.version + 1);
      this.current = next(this.current!);
      applied = true;
    }
    return applied;
  }
}

const sorted = (blocks: readonly BlockView[]) => [...blocks].sort((a, b) => a.position - b.position);
