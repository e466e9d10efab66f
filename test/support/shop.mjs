// Starts a real local shop for a test file: the demo env's Worker (the real helm.wasm)
// in workerd through wrangler's dev server (test/support/serve.mjs), on a free port, with
// a fresh local D1 (migrations applied the way operators apply them), R2 and KV in a
// temporary directory.
import { execFile, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Agent, setGlobalDispatcher } from "undici";
import { startIdentityProvider } from "../../scripts/identity-provider.mjs";
import { offlineEnv, root } from "../../scripts/lib.mjs";
import { openLocalD1 } from "./d1.mjs";

const wranglerBin = join(root, "node_modules", ".bin", "wrangler");

// Every request of a test on a connection of its own: a kept-alive connection that workerd
// closes just as the next request goes out fails that request ("other side closed"), and
// a POST is not retried (seen in the 50 concurrent writes of concurrency.test.mjs).
setGlobalDispatcher(new Agent({ pipelining: 0 }));
const execFileAsync = promisify(execFile);

// A free port below Linux's ephemeral range (32768-60999 here): a port from that range,
// found free and then handed to workerd, can meanwhile become the local end of one of the
// machine's outgoing connections ("Address already in use", seen in CI).
function freePort() {
  const port = 20000 + Math.floor(Math.random() * 12000);
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.on("error", () => resolve(freePort()));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(port)));
  });
}

