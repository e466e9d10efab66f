// Serves one shop's real Worker for the tests: the env's deployed bundle (the real
// helm.wasm) in workerd through Miniflare's own API, with the env's bindings from
// wrangler.jsonc and local D1/R2/KV under --persist-to (wrangler's own layout, so
// `wrangler d1 execute --local --persist-to` reads the same database).
// Not `wrangler dev` nor its unstable_startWorker: both put a proxy Worker (and a
// reloading bundler) in front of the shop's, and on a loaded 2-core machine that proxy
// lost requests now and then ("Your worker restarted mid-request", "Error inside
// ProxyWorker"; cloudflare/workers-sdk#14641 and #15317), so test files could not run
// in parallel. Here a request goes from the socket straight to the shop's Worker.
// A cron trigger: GET /cdn-cgi/handler/scheduled?cron=<cron>.
// node test/support/serve.mjs --env demo --port 8787 --persist-to DIR [--vars JSON]
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { root } from "../../scripts/lib.mjs";
import { shopBundle } from "./worker-bundle.mjs";

// --vars '{"OIDC_ISSUER": "http://127.0.0.1:…"}': the test's own sign-in provider and secrets.
const { values } = parseArgs({
  options: { env: { type: "string" }, port: { type: "string" }, "persist-to": { type: "string" }, vars: { type: "string" } },
});
const persist = values["persist-to"];
const bundle = shopBundle(values.env);
const { workerOptions } = unstable_getMiniflareWorkerOptions(join(root, "wrangler.jsonc"), values.env);
const mf = new Miniflare({
  ...workerOptions,
  bindings: { ...workerOptions.bindings, ...JSON.parse(values.vars ?? "{}") },
  modules: true,
  modulesRoot: bundle.dir,
  scriptPath: join(bundle.dir, bundle.entry),
  modulesRules: [
    { type: "CompiledWasm", include: ["**/*.wasm"] },
    { type: "Text", include: ["**/*.svg", "**/*.txt"] },
  ],
  host: "127.0.0.1",
  port: Number(values.port),
  d1Persist: join(persist, "v3", "d1"),
  r2Persist: join(persist, "v3", "r2"),
  kvPersist: join(persist, "v3", "kv"),
  cf: false,
  unsafeTriggerHandlers: true,
  logRequests: false,
  log: new Log(LogLevel.WARN),
});
console.log(`Ready on ${await mf.ready}`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => mf.dispose().then(() => process.exit(0)));
