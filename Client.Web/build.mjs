// Bundles the client into dist/ (served by the server under wwwroot). Type checking is `tsc --noEmit`.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });
cpSync("public", "dist", { recursive: true });
await build({
  entryPoints: { app: "src/main.ts", gm: "src/gm/main.ts" },
  outdir: "dist",
  bundle: true,
  format: "esm",
  target: "es2022",
  sourcemap: true,
  minify: true,
  logLevel: "warning",
});