export function wranglerSync(args) {
  const result = spawnSync(wranglerBin, args, { cwd: root, env: offlineEnv, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

// The same without blocking the event loop, for use while a shop is serving the test.
export async function wrangler(args) {
  try {
    return (await execFileAsync(wranglerBin, args, { cwd: root, env: offlineEnv, maxBuffer: 64 << 20 })).stdout;
  } catch (error) {
    throw new Error(`wrangler ${args.join(" ")} failed:\n${error.stdout}\n${error.stderr}`);
  }
}

export const ownerEmail = "owner@demo.kvick.bike";
export const ownerPin = "40917";

// A browser as the tests drive it: its device cookie (once signed in) on every request,
// and the shop's own Origin on every change, as a page of the shop would send.
export class Device {
  constructor(shop, token = "") {
    this.shop = shop;
    this.token = token;
  }
  fetch(path, init = {}) {
    const headers = new Headers(init.headers);
    if (this.token && !headers.has("cookie")) headers.set("cookie", `__Host-helm_device=${this.token}`);
    if (!headers.has("origin")) headers.set("origin", this.shop.url);
    if (typeof init.body === "string" && !headers.has("content-type")) headers.set("content-type", "application/json");
    return fetch(`${this.shop.url}${path}`, { redirect: "manual", ...init, headers });
  }
  pin(staffId, pin = ownerPin) {
    return this.fetch("/api/pin", { method: "POST", body: JSON.stringify({ staff_id: staffId, pin }) });
  }
}

function cookieFrom(res, name) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    if (pair.slice(0, at) === name) return { value: pair.slice(at + 1), line };
  }
  return null;
}

// `persist`: an existing shop's local state (migrated and kept); by default a fresh one.
// A fresh shop's local state: the migrations applied once per env and migration set (with
// wrangler, the way operators apply them), then copied for each shop a test starts.
export function migratedState(env) {
  const digest = createHash("sha256");
  for (const file of readdirSync(join(root, "migrations")).sort()) digest.update(file).update(readFileSync(join(root, "migrations", file)));
  const template = join(root, "build", "test-shops", `${env}-${digest.digest("hex").slice(0, 16)}`);
  if (!existsSync(template)) {
    mkdirSync(dirname(template), { recursive: true });
    const staging = mkdtempSync(`${template}.staging-`);
    wranglerSync(["d1", "migrations", "apply", "DB", "--local", "--env", env, "--persist-to", staging]);
    try {
      renameSync(staging, template);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another test file made it first
    }
  }
  const persist = mkdtempSync(join(tmpdir(), "helm-shop-"));
  cpSync(template, persist, { recursive: true });
  return persist;
}

export async function startShop({ env = "demo", persist: existing } = {}) {
  const persist = existing ?? migratedState(env);
  const [port, provider] = await Promise.all([freePort(), startIdentityProvider()]);
  const recoverySecret = randomBytes(24).toString("hex");
  const operatorToken = randomBytes(24).toString("hex");
  const vars = {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: "helm-test",
    OIDC_CLIENT_SECRET: "helm-test-client-secret",
    HELM_RECOVERY_SECRET: recoverySecret,
    HELM_OPERATOR_TOKEN: operatorToken,
  };
  const serveArgs = ["--env", env, "--port", String(port), "--persist-to", persist, "--vars", JSON.stringify(vars)];
  const child = spawn(process.execPath, [join(root, "test", "support", "serve.mjs"), ...serveArgs], {
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
      // A Worker that hangs must fail the wait, not stall it.
      return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) })).status === 200;
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

  const shop = {
    url,
    persist,
    env,
    provider,
    recoverySecret,
    operatorToken,
    // The operator's request (access::operator_token): the shop's token as a bearer.
    operatorFetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${operatorToken}`);
      return fetch(`${url}${path}`, { redirect: "manual", ...init, headers });
    },
    // The whole OpenID Connect round trip, redirect by redirect, as a browser makes it:
    // the shop sends it to the provider, the provider back with a code. Answers the
    // callback's response and, when it let the browser in, a Device holding its cookie.
    async signIn(email, { tamper } = {}) {
      if (tamper) provider.tamperNext(tamper);
      const start = await fetch(`${url}/auth/sign-in?next=/&login_hint=${encodeURIComponent(email)}`, { redirect: "manual" });
      if (start.status !== 303) throw new Error(`sign-in did not start (${start.status}): ${await start.text()}`);
      const state = cookieFrom(start, "__Host-helm_sign_in");
      const authorized = await fetch(start.headers.get("location"), { redirect: "manual" });
      const callback = authorized.headers.get("location");
      if (!callback?.startsWith(`${url}/auth/callback`)) throw new Error(`the provider did not send the browser back: ${callback}`);
      const res = await fetch(callback, { redirect: "manual", headers: { cookie: `__Host-helm_sign_in=${state.value}` } });
      const device = cookieFrom(res, "__Host-helm_device");
      return { res, callback, signInCookie: state, deviceCookie: device, device: device?.value ? new Device(shop, device.value) : null };
    },
    // A new shop's first owner (or a locked-out one) through the recovery secret.
    async recover(body) {
      const res = await fetch(`${url}/auth/recover`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ secret: recoverySecret, ...body }),
      });
      return { status: res.status, body: await res.json() };
    },
    // A device signed in by the owner, with the owner signed in on it by PIN.
    async ownerDevice() {
      const recovered = await shop.recover({ email: ownerEmail, display_name: "Olive Owner", pin: ownerPin });
      if (recovered.status !== 200) throw new Error(`recovery failed: ${JSON.stringify(recovered.body)}`);
      const { device } = await shop.signIn(ownerEmail);
      const signedIn = await device.pin(recovered.body.staff_id);
      if (signedIn.status !== 200) throw new Error(`the owner's PIN was refused: ${await signedIn.text()}`);
      device.staffId = recovered.body.staff_id;
      // A test file may pause longer than the default minute between requests.
      const { staff } = await device.fetch(`/api/staff/${device.staffId}`).then((r) => r.json());
      const patched = await device.fetch(`/api/staff/${device.staffId}`, {
        method: "PATCH",
        body: JSON.stringify({ idle_timeout_s: 3600, version: staff.version }),
      });
      if (patched.status !== 200) throw new Error(`could not set the owner's idle time: ${await patched.text()}`);
      return device;
    },
    // The last lines wrangler and the Worker printed, for a failure's message.
    recentOutput(count) {
      return output.slice(-count).join("\n");
    },
    // The structured JSON lines the Worker logged so far.
    logLines() {
      return output.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
    },
    // Reads the shop's local D1 directly, as an auditor would. Asynchronous on purpose: a
    // blocked event loop misses the server closing idle keep-alive sockets, and fetch then
    // reuses a closed one.
    async sql(command) {
      const args = ["d1", "execute", "DB", "--local", "--env", env, "--persist-to", persist, "--json", "--command", command];
      return JSON.parse(await wrangler(args))[0].results;
    },
    // Runs a file of statements (the demo data, say) as npm start does.
    async sqlFile(path) {
      await wrangler(["d1", "execute", "DB", "--local", "--env", env, "--persist-to", persist, "--file", path]);
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
      const leaks = existing ? [] : await customerDataIn(output, persist, env);
      if (!existing) rmSync(persist, { recursive: true, force: true });
      await provider.stop();
      if (leaks.length) throw new Error(`the shop's logs hold customer data (${leaks.length} lines), e.g.:\n${leaks.slice(0, 3).join("\n")}`);
    },
  };
  return shop;
}

// Everything the shop printed while a test file ran (wrangler's lines and the Worker's
// log lines), against every customer the shop holds at the end, seeded or made by the
// tests: logs never hold a customer's name, email or phone.
async function customerDataIn(lines, persist, env) {
  const { d1, dispose } = await openLocalD1(persist, env);
  let customers;
  try {
    ({ results: customers } = await d1.prepare("SELECT name, email, phone FROM customers").all());
  } finally {
    await dispose();
  }
  const words = new Set(customers.flatMap((c) => [c.name, c.email, c.phone]).filter((w) => typeof w === "string" && w.length >= 6));
  return lines.filter((line) => [...words].some((w) => line.includes(w)));
}

export async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`expected JSON (status ${res.status}), got: ${text.slice(0, 300)}`);
  }
}
