// A throwaway copy of the repo for the tests of the operator's scripts (onboard, migrate,
// deploy): its own wrangler.jsonc, shop-overrides/, scripts/ (so lib.mjs's root is the
// copy), config tests and local state, so a test never leaves a shop in the real
// wrangler.jsonc. What the scripts only read (node_modules, migrations, the sources and
// the Wasm build) is linked to the repo's.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { offlineEnv, root } from "../../scripts/lib.mjs";

const copied = ["wrangler.jsonc", "package.json", ".gitignore", "shop-overrides", "scripts", "test/config", "test/support"];
const linked = ["node_modules", "migrations", "worker", "src", "bindings", "build/wasm"];
const gitIdentity = { GIT_AUTHOR_NAME: "Helm test", GIT_AUTHOR_EMAIL: "test@helm.invalid", GIT_COMMITTER_NAME: "Helm test", GIT_COMMITTER_EMAIL: "test@helm.invalid" };

export function makeSandbox({ git = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "helm-sandbox-"));
  for (const path of copied) cpSync(join(root, path), join(dir, path), { recursive: true });
  for (const path of linked) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(join(root, path), join(dir, path));
  }
  const sandbox = {
    dir,
    state: join(dir, ".wrangler", "state"),
    // Runs a command in the copy; answers {status, stdout, stderr, output}.
    run(command, args) {
      // Not as a child of this test run: a nested `node --test` would report to it, not print.
      const { NODE_TEST_CONTEXT, ...env } = { ...offlineEnv, ...gitIdentity };
      const result = spawnSync(command, args, { cwd: dir, env, encoding: "utf8", maxBuffer: 64 << 20 });
      return { ...result, output: `${result.stdout}\n${result.stderr}` };
    },
    wrangler(args) {
      const result = sandbox.run(join(dir, "node_modules", ".bin", "wrangler"), args);
      if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${result.output}`);
      return result.stdout;
    },
    // Rows from an env's local D1 in the sandbox's state.
    sql(env, command) {
      return JSON.parse(sandbox.wrangler(["d1", "execute", "DB", "--local", "--env", env, "--persist-to", sandbox.state, "--json", "--command", command]))[0]
        .results;
    },
    git(...args) {
      const result = sandbox.run("git", args);
      if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed:\n${result.output}`);
      return result.stdout.trim();
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  if (git) {
    sandbox.git("init", "-q", "-b", "main");
    sandbox.git("add", "-A");
    sandbox.git("commit", "-q", "-m", "sandbox");
  }
  return sandbox;
}
