#include "bindings/native/native.hpp"

namespace helm::native {
namespace {

template <class T>
Result<Reply> as_reply(Result<T> r) {
    if (!r) return std::move(r).error();
    return Reply(std::move(*r));
}

}  // namespace

Result<Reply> Ports::perform(Operation op) {
    struct Visit {
        Ports& p;
        Result<Reply> operator()(op::D1Query& q) { return as_reply(p.db->query(q.statement)); }
        Result<Reply> operator()(op::D1Batch& b) { return as_reply(p.db->batch(b.statements)); }
        Result<Reply> operator()(op::R2Get& g) { return as_reply(p.assets.get(g.key)); }
        Result<Reply> operator()(op::R2Put& put) { return as_reply(p.assets.put(put.key, put.body, put.content_type)); }
        Result<Reply> operator()(op::R2Delete& d) { return as_reply(p.assets.remove(d.key)); }
        Result<Reply> operator()(op::R2List& l) { return as_reply(p.assets.list(l.prefix, l.cursor, l.limit)); }
        Result<Reply> operator()(op::R2StreamOpen& o) { return as_reply(p.assets.open_stream(o.key, o.content_type, o.gzip)); }
        Result<Reply> operator()(op::R2StreamWrite& w) { return as_reply(p.assets.write(w.stream, w.chunk)); }
        Result<Reply> operator()(op::R2StreamCopy& c) { return as_reply(p.assets.copy_into(c.stream, c.key)); }
        Result<Reply> operator()(op::R2StreamClose& c) { return as_reply(p.assets.close(c.stream, c.commit)); }
        Result<Reply> operator()(op::KvGet& g) {
            auto obj = p.kv.get(g.key);
            if (!obj) return std::move(obj).error();
            if (!*obj) return Reply(std::optional<std::string>());
            return Reply(std::optional<std::string>(std::string((*obj)->body.begin(), (*obj)->body.end())));
        }
        // KV's expiry is the platform's job; natively a value simply stays.
        Result<Reply> operator()(op::KvPut& put) {
            return as_reply(p.kv.put(put.key, Blob(put.value.begin(), put.value.end()), "text/plain"));
        }
        Result<Reply> operator()(op::KvDelete& d) { return as_reply(p.kv.remove(d.key)); }
        Result<Reply> operator()(op::Fetch& f) { return as_reply(http_fetch(f)); }
        Result<Reply> operator()(op::Pbkdf2Sha256& k) { return Reply(pbkdf2_sha256(k.password, k.salt, k.iterations)); }
        Result<Reply> operator()(op::VerifyRs256& v) {
            return Reply(Verdict{verify_rs256(v.jwk_n, v.jwk_e, v.message, v.signature)});
        }
    };
    return std::visit(Visit{*this}, op);
}

}  // namespace helm::native
