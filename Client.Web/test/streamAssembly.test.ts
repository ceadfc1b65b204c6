import { test } from "node:test";
import assert from "node:assert/strict";
import { StreamAssembly } from "../src/streamAssembly";

const block = "b1";
const delta = (sequence: number, text: string, blockId = block, attempt = 1) => ({ adventureId: "a", blockId, attempt, sequence, text });

test("deltas in order build the text", () => {
  const s = new StreamAssembly();
  assert.equal(s.apply(delta(1, "The ")), "applied");
  assert.equal(s.apply(delta(2, "door")), "applied");
  assert.equal(s.text(block), "The door");
  assert.equal(s.lastSequence(block), 2);
});

test("a delta already applied is dropped", () => {
  const s = new StreamAssembly();
  s.apply(delta(1, "The "));
  assert.equal(s.apply(delta(1, "The ")), "duplicate");
  assert.equal(s.text(block), "The ");
});

test("a delta after a gap is not applied", () => {
  const s = new StreamAssembly();
  s.apply(delta(1, "The "));
  assert.equal(s.apply(delta(3, "opens")), "gap");
  assert.equal(s.text(block), "The ");
});

test("deltas held during a snapshot apply only after what the snapshot had", () => {
  const s = new StreamAssembly();
  s.hold();
  assert.equal(s.apply(delta(2, "door")), "buffered");
  assert.equal(s.apply(delta(3, " opens")), "buffered");
  s.seed(block, 1, "The door", 2);
  const changed = s.release();
  assert.deepEqual([...changed], [block]);
  assert.equal(s.text(block), "The door opens");
});

test("a catch-up's missed deltas come before the live ones held meanwhile, each once", () => {
  const s = new StreamAssembly();
  s.seed(block, 1, "The ", 1);
  s.hold();
  s.apply(delta(3, " opens"));
  s.apply(delta(4, "."));
  s.release([delta(2, "door"), delta(3, " opens")]);
  assert.equal(s.text(block), "The door opens.");
  assert.equal(s.lastSequence(block), 4);
});

test("deltas of a continuation that already ended are ignored", () => {
  const s = new StreamAssembly();
  s.apply(delta(1, "The "));
  s.finish(block, 1);
  assert.equal(s.apply(delta(2, "door")), "duplicate");
  assert.deepEqual(s.live(), []);
});

test("a snapshot keeps what is being held", () => {
  const s = new StreamAssembly();
  s.hold();
  s.apply(delta(1, "A", "b2"));
  s.retain(null);
  assert.equal(s.holding, true);
  s.release();
  assert.equal(s.text("b2"), "A");
});

test("a retry is a new attempt: its deltas start from 1 again and the old attempt's late deltas are dropped", () => {
  const s = new StreamAssembly();
  s.apply(delta(1, "old ", block, 1));
  s.apply(delta(2, "text", block, 1));
  assert.equal(s.apply(delta(1, "new", block, 2)), "applied");
  assert.equal(s.apply(delta(3, " late", block, 1)), "duplicate");
  assert.equal(s.text(block), "new");
  assert.deepEqual(s.live(), [{ blockId: block, attempt: 2, lastSequence: 1 }]);
});

test("the end of an old attempt does not stop following the new one", () => {
  const s = new StreamAssembly();
  s.apply(delta(1, "new", block, 2));
  s.finish(block, 1);
  assert.equal(s.apply(delta(2, " text", block, 2)), "applied");
  assert.equal(s.text(block), "new text");
});

test("a snapshot's live text does not take back what overtaking deltas of the same attempt added", () => {
  const s = new StreamAssembly();
  s.apply(delta(1, "The ", block, 2));
  s.apply(delta(2, "door", block, 2));
  s.seed(block, 2, "The ", 1);
  s.seed(block, 1, "old", 9);
  assert.equal(s.text(block), "The door");
  assert.equal(s.apply(delta(3, " opens", block, 2)), "applied");
});
