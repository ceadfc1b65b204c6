import { test } from "node:test";
import assert from "node:assert/strict";
import { TokenKeeper, renewalDue, type TokenStore, type TokenResponse } from "../src/tokenKeeper";

class MemoryStore implements TokenStore {
  readonly items = new Map<string, string>();
  getItem(key: string) { return this.items.get(key) ?? null; }
  setItem(key: string, value: string) { this.items.set(key, value); }
  removeItem(key: string) { this.items.delete(key); }
}

const pair = (n: number, expiresIn = 3600): TokenResponse => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn });

test("a token far from expiry is used as it is", async () => {
  let now = 0;
  const calls: string[] = [];
  const keeper = new TokenKeeper(new MemoryStore(), async r => { calls.push(r); return pair(2); }, () => now);
  keeper.keep(pair(1));
  now = 60_000;
  assert.equal(await keeper.fresh(), "access-1");
  assert.deepEqual(calls, []);
});

test("a token in its last tenth is renewed with the refresh token, once for concurrent callers", async () => {
  let now = 0;
  const calls: string[] = [];
  const keeper = new TokenKeeper(new MemoryStore(), async r => { calls.push(r); return pair(2); }, () => now);
  keeper.keep(pair(1));
  now = 3_300_000; // 5 minutes left of an hour
  const [a, b] = await Promise.all([keeper.fresh(), keeper.fresh()]);
  assert.equal(a, "access-2");
  assert.equal(b, "access-2");
  assert.deepEqual(calls, ["refresh-1"]);
  assert.equal(keeper.current(), "access-2");
});

test("an expired token is renewed, and the renewed one is kept until its own renewal", async () => {
  let now = 0;
  let n = 1;
  const keeper = new TokenKeeper(new MemoryStore(), async () => pair(++n), () => now);
  keeper.keep(pair(1));
  now = 4_000_000;
  assert.equal(await keeper.fresh(), "access-2");
  now += 60_000;
  assert.equal(await keeper.fresh(), "access-2");
});

test("a refused or failed renewal keeps the old token", async () => {
  let now = 0;
  const refused = new TokenKeeper(new MemoryStore(), async () => null, () => now);
  refused.keep(pair(1));
  const failing = new TokenKeeper(new MemoryStore(), async () => { throw new Error("offline"); }, () => now);
  failing.keep(pair(1));
  now = 3_590_000;
  assert.equal(await refused.fresh(), "access-1");
  assert.equal(await failing.fresh(), "access-1");
});

test("renewal is due in the last tenth of the life, and never later than 30 seconds before the end", () => {
  assert.equal(renewalDue(3_600_000, 3_600_000, 3_000_000), false);
  assert.equal(renewalDue(3_600_000, 3_600_000, 3_250_000), true);
  assert.equal(renewalDue(100_000, 100_000, 60_000), false);
  assert.equal(renewalDue(100_000, 100_000, 75_000), true);
});

test("forgetting removes every kept item", () => {
  const store = new MemoryStore();
  const keeper = new TokenKeeper(store, async () => null);
  keeper.keep(pair(1));
  keeper.forget();
  assert.equal(store.items.size, 0);
});
