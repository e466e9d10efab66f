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
  async "crypto.sha256"(_env, _op, body) {
    return { head: {}, body: new Uint8Array(await crypto.subtle.digest("SHA-256", body)) };
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
