// Helm against its JS twin (bench/twin/worker.mjs) on the twin's three requests: health, a
// clerk's barcode scan (the gate's copy of who is signed in fresh), a 5-line card sale.
//  - CPU per request: each Worker's fetch run in Node (the same V8 as workerd) against a
//    replay of the D1 answers it got in a recorded run, after warm-up, timed with
//    process.cpuUsage() (time inside workerd only advances across I/O, so it cannot be
//    read there). Console output is silenced for both while timed.
//  - D1 round trips and rows read (D1's meta.rows_read) per request, from that recording.
//  - cold: a fresh Node process per run (a new isolate): importing the Worker's module
//    (helm.wasm compiled lazily, as workerd does) and its first request, replayed.
//  - requests/second at 1 and 8 in flight under workerd (Miniflare, as the tests serve a
//    shop), Helm and the twin in turns on copies of one seeded local D1.
// npm run bench runs it first; alone: node bench/twin/bench.mjs [--no-load]
// HELM_WASM_DIR=build/wasm-x measures another build of helm.wasm (CPU and cold only).
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildInfo, d1Cost, demoVars, freezeClock, importHelm, importTwin, replayDB } from "./host.mjs";
import { recordRun, request, seedShop, steps } from "./scenario.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
// The requests the figures are for, by their step in the recorded run.
export const benched = [
  ["health", "health"],
  ["barcode scan", "scan"],
  ["checkout (5 lines, card)", "checkout"],
];

// Times each of `workers` ({name: [worker, recorded step]}) answering its recorded step,
// `iterations` times, in alternating blocks (so that a machine busy with something else
// for a while slows each alike), after `warmup` each. Answers µs of CPU per request.
export async function cpuPerRequest(workers, vars, { warmup = 300, iterations = 2000, blocks = 10 } = {}) {
  const runners = Object.entries(workers).map(([name, [worker, { step, calls }]]) => {
    const db = replayDB(calls);
    const env = { ...vars, DB: db };
    const once = async () => {
      db.rewind();
      const res = await worker.fetch(request(step.path, step), env, {});
      await res.arrayBuffer();
      if (!db.done) throw new Error(`${name}, ${step.name}: the replay was not used up`);
    };
    return { name, step, once, used: 0 };
  });
  const log = console.log;
  console.log = () => {};
  try {
    for (const r of runners) {
      const thaw = freezeClock(r.step.at);
      try {
        for (let i = 0; i < warmup; i++) await r.once();
      } finally {
        thaw();
      }
    }
    for (let b = 0; b < blocks; b++) {
      for (const r of b % 2 ? [...runners].reverse() : runners) {
        const thaw = freezeClock(r.step.at);
        try {
          const before = process.cpuUsage();
          for (let i = 0; i < iterations / blocks; i++) await r.once();
          const used = process.cpuUsage(before);
          r.used += used.user + used.system;
        } finally {
          thaw();
        }
      }
    }
    return Object.fromEntries(runners.map((r) => [r.name, r.used / iterations]));
  } finally {
    console.log = log;
  }
}

// One seeded shop, each Worker's recorded run on it.
export async function recordBoth() {
  const vars = demoVars();
  const helm = await importHelm();
  const seeded = await seedShop(helm, vars);
  const runs = { helm: await recordRun(helm, seeded, vars), twin: await recordRun(importTwin(), seeded, vars) };
  const at = (name, run) => run.find((r) => r.step.name === name);
  return { vars, seeded, helm, twin: importTwin(), runs, at };
}

