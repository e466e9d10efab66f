// `npm start`, `npm test` and `npm run bench` must work as the first command on a fresh
// clone: each runs setup() (Debian packages, npm ci) before anything from node_modules is
// loaded. A static import is resolved before the script's first line runs, so the static
// import graph of every script that sets up must reach node's own modules only; packages
// are imported dynamically after setup().
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { it } from "node:test";
import { root } from "../../scripts/lib.mjs";

const builtins = new Set(builtinModules);
// `import x from "spec"`, `import "spec"`, `export ... from "spec"` at a statement's start;
// a specifier holding `${` is generated code inside a template string.
const staticImport = /^\s*(?:import|export)\s+(?:[^;'"]*?\bfrom\s*)?["']([^"'$]+)["']/gm;

// Every package the static import graph of `entry` reaches, with the path that reaches it.
function packagesBeforeSetup(entry) {
  const seen = new Set();
  const found = [];
  const walk = (file, via) => {
    if (seen.has(file)) return;
    seen.add(file);
    const chain = [...via, relative(root, file)];
    for (const [, spec] of readFileSync(file, "utf8").matchAll(staticImport)) {
      if (spec.startsWith(".")) walk(resolve(dirname(file), spec), chain);
      else if (!spec.startsWith("node:") && !builtins.has(spec.split("/")[0])) found.push(`${chain.join(" -> ")} imports ${spec}`);
    }
  };
  walk(resolve(entry), []);
  return found;
}

// The npm scripts whose file calls setup(): the commands a newcomer may run first.
function settingUpScripts() {
  const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return Object.values(scripts)
    .map((command) => command.match(/^node (scripts\/\S+\.mjs)/)?.[1])
    .filter((file) => file && existsSync(join(root, file)) && /^\s*setup\(\);/m.test(readFileSync(join(root, file), "utf8")));
}

it("npm start, npm test and npm run bench set up before they load any npm package", () => {
  const entries = settingUpScripts();
  for (const needed of ["scripts/start.mjs", "scripts/test.mjs", "scripts/bench.mjs"]) assert.ok(entries.includes(needed), needed);
  for (const entry of entries) assert.deepEqual(packagesBeforeSetup(join(root, entry)), [], entry);
});

it("the import walk finds a package imported statically through a local module", () => {
  const dir = mkdtempSync(join(tmpdir(), "helm-imports-"));
  try {
    writeFileSync(join(dir, "entry.mjs"), 'import { a } from "./a.mjs";\nimport "node:fs";\nsetup();\nconst late = await import("wrangler");\n');
    writeFileSync(join(dir, "a.mjs"), 'import { readFileSync } from "fs";\nexport {\n  parse,\n} from "jsonc-parser";\nconst t = `import x from "${"generated"}";`;\n');
    assert.deepEqual(packagesBeforeSetup(join(dir, "entry.mjs")).map((line) => line.split(" imports ")[1]), ["jsonc-parser"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
