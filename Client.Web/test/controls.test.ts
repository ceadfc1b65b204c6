import { test } from "node:test";
import assert from "node:assert/strict";
import { sentence } from "../src/refusal";
import { savedSettings } from "../src/views/panels";
import type { SettingsView } from "../src/contracts";

const settings: SettingsView = { temperature: 0.8, topK: 40, topP: 0.9, repetitionPenalty: 1.1, maxNewTokens: 80, seed: null, stopSequences: [] };

test("a refusal is shown as its sentence, without the reason word", () => {
  assert.equal(sentence("Busy: The story is being written; wait for it to finish."), "The story is being written; wait for it to finish.");
  assert.equal(sentence("NothingToRedo: There is nothing to redo."), "There is nothing to redo.");
  assert.equal(sentence("The host deleted this adventure."), "The host deleted this adventure.");
});

test("settings saved as sent are reported as saved", () => {
  assert.equal(savedSettings(settings, { ...settings }), "Saved.");
});

test("each value the server moved into range is named with what it became", () => {
  const sent = { ...settings, temperature: -3, topP: 5 };
  const stored = { ...settings, temperature: 0, topP: 1 };
  assert.equal(savedSettings(sent, stored), "Saved. Temperature -3 is out of range: saved as 0. Top-p 5 is out of range: saved as 1.");
});
