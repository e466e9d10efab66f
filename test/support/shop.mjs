// Starts a real local shop for a test file: the demo env's Worker (the real helm.wasm)
// in workerd through wrangler's dev server (test/support/serve.mjs), on a free port, with
// a fresh local D1 (migrations applied the way operators apply them), R2 and KV in a
// temporary directory.
import { execFile, spawn, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { offlineEnv, root } from "../../scripts/lib.mjs";

const wranglerBin = join(root, "node_modules", ".bin", "wrangler");
const execFileAsync = promisify(execFile);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function wranglerSync(args) {
  const result = spawnSync(wranglerBin, args, { cwd: root, env: offlineEnv, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export async function startShop({ env = "demo" } = {}) {
  const persist = mkdtempSync(join(tmpdir(), "helm-shop-"));
  wranglerSync(["d1", "migrations", "apply", "DB", "--local", "--env", env, "--persist-to", persist]);
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, "test", "support", "serve.mjs"), "--env", env, "--port", String(port), "--persist-to", persist], {
    cwd: root,
    env: offlineEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = [];
  let pending = "";
  const collect = (chunk) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop();
    output.push(...lines);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 90_000;
  const healthy = async () => {
    try {
      return (await fetch(`${url}/api/health`)).status === 200;
    } catch {
      return false; // not listening yet
    }
  };
  const waitFor = async (condition, what) => {
    while (!(await condition())) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output.join("\n")}`);
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`the shop did not come up within 90 s (${what}):\n${output.join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await waitFor(healthy, "health");
  // The custom build runs a second time once its file watcher is ready, and the Worker
  // is then restarted; a request in flight at that moment fails. Wait for that second
  // build to finish and the Worker to answer again before a test may start.
  const builds = () => output.filter((line) => line.includes("built the Worker for")).length;
  const settleBy = Date.now() + 20_000;
  await waitFor(async () => builds() >= 2 || Date.now() > settleBy, "the watcher's rebuild");
  await new Promise((r) => setTimeout(r, 1500));
  await waitFor(healthy, "health after the rebuild");

  return {
    url,
    persist,
    env,
    // The structured JSON lines the Worker logged so far.
    logLines() {
      return output.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
    },
    // Reads the shop's local D1 directly, as an auditor would. Asynchronous on purpose: a
    // blocked event loop misses the server closing idle keep-alive sockets, and fetch then
    // reuses a closed one.
    async sql(command) {
      const args = ["d1", "execute", "DB", "--local", "--env", env, "--persist-to", persist, "--json", "--command", command];
      const { stdout } = await execFileAsync(wranglerBin, args, { cwd: root, env: offlineEnv, maxBuffer: 64 << 20 });
      return JSON.parse(stdout)[0].results;
    },
    async stop() {
      // What wrangler or workerd complained of, for the next person reading a failure.
      const complaints = output.filter((line) => /\berror\b|restarting|uncaught/i.test(line) && !line.startsWith("{"));
      if (complaints.length) console.error(`[shop ${port}] wrangler dev said:\n${complaints.join("\n")}`);
      child.kill("SIGTERM");
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.on("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

export async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`expected JSON (status ${res.status}), got: ${text.slice(0, 300)}`);
  }
}
