// npm start: set up what this machine lacks, build, migrate and seed the local demo
// shop, then serve it at http://127.0.0.1:8787 with local D1, R2 and KV (no network),
// and its sign-in provider (a real local OpenID Connect provider) at :8788.
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildShop, log, root, setup, spawnWrangler, wrangler } from "./lib.mjs";

// Set-up first: on a fresh clone node_modules does not exist yet, so the modules that
// import npm packages (oauth2-mock-server, jsonc-parser) are loaded only after it.
setup();
const { startIdentityProvider } = await import("./identity-provider.mjs");
const { readFleetTokens, recordFleetToken } = await import("./shops.mjs");

const env = "demo";
const persist = join(root, ".helm", "demo");
const port = process.env.PORT ?? "8787";
const providerPort = 8788; // wrangler.jsonc's demo OIDC_ISSUER

// The demo's staff: who signs in where, and their PINs (printed below; demo only).
const demoStaff = [
  { id: 1, name: "Olive Owner", role: "owner", email: "owner@demo.kvick.bike", pin: "40917" },
  { id: 2, name: "Sam Sales", role: "sales", email: "sales@demo.kvick.bike", pin: "52806" },
  { id: 3, name: "Max Mechanic", role: "mechanic", email: "mechanic@demo.kvick.bike", pin: "61395" },
];

// The demo's secrets live in .dev.vars.demo (git-ignored), made once; its operator token
// also in .fleet-tokens.json, for `npm run fleet -- --url demo=http://127.0.0.1:8787`.
function ensureDevSecrets() {
  const file = join(root, ".dev.vars.demo");
  const secret = () => randomBytes(24).toString("hex");
  if (!existsSync(file)) writeFileSync(file, `OIDC_CLIENT_SECRET=${secret()}\nHELM_RECOVERY_SECRET=${secret()}\n`);
  if (!/^HELM_OPERATOR_TOKEN=/m.test(readFileSync(file, "utf8"))) appendFileSync(file, `HELM_OPERATOR_TOKEN=${secret()}\n`);
  const text = readFileSync(file, "utf8");
  const operatorToken = text.match(/HELM_OPERATOR_TOKEN=(\S+)/)[1];
  if (readFleetTokens()[env] !== operatorToken) recordFleetToken(env, operatorToken);
  return text.match(/HELM_RECOVERY_SECRET=(\S+)/)[1];
}

// Staff with their PINs hashed as the Worker hashes them, and the allowlist; idempotent.
function demoPeopleSql(now) {
  const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;
  const rows = demoStaff.map((s) => {
    const salt = randomBytes(16);
    const hash = pbkdf2Sync(s.pin, salt, 100_000, 32, "sha256").toString("hex");
    return `(${s.id}, ${quote(s.name)}, ${quote(s.role)}, '${hash}', '${salt.toString("hex")}', 100000, ${now}, ${now})`;
  });
  return [
    `INSERT OR IGNORE INTO staff (id, display_name, role_key, pin_hash, pin_salt, pin_iterations, created_at_ms, updated_at_ms) VALUES ${rows.join(", ")};`,
    `INSERT OR IGNORE INTO allowlist (email, added_at_ms) VALUES ${demoStaff.map((s) => `(${quote(s.email)}, ${now})`).join(", ")};`,
  ].join("\n");
}

buildShop(env);
const recoverySecret = ensureDevSecrets();
log("applying migrations to the local D1");
wrangler(["d1", "migrations", "apply", "DB", "--local", "--env", env, "--persist-to", persist]);
log("loading demo data");
wrangler(["d1", "execute", "DB", "--local", "--env", env, "--persist-to", persist, "--file", "scripts/demo-data.sql"]);
wrangler(["d1", "execute", "DB", "--local", "--env", env, "--persist-to", persist, "--command", demoPeopleSql(Date.now())]);
const provider = await startIdentityProvider({ port: providerPort });
log(`sign-in provider at ${provider.issuer}: pick a demo identity there`);
for (const s of demoStaff) log(`  ${s.email.padEnd(26)} ${s.name} (${s.role}), PIN ${s.pin}`);
log(`  recovery secret (docs/runbooks/recovery.md): ${recoverySecret}`);
log(`serving the demo shop at http://127.0.0.1:${port}  (Ctrl-C stops it)`);
const dev = spawnWrangler(
  ["dev", "--env", env, "--ip", "127.0.0.1", "--port", port, "--persist-to", persist, "--test-scheduled"],
  { stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", async (code) => {
  await provider.stop();
  process.exit(code ?? 0);
});
