// Shared steps of npm start, npm test, npm run bench and the Wrangler build command.
// Only node's own modules here: these scripts run before node_modules exists.
import { spawnSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const shopsDir = join(root, "shop-overrides");

// Debian packages a fresh machine lacks, by the command or file that shows each is there.
const debianPackages = [
  ["emscripten", "/usr/bin/emcc"],
  ["node-acorn", "/usr/share/nodejs/acorn"],
  ["nlohmann-json3-dev", "/usr/include/nlohmann/json.hpp"],
  ["doctest-dev", "/usr/include/doctest/doctest.h"],
  ["libsqlite3-dev", "/usr/include/sqlite3.h"],
  ["libssl-dev", "/usr/include/openssl/evp.h"],
  ["libcurl4-openssl-dev", "/usr/include/x86_64-linux-gnu/curl/curl.h"],
  ["zlib1g-dev", "/usr/include/zlib.h"],  // the native R2's gzip streams (backups)
  ["cmake", "/usr/bin/cmake"],
  ["g++", "/usr/bin/g++"],
  ["make", "/usr/bin/make"],
  ["git", "/usr/bin/git"],
  ["chromium", "/usr/bin/chromium"],
  ["tzdata", "/usr/share/zoneinfo/America/Vancouver"],  // the native side's time zones (business dates)
  ["ccache", "/usr/bin/ccache"],  // a clean clone (CI) rebuilds in a minute, not ten
];

// Wrangler and workerd stay offline and quiet.
export const offlineEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NODE_PATH: "/usr/share/nodejs",
};

export function log(message) {
  console.log(`[helm] ${message}`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: offlineEnv, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
  return result;
}

export function output(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", env: offlineEnv });
  return result.status === 0 ? result.stdout.trim() : "";
}

// Each package as [name, a file it installs]; those whose file is missing are installed.
export function installDebianPackages(packages = debianPackages) {
  const missing = packages.filter(([, marker]) => !existsSync(marker)).map(([name]) => name);
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(" ")}`);
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo"];
  const apt = (...args) => run(asRoot[0] ?? "apt-get", asRoot.length ? ["apt-get", ...args] : args, {
    env: { ...offlineEnv, DEBIAN_FRONTEND: "noninteractive" },
  });
  apt("update", "-q");
  apt("install", "-y", "-q", "--no-install-recommends", ...missing);
}

// npm ci when node_modules is missing or was installed from another package-lock.json.
export function installNodeModules() {
  const lock = readFileSync(join(root, "package-lock.json"));
  const digest = createHash("sha256").update(lock).digest("hex");
  const stamp = join(root, "node_modules", ".helm-lock-sha256");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return;
  log("npm ci");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  writeFileSync(stamp, digest);
}

export function setup() {
  installDebianPackages();
  installNodeModules();
}

// Compiles go through ccache when the machine has it. Paths under the checkout are
// hashed relative to it, so every clone at the same depth shares one cache; Emscripten
// puts the wrapper in front of its own clang.
const compilerCache = existsSync("/usr/bin/ccache");
const buildEnv = compilerCache ? { ...offlineEnv, CCACHE_BASEDIR: root, EM_COMPILER_WRAPPER: "ccache" } : offlineEnv;

// The Wasm build optimises for size (MinSizeRel: -Os, and -Oz at link in CMakeLists.txt;
// the flag sets measured against the JS twin are in docs/architecture.md, "Compile
// flags"); the native build for speed.
function configure(buildDir, wasm) {
  const buildType = wasm ? "MinSizeRel" : "Release";
  const launcher = compilerCache && !wasm ? "ccache" : "";
  const cache = join(buildDir, "CMakeCache.txt");
  if (existsSync(cache)) {
    const text = readFileSync(cache, "utf8");
    // An empty -D value is cached as UNINITIALIZED, a set one as STRING.
    const cachedLauncher = text.match(/^CMAKE_CXX_COMPILER_LAUNCHER:\w+=(.*)$/m)?.[1] ?? "";
    if (text.includes(`CMAKE_BUILD_TYPE:STRING=${buildType}`) && cachedLauncher === launcher) return;
  }
  const cmake = ["-S", root, "-B", buildDir, "-G", "Unix Makefiles", `-DCMAKE_BUILD_TYPE=${buildType}`, `-DCMAKE_CXX_COMPILER_LAUNCHER=${launcher}`];
  if (wasm) run("emcmake", ["cmake", ...cmake]);
  else run("cmake", cmake);
}

function build(dir, wasm, args) {
  configure(dir, wasm);
  run("cmake", ["--build", dir, "-j2", ...args], { env: buildEnv });
  return dir;
}

export function buildWasm() {
  return build(join(root, "build", "wasm"), true, ["--target", "helm"]);
}

export function buildNative() {
  return build(join(root, "build", "native"), false, []);
}

function writeIfChanged(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

// The commit a build is of: HEAD, marked -dirty when tracked files differ from it (an
// onboarding's env not yet committed, a fix being tried), so a deploy never claims code
// the commit does not hold.
function builtCommit() {
  const head = output("git", ["rev-parse", "--short=12", "HEAD"]);
  if (!head) return "unknown";
  return output("git", ["status", "--porcelain", "--untracked-files=no"]) ? `${head}-dirty` : head;
}

// build/build_info.json: what /api/health reports. Stable for a given build, so that
// rewriting it does not make a running `wrangler dev` reload. `environment` is where the
// build goes: npm run deploy sets HELM_ENVIRONMENT (production, dry-run).
export function writeBuildInfo() {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const wasm = join(root, "build", "wasm", "helm.wasm");
  const info = {
    version: pkg.version,
    commit: builtCommit(),
    built_at: existsSync(wasm) ? statSync(wasm).mtime.toISOString() : "",
    environment: process.env.HELM_ENVIRONMENT ?? "development",
  };
  writeIfChanged(join(root, "build", "build_info.json"), `${JSON.stringify(info, null, 2)}\n`);
}

// build/shops/<slug>/entry.js: the Worker entry for one shop. It imports that shop's
// overrides and no other shop's, so a shop's bundle carries only its own branding.
export function writeShopEntry(slug) {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new Error(`not a shop slug: ${slug}`);
  const overrides = join(shopsDir, slug);
  if (!existsSync(join(overrides, "shop.json"))) throw new Error(`shop-overrides/${slug}/shop.json is missing`);
  const entry = join(root, "build", "shops", slug, "entry.js");
  const rel = (p) => relative(dirname(entry), p).split("\\").join("/");
  const logo = existsSync(join(overrides, "logo.svg"))
    ? `import logo from "${rel(join(overrides, "logo.svg"))}";`
    : 'const logo = "";';
  writeIfChanged(
    entry,
    `// Generated by scripts/build.mjs --shop ${slug}. Do not edit.
import { workerFor } from "${rel(join(root, "worker", "shim.js"))}";
import shop from "${rel(join(overrides, "shop.json"))}";
import build from "${rel(join(root, "build", "build_info.json"))}";
${logo}

export default workerFor({ slug: ${JSON.stringify(slug)}, ...shop, logo_svg: logo }, build);
`,
  );
}

export function buildShop(slug) {
  buildWasm();
  writeBuildInfo();
  writeShopEntry(slug);
}

export function wrangler(args, options = {}) {
  return run(join(root, "node_modules", ".bin", "wrangler"), args, options);
}

export function spawnWrangler(args, options = {}) {
  return spawn(join(root, "node_modules", ".bin", "wrangler"), args, { cwd: root, env: offlineEnv, ...options });
}
