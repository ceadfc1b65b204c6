// Assembles streamed continuations from numbered deltas: each attempt at a block (a retry is a new
// attempt, numbered from 1 again) is followed on its own; drops what was already applied, notices gaps,
// and holds live deltas back while a snapshot or catch-up is on its way. Pure: no DOM, no network.
import type { StoryDelta } from "./contracts";

/** What became of one delta. */
export type DeltaOutcome = "applied" | "duplicate" | "gap" | "buffered";

interface LiveText { attempt: number; text: string; last: number }

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

  /**
   * Takes a snapshot's live block: its attempt, its text so far and the sequence of the last delta in it.
   * Ignored for an attempt that already ended here, an older attempt, or one already followed further.
   */
  seed(blockId: string, attempt: number, text: string, lastSequence: number): void {
    if (this.ended.has(key(blockId, attempt))) return;
    const block = this.blocks.get(blockId);
    if (block && (block.attempt > attempt || (block.attempt === attempt && block.last >= lastSequence))) return;
    this.blocks.set(blockId, { attempt, text, last: lastSequence });
  }

  /** Applies a delta unless it was already applied; a delta after a gap is not applied (resume to fill it). */
  apply(delta: StoryDelta): DeltaOutcome {
    if (this.buffer) {
      this.buffer.push(delta);
      return "buffered";
    }
    if (this.ended.has(key(delta.blockId, delta.attempt))) return "duplicate";
    let block = this.blocks.get(delta.blockId);
    if (block && delta.attempt < block.attempt) return "duplicate";
    if (!block || delta.attempt > block.attempt) block = { attempt: delta.attempt, text: "", last: 0 };
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

  /** The blocks still being followed, with their attempt and last sequence numbers. */
  live(): Array<{ blockId: string; attempt: number; lastSequence: number }> {
    return [...this.blocks].map(([blockId, b]) => ({ blockId, attempt: b.attempt, lastSequence: b.last }));
  }

  /** Forgets a block's attempt (it ended; the final text comes from the server). */
  finish(blockId: string, attempt: number): void {
    const block = this.blocks.get(blockId);
    if (block && block.attempt <= attempt) this.blocks.delete(blockId);
    this.ended.add(key(blockId, attempt));
  }

  /** Stops following every block but `blockId` (a newer snapshot shows nothing else being written). */
  retain(blockId: string | null): void {
    for (const [id, b] of [...this.blocks]) if (id !== blockId) this.finish(id, b.attempt);
  }
}

const key = (blockId: string, attempt: number) => `${blockId}#${attempt}`;
