// Runs a shop's Worker (Helm's deployed bundle, or the JS twin) in Node, the same V8 as
// workerd, against a local D1 opened through Miniflare: for the twin check
// (test/workerd/twin.test.mjs) and the CPU figures of npm run bench.
//  - recordingDB: env.DB that logs every D1 call (statements, binds, batch grouping) and
//    its answer;
//  - replayDB: env.DB that answers a recorded run's calls again, with no I/O, so that a
//    Worker's fetch can be timed many times on its own CPU;
//  - a frozen clock, so that both Workers see the same Date.now() and bind the same times.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { register } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { unstable_readConfig } from "wrangler";
import { buildShop, root } from "../../scripts/lib.mjs";
import { openLocalD1 } from "../../test/support/d1.mjs";
import { twinFor } from "./worker.mjs";

// HELM_WASM_DIR: run Helm with another build's helm.mjs and helm.wasm (the compile-flag
// variants of npm run bench); build/wasm by default.
register("./hooks.mjs", import.meta.url, { data: { wasmDir: process.env.HELM_WASM_DIR ? resolvePath(process.env.HELM_WASM_DIR) : null } });

// The demo env's vars, as workerd hands them to the Worker.
export function demoVars() {
  const config = unstable_readConfig({ config: join(root, "wrangler.jsonc"), env: "demo" }, {});
  return { ...config.vars };
}

// Helm's Worker for the demo shop as its entry (build/shops/demo/entry.js) makes it: the
// shim, the shop's overrides and the build's info; helm.wasm imported as workerd imports
// it (a WebAssembly.Module). Each call is a new module instance of the shim, so a new
// Wasm instance on its first request.
let imports = 0;
export async function importHelm() {
  if (imports === 0 && !process.env.HELM_WASM_DIR) buildShop("demo");
  const { workerFor } = await import(`${pathToFileURL(join(root, "worker", "shim.js")).href}?instance=${++imports}`);
  const overrides = join(root, "shop-overrides", "demo");
  const shop = JSON.parse(readFileSync(join(overrides, "shop.json"), "utf8"));
  const logo = existsSync(join(overrides, "logo.svg")) ? readFileSync(join(overrides, "logo.svg"), "utf8") : "";
  return workerFor({ slug: "demo", ...shop, logo_svg: logo }, buildInfo());
}

export function buildInfo() {
  return JSON.parse(readFileSync(join(root, "build", "build_info.json"), "utf8"));
}

export function importTwin() {
  return twinFor(buildInfo());
}

// Every call's statements as plain data: BLOB binds as arrays of bytes.
const plain = (params) => params.map((p) => (ArrayBuffer.isView(p) ? { blob: Array.from(p) } : p));

// D1 with a log: each terminal call (all, first, raw, run, batch) is one round trip.
export function recordingDB(db, calls) {
  const statement = (real, sql, params) => {
    const one = (kind, options) => async () => {
      const result = await (options === undefined ? real[kind]() : real[kind](options));
      calls.push({ kind, statements: [{ sql, params: plain(params) }], options, result });
      return result;
    };
    return {
      twinStatement: { real, sql, params },
      bind: (...args) => statement(real.bind(...args), sql, args),
      all: one("all"),
      run: one("run"),
      first: (column) => one("first", column)(),
      raw: (options) => one("raw", options)(),
    };
  };
  return {
    prepare: (sql) => statement(db.prepare(sql), sql, []),
    async batch(list) {
      const result = await db.batch(list.map((s) => s.twinStatement.real));
      calls.push({ kind: "batch", statements: list.map((s) => ({ sql: s.twinStatement.sql, params: plain(s.twinStatement.params) })), result });
      return result;
    },
  };
}

// D1 that answers `calls` (a recorded run) in order, checking each statement's text.
export function replayDB(calls) {
  let at = 0;
  const next = (kind, sqls) => {
    const call = calls[at++];
    if (!call || call.kind !== kind || call.statements.length !== sqls.length || call.statements.some((s, i) => s.sql !== sqls[i]))
      throw new Error(`replay: call ${at} is not the recorded ${call?.kind ?? "end"} (${kind} of ${sqls[0]?.slice(0, 60)})`);
    return call.result;
  };
  const statement = (sql) => {
    const s = {
      sql,
      bind: () => s,
      all: async () => next("all", [sql]),
      run: async () => next("run", [sql]),
      first: async () => next("first", [sql]),
      raw: async () => next("raw", [sql]),
    };
    return s;
  };
  return {
    prepare: statement,
    batch: async (list) => next("batch", list.map((s) => s.sql)),
    rewind() {
      at = 0;
    },
    get done() {
      return at === calls.length;
    },
  };
}

// Date.now() as `ms` for everything that runs until the returned function is called.
const realNow = Date.now;
export function freezeClock(ms) {
  Date.now = () => ms;
  return () => {
    Date.now = realNow;
  };
}

// A copy of a local state's directory, and its D1 opened (Miniflare).
export async function openCopy(persist) {
  const copy = mkdtempSync(join(tmpdir(), "helm-twin-"));
  cpSync(persist, copy, { recursive: true });
  const { d1, dispose } = await openLocalD1(copy);
  return {
    d1,
    async dispose() {
      await dispose();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}

// D1 round trips and rows read (D1's meta.rows_read, as it bills) of a run's calls.
export function d1Cost(calls) {
  let rows = 0;
  for (const call of calls) {
    const results = call.kind === "batch" ? call.result : [call.result];
    for (const r of results) rows += Number(r?.meta?.rows_read ?? 0);
  }
  return { trips: calls.length, rows };
}
