import { test } from "node:test";
import assert from "node:assert/strict";
import type { AdventureView, BlockView, StoryUpdate } from "../src/contracts";
import { StoryState } from "../src/storyState";

const block = (id: string, position: number, text: string, state = "Done", shown = 0): BlockView => ({
  id, type: position % 2 === 0 ? "Continuation" : "Action", authorId: null, authorName: null, kind: null,
  text, state, shown, alternatives: shown + 1, edited: false, hidden: false, position,
});
const view = (version: number, blocks: BlockView[]): AdventureView => ({
  id: "a", version, title: "t", joinCode: "C", hostId: "h", turnPolicy: "FreeForAll", partyCap: 4, members: [], blocks,
  live: null, nextActorId: null, canRedo: false,
  settings: { temperature: 0.8, topK: 40, topP: 0.9, repetitionPenalty: 1.1, maxNewTokens: 24, seed: null, stopSequences: [] },
  memory: "", authorsNote: "", storyCards: [], bannedWords: [],
});
const update = (version: number, blocks: BlockView[], removed: string[] = []): StoryUpdate =>
  ({ adventureId: "a", version, blocks, removed, nextActorId: null, canRedo: removed.length > 0 });
const texts = (s: StoryState) => s.view!.blocks.map(b => b.text);

test("an update changes only the blocks it names, in position order", () => {
  const s = new StoryState();
  s.snapshot(view(5, [block("o", 0, "Opening")]));
  assert.equal(s.update(update(6, [block("a1", 1, "> You look."), block("c1", 2, "", "Writing")])), true);
  assert.equal(s.update(update(7, [block("c1", 2, "A door.")])), true);
  assert.deepEqual(texts(s), ["Opening", "> You look.", "A door."]);
  assert.equal(s.update(update(8, [], ["a1", "c1"])), true);
  assert.deepEqual(texts(s), ["Opening"]);
  assert.equal(s.view!.version, 8);
});

test("an update that comes early waits for the one before it", () => {
  const s = new StoryState();
  s.snapshot(view(5, [block("o", 0, "Opening")]));
  assert.equal(s.update(update(7, [block("c1", 2, "A door.")])), false);
  assert.equal(s.waiting, true);
  assert.equal(s.update(update(6, [block("a1", 1, "> You look."), block("c1", 2, "", "Writing")])), true);
  assert.equal(s.waiting, false);
  assert.deepEqual(texts(s), ["Opening", "> You look.", "A door."]);
});

test("a snapshot older than what is held is dropped, a newer one replaces it and settles waiting updates", () => {
  const s = new StoryState();
  s.snapshot(view(5, [block("o", 0, "Opening")]));
  s.update(update(6, [block("a1", 1, "> You look.")]));
  assert.equal(s.snapshot(view(5, [block("o", 0, "Opening")])), false);
  assert.deepEqual(texts(s), ["Opening", "> You look."]);
  s.update(update(9, [block("c2", 4, "Later.")]));
  assert.equal(s.snapshot(view(8, [block("o", 0, "Opening"), block("a1", 1, "> You look."), block("c1", 2, "x"), block("a2", 3, "> You go.")])), true);
  assert.deepEqual(texts(s), ["Opening", "> You look.", "x", "> You go.", "Later."]);
  assert.equal(s.waiting, false);
});

test("an end fills the block only while it still shows that attempt", () => {
  const s = new StoryState();
  s.snapshot(view(5, [block("c1", 2, "", "Writing", 1)]));
  s.ended({ adventureId: "a", blockId: "c1", attempt: 1, lastSequence: 3, text: "old", state: "Done", message: null });
  assert.deepEqual(texts(s), [""]);
  s.ended({ adventureId: "a", blockId: "c1", attempt: 2, lastSequence: 3, text: "new", state: "Done", message: null });
  assert.deepEqual(texts(s), ["new"]);
});
