// Every command in docs/runbooks/ names something that exists, with options it takes:
// wrangler's subcommands and flags (by its own --help, offline), this repo's npm scripts
// and scripts/ with their options. What they do is tested where each is built (the
// onboarding, migrate, deploy and restore tests); this keeps the runbooks from rotting.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { root } from "../../scripts/lib.mjs";
import { wranglerSync } from "../support/shop.mjs";

const runbooks = join(root, "docs", "runbooks");
const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;

// The shell commands of a runbook's ```sh blocks: continuations joined, comments dropped,
// pipelines split.
function commandsOf(markdown) {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, "").split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line && !line.startsWith("#"))
    .flatMap((line) => line.split("|").map((part) => part.trim()));
}

const flagsOf = (words) => words.filter((w) => /^--[a-z]/.test(w)).map((w) => w.slice(2).split("=")[0]);

// The script file behind `npm run <name>` or a scripts/ path (a .sh wrapper runs its .mjs).
function scriptSource(file) {
  const mjs = file.replace(/\.sh$/, ".mjs");
  return readFileSync(join(root, existsSync(join(root, mjs)) ? mjs : file), "utf8");
}

const wranglerHelp = new Map();
function helpOf(subcommand) {
  if (!wranglerHelp.has(subcommand)) wranglerHelp.set(subcommand, wranglerSync([...subcommand.split(" "), "--help"]));
  return wranglerHelp.get(subcommand);
}

function problemsWith(command) {
  const words = command.match(/"[^"]*"|\S+/g);
  if (words[0] === "npx" && words[1] === "wrangler") {
    const at = words.findIndex((w, i) => i > 1 && !/^[a-z][a-z0-9-]*$/.test(w));
    const subcommand = words.slice(2, at < 0 ? undefined : at).join(" ");
    const help = helpOf(subcommand);
    return flagsOf(words).filter((f) => !help.includes(`--${f}`)).map((f) => `wrangler ${subcommand} has no --${f}`);
  }
  if (words[0] === "npm" && words[1] === "run") {
    if (!scripts[words[2]]) return [`no npm script ${words[2]}`];
    const source = scriptSource(scripts[words[2]].replace(/^node /, ""));
    return flagsOf(words).filter((f) => !source.includes(`"${f}"`) && !source.includes(` ${f}:`)).map((f) => `npm run ${words[2]} has no --${f}`);
  }
  if (words[0].startsWith("scripts/")) {
    if (!existsSync(join(root, words[0]))) return [`no ${words[0]}`];
    const source = scriptSource(words[0]);
    return flagsOf(words).filter((f) => !source.includes(`"${f}"`) && !source.includes(` ${f}:`)).map((f) => `${words[0]} has no --${f}`);
  }
  return [];
}

describe("docs/runbooks", () => {
  for (const file of readdirSync(runbooks).filter((f) => f.endsWith(".md"))) {
    it(`${file}: every command exists and takes the options it is given`, () => {
      const commands = commandsOf(readFileSync(join(runbooks, file), "utf8"));
      assert.ok(commands.length > 0, `${file} has no commands`);
      assert.deepEqual(commands.flatMap(problemsWith), []);
    });
  }

  it("catches a wrong flag, a missing script and a missing npm script", () => {
    assert.deepEqual(
      ["npx wrangler rollback --env x --mesage why", "scripts/offboard.sh x", "npm run nonesuch", "npm run deploy -- --env x --fast"].flatMap(problemsWith),
      ["wrangler rollback has no --mesage", "no scripts/offboard.sh", "no npm script nonesuch", "npm run deploy has no --fast"],
    );
  });
});
