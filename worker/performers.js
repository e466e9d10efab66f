// One performer per operation the core can wait for. Each takes the operation's JSON
// head and body bytes and answers { head, body? } in the shape bindings/wire.cpp reads.
const decoder = new TextDecoder();

function boundParams(params) {
  return params.map((p) => (p !== null && typeof p === "object" && Array.isArray(p.blob) ? new Uint8Array(p.blob) : p));
}

function prepare(db, statement) {
  return db.prepare(statement.sql).bind(...boundParams(statement.params));
}

function d1Result(result) {
  return { results: result.results ?? [], meta: result.meta ?? {} };
}

// gzip streams into R2 (the backups): CompressionStream compresses what the core writes;
// the compressed bytes go up in parts of exactly PART_BYTES (R2 wants every part but the
// last at least 5 MiB, and of one size), or as one put when the whole is smaller. Only
// one part is ever held here, so a large shop's backup stays within the isolate's memory.
// A plain stream (gzip: false, the export's scratch files) stores the bytes as written.
const PART_BYTES = 5 * 1024 * 1024;
const streams = new Map();
let nextStream = 1;

function concat(chunks, size) {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function uploadFullParts(env, stream) {
  while (stream.buffered >= PART_BYTES) {
    const all = concat(stream.chunks, stream.buffered);
    stream.upload ??= await env.ASSETS.createMultipartUpload(stream.key, { httpMetadata: { contentType: stream.contentType } });
    stream.parts.push(await stream.upload.uploadPart(stream.parts.length + 1, all.subarray(0, PART_BYTES)));
    stream.chunks = [all.slice(PART_BYTES)];
    stream.buffered -= PART_BYTES;
  }
}

async function drain(env, stream, readable) {
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    stream.chunks.push(value);
    stream.buffered += value.length;
    stream.size += value.length;
    await uploadFullParts(env, stream);
  }
}

// A failed upload stops the reader, and a write would then wait forever: race them.
async function writeTo(stream, bytes) {
  await Promise.race([stream.writer.write(bytes), stream.drained.then(() => { throw new Error("the stream closed early"); })]);
}

function openStream(id) {
  const stream = streams.get(id);
  if (!stream) throw new Error(`no open stream ${id}`);
  return stream;
}

export const performers = {
  async "d1.query"(env, op) {
    return { head: d1Result(await prepare(env.DB, op).all()) };
  },
  async "d1.batch"(env, op) {
    const results = await env.DB.batch(op.statements.map((s) => prepare(env.DB, s)));
    return { head: { batch: results.map(d1Result) } };
  },
  async "r2.get"(env, op) {
    const object = await env.ASSETS.get(op.key);
    if (!object) return { head: { found: false } };
    return {
      head: {
        found: true,
        size: object.size,
        etag: object.etag,
        content_type: object.httpMetadata?.contentType ?? "application/octet-stream",
      },
      body: new Uint8Array(await object.arrayBuffer()),
    };
  },
  async "r2.put"(env, op, body) {
    await env.ASSETS.put(op.key, body, { httpMetadata: { contentType: op.content_type } });
    return { head: {} };
  },
  async "r2.delete"(env, op) {
    await env.ASSETS.delete(op.key);
    return { head: {} };
  },
  async "r2.list"(env, op) {
    const listed = await env.ASSETS.list({ prefix: op.prefix, cursor: op.cursor || undefined, limit: op.limit });
    return {
      head: {
        objects: listed.objects.map((o) => ({ key: o.key, size: o.size, etag: o.etag })),
        truncated: listed.truncated,
        cursor: listed.truncated ? listed.cursor : "",
      },
    };
  },
  async "r2.stream_open"(env, op) {
    const id = `s${nextStream++}`;
    const transform = op.gzip === false ? new TransformStream() : new CompressionStream("gzip");
    const stream = { key: op.key, contentType: op.content_type, writer: transform.writable.getWriter(), chunks: [], buffered: 0, size: 0, parts: [], upload: null };
    stream.drained = drain(env, stream, transform.readable);
    stream.drained.catch(() => {}); // awaited (and reported) by write and close
    streams.set(id, stream);
    return { head: { stream: id } };
  },
  async "r2.stream_write"(_env, op, body) {
    await writeTo(openStream(op.stream), body);
    return { head: {} };
  },
  // An object's bytes appended to a stream as R2 reads them: never whole in memory.
  async "r2.stream_copy"(env, op) {
    const stream = openStream(op.stream);
    const object = await env.ASSETS.get(op.key);
    if (!object) throw new Error(`no object ${op.key}`);
    const reader = object.body.getReader();
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await writeTo(stream, value);
      size += value.length;
    }
    return { head: { size } };
  },
  async "r2.stream_close"(env, op) {
    const stream = openStream(op.stream);
    streams.delete(op.stream);
    // R2 class A operations this stream cost (the fleet's cost meter): a multipart upload's
    // create and each part sent, and its completion, or one put; an abort is free.
    const multipartOps = () => (stream.upload ? 1 + stream.parts.length : 0);
    if (!op.commit) {
      await stream.writer.abort().catch(() => {});
      await stream.upload?.abort().catch(() => {});
      return { head: { size: 0, class_a_ops: multipartOps() } };
    }
    try {
      await stream.writer.close();
      await stream.drained;
      const rest = concat(stream.chunks, stream.buffered);
      if (!stream.upload) {
        await env.ASSETS.put(stream.key, rest, { httpMetadata: { contentType: stream.contentType } });
      } else {
        if (rest.length) stream.parts.push(await stream.upload.uploadPart(stream.parts.length + 1, rest));
        await stream.upload.complete(stream.parts);
      }
    } catch (error) {
      await stream.upload?.abort().catch(() => {});
      throw error;
    }
    return { head: { size: stream.size, class_a_ops: stream.upload ? multipartOps() + 1 : 1 } };
  },
  async "kv.get"(env, op) {
    return { head: { value: await env.KV.get(op.key) } };
  },
  async "kv.put"(env, op, body) {
    const options = op.ttl_seconds > 0 ? { expirationTtl: op.ttl_seconds } : undefined;
    await env.KV.put(op.key, decoder.decode(body), options);
    return { head: {} };
  },
  async "kv.delete"(env, op) {
    await env.KV.delete(op.key);
    return { head: {} };
  },
  async fetch(_env, op, body) {
    const hasBody = op.method !== "GET" && op.method !== "HEAD";
    const response = await fetch(op.url, { method: op.method, headers: op.headers, body: hasBody ? body : undefined });
    return {
      head: { status: response.status, headers: [...response.headers] },
      body: new Uint8Array(await response.arrayBuffer()),
    };
  },
  async "crypto.pbkdf2_sha256"(_env, op, body) {
    const key = await crypto.subtle.importKey("raw", body, "PBKDF2", false, ["deriveBits"]);
    const params = { name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(op.salt), iterations: op.iterations };
    return { head: {}, body: new Uint8Array(await crypto.subtle.deriveBits(params, key, 256)) };
  },
  // A key or signature WebCrypto refuses (malformed n or e, a size it does not support)
  // means the token cannot be trusted: answer valid: false, not a failed binding.
  async "crypto.verify_rs256"(_env, op, body) {
    const rs256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    try {
      const jwk = { kty: "RSA", n: op.n, e: op.e, alg: "RS256", ext: true };
      const key = await crypto.subtle.importKey("jwk", jwk, rs256, false, ["verify"]);
      return { head: { valid: await crypto.subtle.verify(rs256, key, new Uint8Array(op.signature), body) } };
    } catch {
      return { head: { valid: false } };
    }
  },
};
