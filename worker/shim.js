// The thin JS side of Helm. It owns the Worker's bindings and moves bytes: each request
// becomes one coroutine inside the Wasm core; whenever that coroutine waits for an
// operation (a D1 query, an R2 read, ...) the shim performs it here with the real
// binding and hands the reply back. No POS rule lives in this file.
import createHelm from "../build/wasm/helm.mjs";
import helmWasm from "../build/wasm/helm.wasm";
import { performers } from "./performers.js";

const DONE = 0;
const WAITING = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// One Wasm instance per isolate, shared by every request in it. A trap leaves an
// instance unusable, so it is dropped and the next request builds a fresh one from the
// same compiled module.
let current = null;

async function instantiate(config) {
  const module = await createHelm({
    locateFile: (path) => path,
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(helmWasm, imports).then((instance) => receive(instance, helmWasm));
      return {};
    },
  });
  const failed = withBytes(module, [encoder.encode(JSON.stringify(config))], ([ptr, len]) => module._helm_configure(ptr, len));
  if (failed) throw new Error("helm_configure refused the shop's configuration (see the log line above)");
  return module;
}

function instanceFor(config) {
  current ??= instantiate(config).catch((error) => {
    current = null;
    throw error;
  });
  return current;
}

// Copies each byte array into linear memory for the length of one call.
function withBytes(module, arrays, call) {
  const spans = arrays.map((bytes) => {
    const ptr = module._malloc(Math.max(bytes.length, 1));
    module.HEAPU8.set(bytes, ptr);
    return [ptr, bytes.length];
  });
  try {
    return call(spans.flat());
  } finally {
    for (const [ptr] of spans) module._free(ptr);
  }
}

function readEnvelope(module, ptr) {
  if (!ptr) throw new Error("the core refused the call");
  const words = module.HEAPU32.subarray(ptr >> 2, (ptr >> 2) + 6);
  const [id, state, headPtr, headLen, bodyPtr, bodyLen] = words;
  return {
    id,
    state,
    head: decoder.decode(module.HEAPU8.subarray(headPtr, headPtr + headLen)),
    body: module.HEAPU8.slice(bodyPtr, bodyPtr + bodyLen),
  };
}

async function perform(env, head, body) {
  const op = JSON.parse(head);
  const performer = performers[op.op];
  if (!performer) return { head: { error: `unknown operation ${op.op}` } };
  try {
    return await performer(env, op, body);
  } catch (error) {
    return { head: { error: String(error?.message ?? error) } };
  }
}

// Runs one call into the core to completion, performing each operation it waits for.
async function drive(env, module, start) {
  let envelope = readEnvelope(module, start());
  try {
    while (envelope.state === WAITING) {
      const reply = await perform(env, envelope.head, envelope.body);
      const head = encoder.encode(JSON.stringify(reply.head, bytesAsArrays));
      const id = envelope.id;
      envelope = readEnvelope(
        module,
        withBytes(module, [head, reply.body ?? new Uint8Array()], ([hp, hl, bp, bl]) => module._helm_resume(id, hp, hl, bp, bl)),
      );
    }
    if (envelope.state !== DONE) throw new Error(`unexpected envelope state ${envelope.state}`);
    return envelope;
  } finally {
    module._helm_release(envelope.id);
  }
}

// D1 may hand BLOB columns over as ArrayBuffers or typed arrays; the core reads arrays.
function bytesAsArrays(_key, value) {
  if (value instanceof ArrayBuffer) return Array.from(new Uint8Array(value));
  if (ArrayBuffer.isView(value)) return Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  return value;
}

function configFor(env, shop, build) {
  const vars = {};
  for (const name of ["SHOP_SLUG", "SHOP_NAME", "SHOP_TIMEZONE", "SHOP_CURRENCY"]) vars[name] = env[name] ?? "";
  return { vars, overrides: shop, build };
}

async function withInstance(env, shop, build, work) {
  const module = await instanceFor(configFor(env, shop, build));
  try {
    return await work(module);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError && current) current = null;
    throw error;
  }
}

function failure(error) {
  console.log(JSON.stringify({ type: "shim_error", error: String(error?.stack ?? error) }));
  return new Response(JSON.stringify({ error: { code: "internal", message: "Helm could not answer this request" } }), {
    status: 500,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

// The Worker for one shop: `shop` is that shop's overrides, `build` its build_info.json.
export function workerFor(shop, build) {
  return {
    async fetch(request, env) {
      try {
        return await withInstance(env, shop, build, async (module) => {
          const head = encoder.encode(
            JSON.stringify({
              method: request.method,
              url: request.url,
              headers: [...request.headers],
              request_id: request.headers.get("cf-ray") ?? "",
            }),
          );
          const body = new Uint8Array(await request.arrayBuffer());
          const done = await drive(env, module, () =>
            withBytes(module, [head, body], ([hp, hl, bp, bl]) => module._helm_request(hp, hl, bp, bl)),
          );
          const { status, headers } = JSON.parse(done.head);
          const empty = request.method === "HEAD" || status === 204 || status === 304 || status === 303;
          return new Response(empty ? null : done.body, { status, headers });
        });
      } catch (error) {
        return failure(error);
      }
    },

    async scheduled(controller, env, ctx) {
      ctx.waitUntil(
        withInstance(env, shop, build, (module) =>
          drive(env, module, () =>
            withBytes(module, [encoder.encode(controller.cron)], ([ptr, len]) => module._helm_cron(ptr, len)),
          ),
        ).catch((error) => console.log(JSON.stringify({ type: "shim_error", cron: controller.cron, error: String(error) }))),
      );
    },
  };
}
