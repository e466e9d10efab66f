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
// instance unusable: it is marked broken, the requests still running on it fail, and the
// next request builds a fresh one from the same compiled module.
let current = null; // Promise<{ module, broken }>

async function instantiate(config) {
  // Emscripten's factory never settles when instantiation fails: race it against the
  // failure, or every request would wait forever on a module that cannot link.
  let refuse;
  const refused = new Promise((_, reject) => (refuse = reject));
  const created = createHelm({
    locateFile: (path) => path,
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(helmWasm, imports).then((instance) => receive(instance, helmWasm), refuse);
      return {};
    },
  });
  const module = await Promise.race([created, refused]);
  const failed = withBytes(module, [encoder.encode(JSON.stringify(config))], ([ptr, len]) => module._helm_configure(ptr, len));
  if (failed) throw new Error("helm_configure refused the shop's configuration (see the log line above)");
  return { module, broken: false };
}

function instanceFor(config) {
  const pending = (current ??= instantiate(config));
  return pending.catch((error) => {
    if (current === pending) current = null;
    throw error;
  });
}

// Copies each byte array into linear memory for the length of one call.
function withBytes(module, arrays, call) {
  const spans = arrays.map((bytes) => {
    const ptr = module._malloc(Math.max(bytes.length, 1));
    if (!ptr) throw new Error("the Wasm heap is full");
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
async function drive(env, instance, start) {
  const { module } = instance;
  let envelope = readEnvelope(module, start());
  try {
    while (envelope.state === WAITING) {
      const reply = await perform(env, envelope.head, envelope.body);
      if (instance.broken) throw new Error("the Wasm instance trapped while this request waited");
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
    if (!instance.broken) module._helm_release(envelope.id);
  }
}

// The core's request counts go to D1 at most once a minute, after the response: the
// flush is its own run, kept alive by waitUntil (src/ops/metrics.hpp).
function flushMetricsIfDue(env, ctx, instance) {
  if (!ctx?.waitUntil || !instance.module._helm_metrics_due()) return;
  ctx.waitUntil(
    drive(env, instance, () => instance.module._helm_flush_metrics()).catch((error) =>
      console.log(JSON.stringify({ type: "shim_error", metrics: true, error: String(error) })),
    ),
  );
}

// Keeps a request body only up to one byte past the core's limit: the core then answers
// 413 itself without the whole upload being held or copied into linear memory. The rest
// is read and dropped rather than cancelled: cancelling mid-upload resets the connection
// before the client can read the 413.
async function boundedBody(request, limit) {
  if (!request.body) return new Uint8Array();
  const chunks = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size <= limit) chunks.push(value);
    size += value.length;
  }
  const body = new Uint8Array(Math.min(size, limit + 1));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, body.length - at);
    body.set(part, at);
    at += part.length;
  }
  return body;
}

// D1 may hand BLOB columns over as ArrayBuffers or typed arrays; the core reads arrays.
function bytesAsArrays(_key, value) {
  if (value instanceof ArrayBuffer) return Array.from(new Uint8Array(value));
  if (ArrayBuffer.isView(value)) return Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  return value;
}

function configFor(env, shop, build) {
  const vars = {};
  const names = ["SHOP_SLUG", "SHOP_NAME", "SHOP_TIMEZONE", "SHOP_CURRENCY", "OIDC_ISSUER", "OIDC_CLIENT_ID"];
  const secrets = ["OIDC_CLIENT_SECRET", "HELM_RECOVERY_SECRET", "HELM_OPERATOR_TOKEN"];
  for (const name of [...names, ...secrets]) vars[name] = env[name] ?? "";
  return { vars, overrides: shop, build };
}

async function withInstance(env, shop, build, work) {
  const pending = instanceFor(configFor(env, shop, build));
  const instance = await pending;
  try {
    return await work(instance);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      instance.broken = true;
      if (current && (await current.catch(() => null)) === instance) current = null;
    }
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

// A download the core has checked and named (x-helm-r2-object: its key) is streamed from
// R2 here, so a large export never passes through the Wasm module's memory.
const STREAMED_OBJECT = "x-helm-r2-object";
async function streamedObject(env, status, headers, key) {
  const object = await env.ASSETS.get(key);
  if (!object) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const kept = headers.filter(([name]) => name.toLowerCase() !== STREAMED_OBJECT);
  return new Response(object.body, { status, headers: [...kept, ["content-length", String(object.size)]] });
}

// The Worker for one shop: `shop` is that shop's overrides, `build` its build_info.json.
export function workerFor(shop, build) {
  return {
    async fetch(request, env, ctx) {
      try {
        return await withInstance(env, shop, build, async (instance) => {
          const { module } = instance;
          const head = encoder.encode(
            JSON.stringify({
              method: request.method,
              url: request.url,
              headers: [...request.headers],
              request_id: request.headers.get("cf-ray") ?? "",
            }),
          );
          const body = await boundedBody(request, module._helm_max_body_bytes());
          const done = await drive(env, instance, () =>
            withBytes(module, [head, body], ([hp, hl, bp, bl]) => module._helm_request(hp, hl, bp, bl)),
          );
          flushMetricsIfDue(env, ctx, instance);
          const { status, headers } = JSON.parse(done.head);
          const empty = request.method === "HEAD" || status === 204 || status === 304 || status === 303;
          const stored = headers.find(([name]) => name.toLowerCase() === STREAMED_OBJECT);
          if (stored && !empty) return await streamedObject(env, status, headers, stored[1]);
          return new Response(empty ? null : done.body, { status, headers });
        });
      } catch (error) {
        return failure(error);
      }
    },

    async scheduled(controller, env, ctx) {
      ctx.waitUntil(
        withInstance(env, shop, build, (instance) =>
          drive(env, instance, () =>
            withBytes(instance.module, [encoder.encode(controller.cron)], ([ptr, len]) => instance.module._helm_cron(ptr, len)),
          ),
        ).catch((error) => console.log(JSON.stringify({ type: "shim_error", cron: controller.cron, error: String(error) }))),
      );
    },
  };
}
