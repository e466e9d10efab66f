// npm start: set up what this machine lacks, build, migrate and seed the local demo
// shop, then serve it at http://127.0.0.1:8787 with local D1, R2 and KV (no network).
import { join } from "node:path";
import { buildShop, log, root, setup, spawnWrangler, wrangler } from "./lib.mjs";

const env = "demo";
const persist = join(root, ".helm", "demo");
const port = process.env.PORT ?? "8787";

setup();
buildShop(env);
log("applying migrations to the local D1");
wrangler(["d1", "migrations", "apply", "DB", "--local", "--env", env, "--persist-to", persist]);
log("loading demo data");
wrangler(["d1", "execute", "DB", "--local", "--env", env, "--persist-to", persist, "--file", "scripts/demo-data.sql"]);
log(`serving the demo shop at http://127.0.0.1:${port}  (Ctrl-C stops it)`);
const dev = spawnWrangler(
  ["dev", "--env", env, "--ip", "127.0.0.1", "--port", port, "--persist-to", persist, "--test-scheduled"],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
