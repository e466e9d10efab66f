// Node module hooks that import a Worker bundle's modules the way workerd does
// (wrangler's CompiledWasm and Text rules): a .wasm file as a WebAssembly.Module, an .svg
// or .txt file as its text. Registered by host.mjs; the bench and the twin check run the
// real bundle of a shop in Node with them.
import { readFileSync } from "node:fs";

// {wasmDir}: a build folder whose helm.mjs and helm.wasm replace build/wasm's (the
// bench's compile-flag variants).
let wasmDir = null;
export function initialize(data) {
  wasmDir = data?.wasmDir ?? null;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const built = resolved.url.match(/\/build\/wasm\/(helm\.(?:mjs|wasm))$/);
  if (wasmDir && built) return { ...resolved, url: new URL(built[1], `file://${wasmDir}/`).href };
  return resolved;
}

export async function load(url, context, nextLoad) {
  const path = url.split("?")[0];
  if (path.endsWith(".wasm"))
    return {
      format: "module",
      shortCircuit: true,
      source: `import { readFileSync } from "node:fs"; export default new WebAssembly.Module(readFileSync(new URL(${JSON.stringify(path)})));`,
    };
  if (path.endsWith(".svg") || path.endsWith(".txt"))
    return { format: "module", shortCircuit: true, source: `export default ${JSON.stringify(readFileSync(new URL(path), "utf8"))};` };
  return nextLoad(url, context);
}
