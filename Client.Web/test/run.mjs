// Runs the client's unit tests (test/*.test.ts) with node's test runner, after esbuild strips the types.
import { build } from "esbuild";
import { readdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const out = mkdtempSync(join(tmpdir(), "client-tests-"));
try {
  const entryPoints = readdirSync("test").filter(f => f.endsWith(".test.ts")).map(f => join("test", f));
  await build({ entryPoints, outdir: out, bundle: true, format: "esm", platform: "node", outExtension: { ".js": ".mjs" }, logLevel: "warning" });
  const files = readdirSync(out).filter(f => f.endsWith(".mjs")).map(f => join(out, f));
  const run = spawnSync(process.execPath, ["--test", ...files], { stdio: "inherit" });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
