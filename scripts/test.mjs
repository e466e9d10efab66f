// npm test: set up what this machine lacks, build both targets, then run every test:
// the native core on real SQLite (doctest via ctest), the real helm.wasm in workerd
// against local D1/R2, the config and bundle checks, and the browser in Chromium; two
// test files at a time (each test shop is its own workerd, served by Miniflare without
// wrangler's dev proxy: test/support/serve.mjs).
// Ends with one line: "Helm: N passed, N failed".
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { buildNative, log, offlineEnv, root, setup } from "./lib.mjs";
import { shopBundle } from "../test/support/worker-bundle.mjs";
import { fuzz, targets as fuzzTargets } from "./fuzz.mjs";

function tee(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: offlineEnv, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => process.stderr.write(chunk));
    child.on("exit", (code) => resolve({ code: code ?? 1, text }));
  });
}

function count(text, pattern) {
  const match = text.match(pattern);
  return match ? Number(match[1]) : 0;
}

function testFiles(dir) {
  return readdirSync(join(root, dir), { recursive: true })
    .filter((f) => f.endsWith(".test.mjs"))
    .map((f) => relative(root, join(root, dir, f)))
    .sort();
}

setup();
const nativeDir = buildNative();
shopBundle("demo"); // the test shops' Worker, bundled once before files start in parallel

log("native tests (doctest on SQLite, via ctest)");
const native = await tee("ctest", ["--test-dir", nativeDir, "--output-on-failure", "--verbose"]);
const nativePassed = count(native.text, /test cases:\s*\d+\s*\|\s*(\d+) passed/);
const nativeFailed = count(native.text, /test cases:.*\|\s*(\d+) failed/) + (native.code !== 0 && !/failed/.test(native.text) ? 1 : 0);

log("the parsers under libFuzzer, a few seconds each (npm run fuzz runs them longer)");
const fuzzFailed = fuzz({ seconds: 3 }).length;
const fuzzPassed = fuzzTargets.length - fuzzFailed;

log("workerd, config and browser tests (node --test)");
const files = [...testFiles("test/config"), ...testFiles("test/workerd"), ...testFiles("test/browser")];
const worker = await tee(process.execPath, ["--test", "--test-reporter=spec", "--test-timeout=300000", "--test-concurrency=2", ...files]);
const workerPassed = count(worker.text, /ℹ pass (\d+)/);
const workerFailed = count(worker.text, /ℹ fail (\d+)/) + (worker.code !== 0 && !/ℹ fail [1-9]/.test(worker.text) ? 1 : 0);

const passed = nativePassed + fuzzPassed + workerPassed;
const failed = nativeFailed + fuzzFailed + workerFailed;
console.log(`\nnative: ${nativePassed} passed, ${nativeFailed} failed · fuzz targets: ${fuzzPassed} passed, ${fuzzFailed} failed · workerd/config/browser: ${workerPassed} passed, ${workerFailed} failed`);
console.log(`Helm: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && native.code === 0 && worker.code === 0 ? 0 : 1);
