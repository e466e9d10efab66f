// scripts/onboard-shop.sh --local on a copy of the repo (test/support/sandbox.mjs) with the
// two shops already migrated in the same local state: a bad or taken slug is refused, a
// failed run picks up where it stopped, and the third shop then serves, signs its owner
// in and keeps its data to itself. npm run deploy -- --dry-run --local then logs to its R2.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { applyEdits, modify } from "jsonc-parser";
import { root } from "../../scripts/lib.mjs";
import { makeSandbox } from "../support/sandbox.mjs";

const slug = "spoke-and-chain";
const owner = { email: "ada@spokeandchain.example", name: "Ada Spoke", pin: "28461" };
const sandbox = makeSandbox({ git: true });
const config = () => readFileSync(join(sandbox.dir, "wrangler.jsonc"), "utf8");
const onboard = (...args) =>
  sandbox.run("bash", ["scripts/onboard-shop.sh", ...args, "--local", "--persist-to", sandbox.state, "--owner-email", owner.email, "--owner-name", owner.name, "--owner-pin", owner.pin]);

describe("onboarding a third shop locally", () => {
  let onboarded;
  let seconds;
  before(() => {
    // Built first, so that the onboarding's time is its own, not the compiler's.
    const built = sandbox.run(process.execPath, ["scripts/build.mjs"]);
    assert.equal(built.status, 0, built.output);
    const migrated = sandbox.run("npm", ["run", "--silent", "migrate", "--", "--all", "--local", "--persist-to", sandbox.state]);
    assert.equal(migrated.status, 0, migrated.output);
  });
  after(() => sandbox.remove());

  it("refuses a bad slug and a taken one, changing nothing", () => {
    const before = config();
    for (const [bad, why] of [["Spoke_Chain", /not a shop slug: Spoke_Chain/], ["swicked", /the slug swicked is taken/], ["spoke.chain", /not a shop slug/]]) {
      const res = onboard(bad, "Some Shop");
      assert.equal(res.status, 2, res.output);
      assert.match(res.stderr, why);
    }
    assert.equal(config(), before);
    assert.equal(existsSync(join(sandbox.dir, "shop-overrides", "Spoke_Chain")), false);
  });

  it("stops at a failing step and carries on from there when run again", () => {
    // A migrations folder that breaks the run after the env and overrides are written.
    const migrations = join(sandbox.dir, "migrations");
    renameSync(migrations, `${migrations}.real`);
    mkdirSync(migrations);
    writeFileSync(join(migrations, "0001_broken.sql"), "CREATE TABLE oops (;\n");
    const failed = onboard(slug, "Spoke & Chain", "--timezone", "America/Edmonton", "--branch");
    rmSync(migrations, { recursive: true });
    renameSync(`${migrations}.real`, migrations);
    assert.equal(failed.status, 1, failed.output);
    assert.match(failed.stderr, /spoke-and-chain: migrations failed; run the same command again/);
    const record = JSON.parse(readFileSync(join(sandbox.dir, ".helm", "onboarding", `${slug}.json`), "utf8"));
    assert.deepEqual(record.done, ["resources", "wrangler.jsonc", "shop-overrides"]);
    const halfway = config();

    const started = performance.now();
    onboarded = onboard(slug, "Spoke & Chain", "--timezone", "America/Edmonton", "--branch");
    seconds = (performance.now() - started) / 1000;
    console.log(`onboard-shop.sh --local (migrations, serve, health, owner, branch) took ${seconds.toFixed(1)} s`);
    assert.equal(onboarded.status, 0, onboarded.output);
    assert.match(onboarded.stdout, /resuming spoke-and-chain after resources, wrangler.jsonc, shop-overrides/);
    assert.match(onboarded.stdout, /api\/health answers shop spoke-and-chain/);
    assert.equal(config(), halfway, "the env was written once, with the first run's ids");
    assert.equal(existsSync(join(sandbox.dir, ".helm", "onboarding", `${slug}.json`)), false);
    assert.ok(seconds < 120, `onboarding took ${seconds} s`);
  });

  it("wrote the env with every binding and the file's comments kept, and the overrides", () => {
    const text = config();
    assert.ok(text.startsWith("// Helm: one Worker, one D1, one R2 bucket"), "the header comment is kept");
    assert.match(text, /\/\/ Secrets \(wrangler secret put --env spoke-and-chain\): OIDC_CLIENT_SECRET, HELM_RECOVERY_SECRET, HELM_OPERATOR_TOKEN\./);
    assert.match(text, /"SHOP_NAME": "Spoke & Chain",\n\s+"SHOP_TIMEZONE": "America\/Edmonton",/);
    // The config tests, run on the copy: every binding, none shared with another shop.
    const checked = sandbox.run(process.execPath, ["--test", "test/config/wrangler.test.mjs"]);
    assert.equal(checked.status, 0, checked.output);
    assert.match(checked.stdout, /env spoke-and-chain declares every binding/);
    const shop = JSON.parse(readFileSync(join(sandbox.dir, "shop-overrides", slug, "shop.json"), "utf8"));
    assert.equal(shop.receipt.footer, "Thanks for riding with Spoke & Chain.");
    assert.match(readFileSync(join(sandbox.dir, "shop-overrides", slug, "logo.svg"), "utf8"), /aria-label="Spoke &amp; Chain"/);
  });

  it("kept the shop's operator token for npm run fleet: the one its local Worker is served with", () => {
    const token = JSON.parse(readFileSync(join(sandbox.dir, ".fleet-tokens.json"), "utf8"))[slug];
    assert.match(token, /^[0-9a-f]{48}$/);
    assert.match(readFileSync(join(sandbox.dir, `.dev.vars.${slug}`), "utf8"), new RegExp(`^HELM_OPERATOR_TOKEN=${token}$`, "m"));
  });

  it("made shops/spoke-and-chain differ from main only in its env and overrides, on the same branch as before", () => {
    assert.equal(sandbox.git("symbolic-ref", "--short", "HEAD"), "main");
    assert.deepEqual(sandbox.git("diff", "--name-only", "main", `shops/${slug}`).split("\n"), [
      `shop-overrides/${slug}/logo.svg`,
      `shop-overrides/${slug}/shop.json`,
      "wrangler.jsonc",
    ]);
    assert.equal(sandbox.git("show", `shops/${slug}:wrangler.jsonc`) + "\n", config());
  });

  it("serves the new shop: its owner signs in and writes, and neither other shop sees any of it", async () => {
    // The copy's own test support, so that the shop is served from the copy's wrangler.jsonc.
    const { startShop, json } = await import(join(sandbox.dir, "test", "support", "shop.mjs"));
    // wrangler's dev server answers an env with a custom domain as that domain, and the
    // sign-in's redirect_uri would be the production one: served here without its route.
    const configFile = join(sandbox.dir, "wrangler.jsonc");
    const withRoute = config();
    writeFileSync(configFile, applyEdits(withRoute, modify(withRoute, ["env", slug, "routes"], undefined, {})));
    const shop = await startShop({ env: slug, persist: sandbox.state }).finally(() => writeFileSync(configFile, withRoute));
    try {
      const { device } = await shop.signIn(owner.email);
      assert.ok(device, "the onboarded owner's email is on the sign-in list");
      assert.equal((await device.pin(1, owner.pin)).status, 200, "the onboarded owner's PIN");
      const created = await device.fetch("/api/customers", { method: "POST", body: JSON.stringify({ name: "Ona Onboarded", phone: "780 555 0101" }) });
      assert.equal(created.status, 201, JSON.stringify(await json(created)));
    } finally {
      await shop.stop();
    }
    const seen = (env) =>
      sandbox.sql(
        env,
        "SELECT (SELECT count(*) FROM customers WHERE name = 'Ona Onboarded') AS customers, (SELECT count(*) FROM staff) AS staff, " +
          "(SELECT count(*) FROM allowlist) AS allowlist, (SELECT count(*) FROM audit_events) AS events",
      )[0];
    const mine = seen(slug);
    assert.deepEqual({ ...mine, events: mine.events > 1 }, { customers: 1, staff: 1, allowlist: 1, events: true });
    for (const other of ["swicked", "mike-s-bikes"]) assert.deepEqual(seen(other), { customers: 0, staff: 0, allowlist: 0, events: 0 }, other);
  });

  it("deploys as a dry run into local state, appending a line to its R2 deploys/log.jsonl each time", () => {
    // The onboarding's env is not committed on main: the build says so.
    const dirty = sandbox.git("status", "--porcelain", "--untracked-files=no") !== "";
    assert.ok(dirty, "wrangler.jsonc holds the new env, uncommitted");
    const commit = `${sandbox.git("rev-parse", "--short=12", "HEAD")}-dirty`;
    for (let i = 0; i < 2; i++) {
      const res = sandbox.run("npm", ["run", "--silent", "deploy", "--", "--env", slug, "--dry-run", "--local", "--persist-to", sandbox.state]);
      assert.equal(res.status, 0, res.output);
      assert.match(res.stdout, /the schema rule, env isolation and the dry-run bundle pass/);
      assert.match(res.stdout, /no migration pending/);
    }
    const build = JSON.parse(readFileSync(join(sandbox.dir, "build", "build_info.json"), "utf8"));
    assert.deepEqual([build.commit, build.environment], [commit, "dry-run"]);
    const file = join(sandbox.dir, "log.jsonl");
    sandbox.wrangler(["r2", "object", "get", `helm-${slug}-assets/deploys/log.jsonl`, "--file", file, "--env", slug, "--local", "--persist-to", sandbox.state]);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.equal(lines.length, 2);
    for (const line of lines) {
      assert.deepEqual(Object.keys(line), ["commit", "at", "env", "version"]);
      assert.deepEqual([line.commit, line.env, line.version], [commit, slug, JSON.parse(readFileSync(join(root, "package.json"))).version]);
    }
    assert.ok(lines[0].at <= lines[1].at);
  });
});
