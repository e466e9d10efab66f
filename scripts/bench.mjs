// npm run bench: the figures the closing notes report. Not a test: nothing is asserted.
//  - helm.wasm raw and gzipped, and a shop's whole upload from a dry-run deploy
//  - the core's own cost per request, natively (build/native/helm_bench)
//  - requests/second, p50 and p99 for /api/health and a product search, on local workerd
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startShop, wranglerSync } from "../test/support/shop.mjs";
import { buildNative, buildShop, log, root, run, setup } from "./lib.mjs";

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

async function load(url, { requests, concurrency }) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        const t0 = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) failures += 1;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  return { rps: (requests / seconds).toFixed(0), p50: at(0.5), p99: at(0.99), failures };
}

setup();
buildShop("demo");
run(join(buildNative(), "helm_bench"), []);

const wasm = readFileSync(join(root, "build", "wasm", "helm.wasm"));
log(`helm.wasm: ${kib(wasm.length)} raw, ${kib(gzipSync(wasm, { level: 9 }).length)} gzipped`);

const outdir = mkdtempSync(join(tmpdir(), "helm-bench-"));
const dry = wranglerSync(["deploy", "--dry-run", "--env", "swicked", "--outdir", outdir]);
rmSync(outdir, { recursive: true, force: true });
log(`swicked dry-run upload: ${dry.match(/Total Upload: .*/)?.[0] ?? "(not printed)"}`);

const shop = await startShop();
try {
  const products = 1000;
  log(`seeding ${products} products`);
  // A few writers at a time: every write takes its turn on the audit chain's head.
  for (let i = 0; i < products; i += 4) {
    await Promise.all(
      Array.from({ length: 4 }, (_, j) =>
        fetch(`${shop.url}/api/products`, {
          method: "POST",
          body: JSON.stringify({ sku: `SKU-${i + j}`, name: `Bench part ${i + j}`, barcode: String(4000000000000 + i + j), price_cents: 100 + i + j }),
        }).then((r) => r.arrayBuffer()),
      ),
    );
  }
  const plan = { requests: 2000, concurrency: 16 };
  await load(`${shop.url}/api/health`, { requests: 200, concurrency: 4 }); // warm the isolate
  // The first row has no D1 call: it is the floor that wrangler dev's proxy and this
  // client set, so the rows below can be read as Helm's cost on top of it.
  const rows = [
    ["GET /brand/logo.svg (no D1)", `${shop.url}/brand/logo.svg`],
    ["GET /api/health", `${shop.url}/api/health`],
    ["GET /api/products?q=<barcode>", `${shop.url}/api/products?q=4000000000500`],
    ["GET /api/products?q=<name part>", `${shop.url}/api/products?q=part%2099`],
  ];
  log(`load: ${plan.requests} requests, ${plan.concurrency} in flight, one local workerd isolate`);
  for (const [name, url] of rows) {
    const r = await load(url, plan);
    log(`${name.padEnd(32)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   non-200: ${r.failures}`);
  }
} finally {
  await shop.stop();
}
