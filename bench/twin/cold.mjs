// One cold start, in a process of its own (bench.mjs runs it): the Worker's module
// imported (for Helm: the shim, its Emscripten glue and helm.wasm, compiled lazily as
// workerd does), then its first request, a replay of a recorded health check. Prints
// {startup, first} in ms of wall time.
// node bench/twin/cold.mjs helm|twin recorded.json
import { readFileSync } from "node:fs";
import { buildInfo, demoVars, freezeClock, importHelm, replayDB } from "./host.mjs";
import { request } from "./scenario.mjs";

const [which, file] = process.argv.slice(2);
const { step, calls } = JSON.parse(readFileSync(file, "utf8"));
const vars = demoVars();
const build = buildInfo();
console.log = () => {}; // Helm's log line is not what is timed

let t0 = performance.now();
const worker = which === "helm" ? await importHelm() : (await import(`./worker.mjs?cold=${Date.now()}`)).twinFor(build);
const startup = performance.now() - t0;
const thaw = freezeClock(step.at);
t0 = performance.now();
const res = await worker.fetch(request(step.path, step), { ...vars, DB: replayDB(calls) }, {});
await res.arrayBuffer();
const first = performance.now() - t0;
thaw();
if (res.status !== 200) throw new Error(`${which}: the cold request answered ${res.status}`);
process.stdout.write(`${JSON.stringify({ startup, first })}\n`);
