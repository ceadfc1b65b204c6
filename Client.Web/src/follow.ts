// Follows one adventure's story on a hub connection: a snapshot, then live deltas assembled without
// gap or duplicate; after a reconnect, Resume with the block, attempt and last sequence seen (or a fresh snapshot).
import type { HubConnection } from "@microsoft/signalr";
import type { AdventureView, ContinuationEnded, StoryDelta, StreamCatchUp } from "./contracts";
import { StreamAssembly } from "./streamAssembly";

export interface FollowEvents {
  /** The whole adventure (first open, or after a reconnect that could not resume). */
  snapshot(view: AdventureView): void;
  /** A live block's text so far. */
  live(blockId: string, text: string): void;
  ended(ended: ContinuationEnded): void;
  error(message: string): void;
}

export class StoryFollower {
  readonly assembly = new StreamAssembly();
  private resyncing: Promise<void> | null = null;
  private closed = false;
  private readonly onDelta = (d: StoryDelta) => this.delta(d);
  private readonly onEnded = (e: ContinuationEnded) => this.end(e);
  private readonly onReconnected = () => void this.resync();

  constructor(
    private readonly hub: HubConnection,
    readonly adventureId: string,
    private readonly open: () => Promise<AdventureView>,
    private readonly events: FollowEvents,
  ) {
    hub.on("StoryDelta", this.onDelta);
    hub.on("ContinuationEnded", this.onEnded);
    hub.onreconnected(this.onReconnected);
  }

  /** Opens the adventure: deltas that arrive before the snapshot are held, then only the newer ones applied. */
  async start(): Promise<AdventureView> {
    this.assembly.hold();
    try {
      const view = await this.open();
      this.seed(view);
      this.events.snapshot(view);
      return view;
    } finally {
      this.flush();
    }
  }

  stop(): void {
    this.closed = true;
    this.hub.off("StoryDelta", this.onDelta);
    this.hub.off("ContinuationEnded", this.onEnded);
  }

  /** Asks for what was missed: Resume per live block, or a new snapshot when nothing can be resumed. */
  resync(): Promise<void> {
    this.resyncing ??= this.doResync().finally(() => (this.resyncing = null));
    return this.resyncing;
  }

  private async doResync(): Promise<void> {
    if (this.closed) return;
    const live = this.assembly.live();
    try {
      if (live.length === 1) {
        const { blockId, attempt, lastSequence } = live[0]!;
        this.assembly.hold();
        let resumed = false;
        try {
          const catchUp = await this.hub.invoke<StreamCatchUp | null>("Resume", this.adventureId, blockId, attempt, lastSequence);
          // Only the attempt followed continues; anything else means the story moved on: take a snapshot.
          if (catchUp && catchUp.blockId === blockId && catchUp.attempt === attempt) {
            this.emit(this.assembly.release(catchUp.missed));
            resumed = true;
          }
        } finally {
          this.flush();
        }
        if (resumed) return;
      }
      await this.start();
    } catch (e) {
      this.events.error(e instanceof Error ? e.message : String(e));
    }
  }

  private seed(view: AdventureView): void {
    // Attempts the snapshot shows finished are old news (deltas held for them are dropped); its live
    // attempt is taken unless this connection already followed it further.
    for (const b of view.blocks) if (b.type === "Continuation" && b.state !== "Writing") this.assembly.finish(b.id, b.shown + 1);
    this.assembly.retain(view.live?.blockId ?? null);
    if (view.live) this.assembly.seed(view.live.blockId, view.live.attempt, view.live.text, view.live.lastSequence);
  }

  private flush(): void {
    this.emit(this.assembly.release());
  }

  private emit(changed: Set<string>): void {
    for (const blockId of changed) this.events.live(blockId, this.assembly.text(blockId));
  }

  private delta(d: StoryDelta): void {
    if (d.adventureId !== this.adventureId || this.closed) return;
    const outcome = this.assembly.apply(d);
    if (outcome === "applied") this.events.live(d.blockId, this.assembly.text(d.blockId));
    else if (outcome === "gap") void this.resync();
  }

  private end(e: ContinuationEnded): void {
    if (e.adventureId !== this.adventureId || this.closed) return;
    this.assembly.finish(e.blockId, e.attempt);
    this.events.ended(e);
  }
}
