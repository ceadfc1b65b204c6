// Assembles streamed continuations from numbered deltas: drops what was already applied, notices gaps,
// and holds live deltas back while a snapshot or catch-up is on its way. Pure: no DOM, no network.
import type { StoryDelta } from "./contracts";

/** What became of one delta. */
export type DeltaOutcome = "applied" | "duplicate" | "gap" | "buffered";

interface LiveText { text: string; last: number }

export class StreamAssembly {
  private readonly blocks = new Map<string, LiveText>();
  private readonly ended = new Set<string>();
  private buffer: StoryDelta[] | null = null;

  /** Holds every delta from now until {@link release} (a snapshot or catch-up call is in flight). */
  hold(): void {
    this.buffer ??= [];
  }

  /**
   * Stops holding: applies `first` (a catch-up's missed deltas), then what was held
   * meanwhile, dropping what is already there. Returns the blocks that changed.
   */
  release(first: readonly StoryDelta[] = []): Set<string> {
    const held = this.buffer ?? [];
    this.buffer = null;
    const changed = new Set<string>();
    for (const d of [...first, ...held]) if (this.apply(d) === "applied") changed.add(d.blockId);
    return changed;
  }

  get holding(): boolean {
    return this.buffer !== null;
  }

  /** Starts (or restarts) a block from a snapshot: its text so far and the sequence of the last delta in it. */
  seed(blockId: string, text: string, lastSequence: number): void {
    this.ended.delete(blockId);
    this.blocks.set(blockId, { text, last: lastSequence });
  }

  /** Applies a delta unless it was already applied; a delta after a gap is not applied (resume to fill it). */
  apply(delta: StoryDelta): DeltaOutcome {
    if (this.buffer) {
      this.buffer.push(delta);
      return "buffered";
    }
    if (this.ended.has(delta.blockId)) return "duplicate";
    const block = this.blocks.get(delta.blockId) ?? { text: "", last: 0 };
    if (delta.sequence <= block.last) return "duplicate";
    if (delta.sequence !== block.last + 1) return "gap";
    block.text += delta.text;
    block.last = delta.sequence;
    this.blocks.set(delta.blockId, block);
    return "applied";
  }

  /** The text built up for a block ("" when none). */
  text(blockId: string): string {
    return this.blocks.get(blockId)?.text ?? "";
  }

  /** The sequence number of the last delta applied to a block (0 when none). */
  lastSequence(blockId: string): number {
    return this.blocks.get(blockId)?.last ?? 0;
  }

  /** The blocks still being followed, with their last sequence numbers. */
  live(): Array<{ blockId: string; lastSequence: number }> {
    return [...this.blocks].map(([blockId, b]) => ({ blockId, lastSequence: b.last }));
  }

  /** Forgets a block (its continuation ended; the final text comes from the server). */
  finish(blockId: string): void {
    this.blocks.delete(blockId);
    this.ended.add(blockId);
  }

  /** Forgets every block (a new snapshot follows); what is being held stays held. */
  clear(): void {
    this.blocks.clear();
    this.ended.clear();
  }
}