// A fresh process per run: module import (and for Helm the Wasm module's compilation) and
// the first request (health, replayed), in ms of wall time.
function cold(which, recorded, runs = 5) {
  const dir = mkdtempSync(join(tmpdir(), "helm-cold-"));
  const file = join(dir, "recorded.json");
  writeFileSync(file, JSON.stringify(recorded));
  try {
    const out = [];
    for (let i = 0; i < runs; i++) {
      // HELM_WASM_DIR set: the child takes the build as it is (no cmake run in what is timed).
      const env = { ...process.env, HELM_WASM_DIR: process.env.HELM_WASM_DIR ?? join(here, "..", "..", "build", "wasm") };
      const text = execFileSync(process.execPath, [join(here, "cold.mjs"), which, file], { encoding: "utf8", env });
      out.push(JSON.parse(text.trim().split("\n").pop()));
    }
    const median = (k) => out.map((o) => o[k]).sort((a, b) => a - b)[Math.floor(out.length / 2)];
    return { startup: median("startup"), first: median("first") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (s, n) => String(s).padStart(n);
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

export async function cpuTable(log, { iterations = 2000 } = {}) {
  const { vars, seeded, helm, twin, runs, at } = await recordBoth();
  try {
    log(`Helm and its JS twin, CPU in Node ${process.version} (V8 ${process.versions.v8}) over a replay of each one's D1 answers, ${iterations} requests each in alternating blocks after 300 of warm-up`);
    log(`${"request".padEnd(26)} ${pad("Helm µs", 9)} ${pad("twin µs", 9)} ${pad("Helm/twin", 9)}   ${pad("D1 trips H/T", 12)} ${pad("rows read H/T", 13)}`);
    const figures = {};
    for (const [label, name] of benched) {
      const h = at(name, runs.helm);
      const t = at(name, runs.twin);
      const { helm: hc, twin: tc } = await cpuPerRequest({ helm: [helm, h], twin: [twin, t] }, vars, { iterations });
      const [hd, td] = [d1Cost(h.calls), d1Cost(t.calls)];
      figures[name] = { helm: hc, twin: tc, trips: hd.trips, rows: hd.rows };
      log(`${label.padEnd(26)} ${pad(hc.toFixed(0), 9)} ${pad(tc.toFixed(0), 9)} ${pad(ratio(hc, tc), 9)}   ${pad(`${hd.trips} / ${td.trips}`, 12)} ${pad(`${hd.rows} / ${td.rows}`, 13)}`);
    }
    const health = { helm: at("health", runs.helm), twin: at("health", runs.twin) };
    const c = { helm: cold("helm", health.helm), twin: cold("twin", health.twin) };
    log(`cold isolate (fresh process, median of 5): import ${c.helm.startup.toFixed(1)} ms Helm / ${c.twin.startup.toFixed(1)} ms twin; ` +
      `first request (health) ${c.helm.first.toFixed(1)} ms Helm / ${c.twin.first.toFixed(1)} ms twin`);
    figures.cold = c;
    return { figures, seeded, vars };
  } catch (error) {
    rmSync(seeded.persist, { recursive: true, force: true });
    throw error;
  }
}

// ---- requests/second under workerd, interleaved ----

async function serveTwin(persist) {
  const { Miniflare, Log, LogLevel } = await import("miniflare");
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const { root } = await import("../../scripts/lib.mjs");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(root, "wrangler.jsonc"), "demo");
  const dir = mkdtempSync(join(tmpdir(), "helm-twin-worker-"));
  cpSync(join(here, "worker.mjs"), join(dir, "worker.mjs"));
  writeFileSync(join(dir, "entry.mjs"), `import { twinFor } from "./worker.mjs";\nexport default twinFor(${JSON.stringify(buildInfo())});\n`);
  const mf = new Miniflare({
    modules: true,
    modulesRoot: dir,
    scriptPath: join(dir, "entry.mjs"),
    compatibilityDate: workerOptions.compatibilityDate,
    bindings: workerOptions.bindings,
    d1Databases: workerOptions.d1Databases,
    d1Persist: join(persist, "v3", "d1"),
    host: "127.0.0.1",
    port: 0,
    cf: false,
    log: new Log(LogLevel.WARN),
  });
  const url = (await mf.ready).href.replace(/\/$/, "");
  return { url, stop: async () => (await mf.dispose(), rmSync(dir, { recursive: true, force: true })) };
}

// `count` requests made by `make(i)`, `inFlight` at a time: requests/second and statuses.
async function load(url, make, count, inFlight) {
  let next = 0;
  const statuses = new Map();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const { path, init } = make(next++);
        const res = await fetch(`${url}${path}`, init);
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  return { rps: count / ((performance.now() - started) / 1000), statuses };
}

export async function loadTable(log, seeded, { rounds = 3, perRound = { health: 300, scan: 300, checkout: 60 } } = {}) {
  const { openLocalD1 } = await import("../../test/support/d1.mjs");
  const { startShop } = await import("../../test/support/shop.mjs");
  const { token } = await import("./scenario.mjs");
  // One copy of the seeded shop per Worker, its sessions current on the real clock.
  const copies = {};
  for (const name of ["helm", "twin"]) {
    copies[name] = mkdtempSync(join(tmpdir(), `helm-load-${name}-`));
    cpSync(seeded.persist, copies[name], { recursive: true });
    const { d1, dispose } = await openLocalD1(copies[name]);
    const { wakeSessions } = await import("./scenario.mjs");
    await wakeSessions(d1, Date.now());
    await dispose();
  }
  const helmShop = await startShop({ persist: copies.helm });
  const twin = await serveTwin(copies.twin);
  const servers = { helm: helmShop.url, twin: twin.url };
  try {
    let sale = 0;
    const makers = {
      health: () => ({ path: "/api/health" }),
      scan: () => ({ path: `/api/barcodes/${seeded.barcode}` }),
      checkout: () => ({ path: "/api/sales", method: "POST", body: { ...seeded.sale, idempotency_key: `bench-${++sale}` } }),
    };
    const init = (url, m) => ({
      path: m.path,
      init: {
        method: m.method ?? "GET",
        headers: { cookie: `__Host-helm_device=${token}`, origin: url, ...(m.body ? { "content-type": "application/json" } : {}) },
        body: m.body ? JSON.stringify(m.body) : undefined,
      },
    });
    log(`requests/second under workerd (Miniflare, one isolate each, local D1), Helm and the twin in turns, ${rounds} rounds each`);
    log(`${"request".padEnd(26)} ${pad("in flight", 9)} ${pad("Helm/s", 8)} ${pad("twin/s", 8)} ${pad("Helm/twin", 9)}   statuses`);
    for (const [label, name] of benched) {
      for (const inFlight of [1, 8]) {
        const total = { helm: { n: 0, s: 0, statuses: new Map() }, twin: { n: 0, s: 0, statuses: new Map() } };
        for (const which of ["helm", "twin"]) await load(servers[which], () => init(servers[which], makers[name]()), 20, 2); // warm
        for (let r = 0; r < rounds; r++) {
          for (const which of r % 2 ? ["twin", "helm"] : ["helm", "twin"]) {
            const n = perRound[name];
            const got = await load(servers[which], () => init(servers[which], makers[name]()), n, inFlight);
            total[which].n += n;
            total[which].s += n / got.rps;
            for (const [k, v] of got.statuses) total[which].statuses.set(k, (total[which].statuses.get(k) ?? 0) + v);
          }
        }
        const [h, t] = [total.helm.n / total.helm.s, total.twin.n / total.twin.s];
        const seen = (m) => [...m].map(([k, v]) => `${k}x${v}`).join(" ");
        log(`${label.padEnd(26)} ${pad(inFlight, 9)} ${pad(h.toFixed(0), 8)} ${pad(t.toFixed(0), 8)} ${pad(ratio(h, t), 9)}   Helm ${seen(total.helm.statuses)}, twin ${seen(total.twin.statuses)}`);
      }
    }
  } finally {
    await twin.stop();
    await helmShop.stop();
    for (const dir of Object.values(copies)) rmSync(dir, { recursive: true, force: true });
  }
}

// The fleet's cost meter prices a request's CPU from the bench (scripts/cost.mjs): each run
// writes Helm's figures there, to be committed with the change they measure.
export const cpuFile = fileURLToPath(new URL("../../scripts/cpu-per-request.json", import.meta.url));
function writeCpuFile(figures) {
  const ms = (name) => Number((figures[name].helm / 1000).toFixed(3));
  const about =
    "Worker CPU per request, ms, by the bench's three requests, for the fleet's cost meter (scripts/cost.mjs): a request that used " +
    "no D1 is costed as health, one that only read as scan, one that wrote as checkout. workerd cannot measure a Worker's CPU from " +
    "inside, so npm run bench writes these (bench/twin/bench.mjs: Helm in Node over a replay of its D1 answers).";
  const measured = `npm run bench on ${new Date().toISOString().slice(0, 10)}`;
  writeFileSync(cpuFile, `${JSON.stringify({ about, measured, ms_per_request: { health: ms("health"), scan: ms("scan"), checkout: ms("checkout") } }, null, 2)}\n`);
}

export async function twinBench(log, { withLoad = true } = {}) {
  const { seeded, figures } = await cpuTable(log);
  writeCpuFile(figures);
  log(`wrote Helm's CPU per request to ${cpuFile} (commit it with the change it measures)`);
  try {
    if (withLoad) await loadTable(log, seeded);
  } finally {
    rmSync(seeded.persist, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await twinBench((m) => console.log(`[twin] ${m}`), { withLoad: !process.argv.includes("--no-load") });
  process.exit(0);
}
