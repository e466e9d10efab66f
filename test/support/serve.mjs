// Serves one shop's real Worker for the tests: wrangler's own dev server (workerd, local
// D1/R2/KV, the env's bindings from wrangler.jsonc), minus the DevTools inspector that
// `wrangler dev` always attaches: it receives every D1 fetch, body and all, and under
// load its connection reset and restarted the Worker mid-request (50 concurrent audited
// writes: 503s every 10-30 s with it, none without, and each round 3-8x faster).
// The env's build command runs here, once, before the Worker starts, and wrangler's own
// custom build is switched off: its watcher reruns the build when it becomes ready ("The
// file src,bindings changed, restarting build...") and restarts the Worker under a test's
// first requests ("Your worker restarted mid-request") on a loaded machine.
// node test/support/serve.mjs --env demo --port 8787 --persist-to DIR
import { join } from "node:path";
import { parseArgs } from "node:util";
import { unstable_startWorker } from "wrangler";
import { buildShop, root } from "../../scripts/lib.mjs";

// --vars '{"OIDC_ISSUER": "http://127.0.0.1:…"}': the test's own sign-in provider and secrets.
const { values } = parseArgs({
  options: { env: { type: "string" }, port: { type: "string" }, "persist-to": { type: "string" }, vars: { type: "string" } },
});
const vars = Object.entries(JSON.parse(values.vars ?? "{}"));
buildShop(values.env);
const worker = await unstable_startWorker({
  config: join(root, "wrangler.jsonc"),
  env: values.env,
  build: { custom: { command: "" } },
  bindings: Object.fromEntries(vars.map(([name, value]) => [name, { type: "plain_text", value }])),
  dev: {
    server: { hostname: "127.0.0.1", port: Number(values.port) },
    persist: values["persist-to"],
    inspector: false,
    watch: false,
    liveReload: false,
    logLevel: "log",
    testScheduled: true,
  },
});
await worker.ready;
console.log(`Ready on ${await worker.url}`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => worker.dispose().then(() => process.exit(0)));
