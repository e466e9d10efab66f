#include "bindings/wire.hpp"

#include <cmath>
#include <tuple>

#include "core/json.hpp"

namespace helm::wire {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

Json param_json(const Value& v) {
    struct Visit {
        Json operator()(std::nullptr_t) const { return Json(nullptr); }
        Json operator()(std::int64_t i) const { return Json(i); }
        Json operator()(double d) const { return Json(d); }
        Json operator()(const std::string& s) const { return Json(s); }
        Json operator()(const Blob& b) const { return Json{{"blob", b}}; }
    };
    return std::visit(Visit{}, v);
}

Result<Json> statement_json(const Statement& st) {
    HELM_TRY(std::ignore, check_statement(st));
    Json params = Json::array();
    for (const auto& p : st.params) params.push_back(param_json(p));
    return Json{{"sql", st.sql}, {"params", std::move(params)}};
}

Error out_of_range(std::string_view what) {
    return Error{Code::internal, "the shim's reply has " + std::string(what) + " out of range", ""};
}

// A number from JS as a whole int64, checked before it is converted: JS numbers are
// doubles, and a double beyond int64's range (2e19) is undefined behaviour to convert
// natively and a trap in Wasm, which breaks the instance for every request on it.
Result<std::int64_t> whole_number(element v, std::string_view what) {
    if (v.is_int64()) return v.get_int64().value_unsafe();
    double d = 0;
    if (v.get_double().get(d) != simdjson::SUCCESS) return out_of_range(what);  // a UINT64 above int64
    // -2^63 and 2^63 are exact doubles; NaN fails both comparisons.
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != std::trunc(d)) return out_of_range(what);
    return std::int64_t(d);
}

Result<Value> value_from(element e) {
    switch (e.type()) {
        case element_type::INT64: return Value(std::int64_t(e.get_int64().value_unsafe()));
        case element_type::UINT64: return Value(double(e.get_uint64().value_unsafe()));
        case element_type::DOUBLE: return Value(e.get_double().value_unsafe());
        case element_type::STRING: return Value(std::string(e.get_string().value_unsafe()));
        case element_type::BOOL: return Value(std::int64_t(e.get_bool().value_unsafe() ? 1 : 0));
        case element_type::ARRAY: {  // D1 hands BLOB columns over as arrays of bytes
            Blob blob;
            simdjson::dom::array bytes = e.get_array().value_unsafe();
            for (element b : bytes) {
                std::int64_t byte = -1;
                if (b.get_int64().get(byte) != simdjson::SUCCESS || byte < 0 || byte > 255) return out_of_range("a byte");
                blob.push_back(std::uint8_t(byte));
            }
            return Value(std::move(blob));
        }
        default: return Value(nullptr);
    }
}

// A count or size the reply may leave out (0 then); a number in it must fit.
Result<std::int64_t> int_field(element obj, std::string_view key) {
    element v;
    if (obj[key].get(v) != simdjson::SUCCESS || !v.is_number()) return 0;
    return whole_number(v, key);
}

std::string string_field(element obj, std::string_view key) {
    std::string_view s;
    if (obj[key].get_string().get(s) != simdjson::SUCCESS) return {};
    return std::string(s);
}

Result<D1Result> d1_result_from(element e) {
    D1Result out;
    simdjson::dom::array rows;
    if (e["results"].get_array().get(rows) == simdjson::SUCCESS) {
        for (element row : rows) {
            simdjson::dom::object obj;
            if (row.get_object().get(obj) != simdjson::SUCCESS) continue;
            if (out.rows.empty())
                for (auto field : obj) out.columns.emplace_back(field.key);
            auto& values = out.rows.emplace_back(out.columns.size(), Value(nullptr));
            for (auto field : obj) {
                auto at = out.column(field.key);
                if (at < values.size()) {
                    HELM_TRY(values[at], value_from(field.value));
                }
            }
        }
    }
    element meta;
    if (e["meta"].get(meta) == simdjson::SUCCESS) {
        HELM_TRY(out.meta.changes, int_field(meta, "changes"));
        HELM_TRY(out.meta.last_row_id, int_field(meta, "last_row_id"));
        HELM_TRY(out.meta.rows_read, int_field(meta, "rows_read"));
        HELM_TRY(out.meta.rows_written, int_field(meta, "rows_written"));
        HELM_TRY(out.meta.size_after, int_field(meta, "size_after"));
    }
    return out;
}

Headers headers_from(element e) {
    Headers out;
    simdjson::dom::array pairs;
    if (e.get_array().get(pairs) != simdjson::SUCCESS) return out;
    for (element pair : pairs) {
        std::string_view name, value;
        if (pair.at(0).get_string().get(name) == simdjson::SUCCESS &&
            pair.at(1).get_string().get(value) == simdjson::SUCCESS)
            out.push_back({std::string(name), std::string(value)});
    }
    return out;
}

Json headers_json(const Headers& headers) {
    Json out = Json::array();
    for (const auto& h : headers) out.push_back({h.name, h.value});
    return out;
}

struct Encode {
    Result<Message> operator()(const op::D1Query& q) const {
        HELM_TRY(auto st, statement_json(q.statement));
        st["op"] = "d1.query";
        return Message{to_text(st), {}};
    }
    Result<Message> operator()(const op::D1Batch& b) const {
        Json list = Json::array();
        for (const auto& s : b.statements) {
            HELM_TRY(auto st, statement_json(s));
            list.push_back(std::move(st));
        }
        return Message{to_text({{"op", "d1.batch"}, {"statements", std::move(list)}}), {}};
    }
    Result<Message> operator()(const op::R2Get& g) const {
        return Message{to_text({{"op", "r2.get"}, {"key", g.key}}), {}};
    }
    Result<Message> operator()(const op::R2Put& p) const {
        return Message{to_text({{"op", "r2.put"}, {"key", p.key}, {"content_type", p.content_type}}), p.body};
    }
    Result<Message> operator()(const op::R2Delete& d) const {
        return Message{to_text({{"op", "r2.delete"}, {"key", d.key}}), {}};
    }
    Result<Message> operator()(const op::R2List& l) const {
        return Message{to_text({{"op", "r2.list"}, {"prefix", l.prefix}, {"cursor", l.cursor}, {"limit", l.limit}}), {}};
    }
    Result<Message> operator()(const op::R2StreamOpen& o) const {
        return Message{to_text({{"op", "r2.stream_open"}, {"key", o.key}, {"content_type", o.content_type}, {"gzip", o.gzip}}), {}};
    }
    Result<Message> operator()(const op::R2StreamWrite& w) const {
        return Message{to_text({{"op", "r2.stream_write"}, {"stream", w.stream}}), w.chunk};
    }
    Result<Message> operator()(const op::R2StreamCopy& c) const {
        return Message{to_text({{"op", "r2.stream_copy"}, {"stream", c.stream}, {"key", c.key}}), {}};
    }
    Result<Message> operator()(const op::R2StreamClose& c) const {
        return Message{to_text({{"op", "r2.stream_close"}, {"stream", c.stream}, {"commit", c.commit}}), {}};
    }
    Result<Message> operator()(const op::KvGet& g) const {
        return Message{to_text({{"op", "kv.get"}, {"key", g.key}}), {}};
    }
    Result<Message> operator()(const op::KvPut& p) const {
        return Message{to_text({{"op", "kv.put"}, {"key", p.key}, {"ttl_seconds", p.ttl_seconds}}),
                       Blob(p.value.begin(), p.value.end())};
    }
    Result<Message> operator()(const op::KvDelete& d) const {
        return Message{to_text({{"op", "kv.delete"}, {"key", d.key}}), {}};
    }
    Result<Message> operator()(const op::Fetch& f) const {
        return Message{to_text({{"op", "fetch"}, {"method", f.method}, {"url", f.url}, {"headers", headers_json(f.headers)}}),
                       Blob(f.body.begin(), f.body.end())};
    }
    Result<Message> operator()(const op::Pbkdf2Sha256& p) const {
        return Message{to_text({{"op", "crypto.pbkdf2_sha256"}, {"salt", p.salt}, {"iterations", p.iterations}}), p.password};
    }
    Result<Message> operator()(const op::VerifyRs256& v) const {
        return Message{to_text({{"op", "crypto.verify_rs256"}, {"n", v.jwk_n}, {"e", v.jwk_e}, {"signature", v.signature}}),
                       v.message};
    }
};

struct Decode {
    element head;
    Blob body;

    Result<Reply> operator()(const op::D1Query&) {
        HELM_TRY(auto result, d1_result_from(head));
        return Reply(std::move(result));
    }
    Result<Reply> operator()(const op::D1Batch&) {
        std::vector<D1Result> out;
        simdjson::dom::array list;
        if (head["batch"].get_array().get(list) == simdjson::SUCCESS)
            for (element e : list) {
                HELM_TRY(auto result, d1_result_from(e));
                out.push_back(std::move(result));
            }
        return Reply(std::move(out));
    }
    Result<Reply> operator()(const op::R2Get& g) {
        bool found = false;
        if (head["found"].get_bool().get(found) != simdjson::SUCCESS || !found)
            return Reply(std::optional<StoredObject>());
        HELM_TRY(auto size, int_field(head, "size"));
        StoredObject obj{g.key, std::move(body), string_field(head, "content_type"), size, string_field(head, "etag")};
        return Reply(std::optional<StoredObject>(std::move(obj)));
    }
    Result<Reply> operator()(const op::R2List&) {
        ObjectListing out;
        simdjson::dom::array objects;
        if (head["objects"].get_array().get(objects) == simdjson::SUCCESS)
            for (element o : objects) {
                HELM_TRY(auto size, int_field(o, "size"));
                out.objects.push_back({string_field(o, "key"), {}, {}, size, string_field(o, "etag")});
            }
        bool truncated = false;
        if (head["truncated"].get_bool().get(truncated) == simdjson::SUCCESS) out.truncated = truncated;
        out.cursor = string_field(head, "cursor");
        return Reply(std::move(out));
    }
    Result<Reply> operator()(const op::R2StreamOpen&) {
        auto id = string_field(head, "stream");
        if (id.empty()) return Error{Code::internal, "the shim opened no stream", ""};
        return Reply(StreamHandle{std::move(id)});
    }
    Result<Reply> operator()(const op::R2StreamClose&) { return written(); }
    Result<Reply> operator()(const op::R2StreamCopy&) { return written(); }
    Result<Reply> written() {
        HELM_TRY(auto size, int_field(head, "size"));
        HELM_TRY(auto class_a_ops, int_field(head, "class_a_ops"));
        return Reply(WrittenObject{size, class_a_ops});
    }
    Result<Reply> operator()(const op::KvGet&) {
        std::string_view value;
        if (head["value"].get_string().get(value) != simdjson::SUCCESS) return Reply(std::optional<std::string>());
        return Reply(std::optional<std::string>(std::string(value)));
    }
    Result<Reply> operator()(const op::Fetch&) {
        element headers;
        HELM_TRY(auto status, int_field(head, "status"));
        if (status < 0 || status > 999) return out_of_range("status");
        FetchResponse r{int(status), {}, std::string(body.begin(), body.end())};
        if (head["headers"].get(headers) == simdjson::SUCCESS) r.headers = headers_from(headers);
        return Reply(std::move(r));
    }
    Result<Reply> operator()(const op::Pbkdf2Sha256&) { return Reply(std::move(body)); }
    Result<Reply> operator()(const op::VerifyRs256&) {
        bool valid = false;
        const bool answered = head["valid"].get_bool().get(valid) == simdjson::SUCCESS;
        return Reply(Verdict{answered && valid});  // no verdict in the reply: the check failed
    }
    template <class Unit>
    Result<Reply> operator()(const Unit&) {  // r2.put, r2.delete, r2.stream_write, kv.put, kv.delete
        return Reply(Ok{});
    }
};

}  // namespace

Result<Message> encode(const Operation& op) { return std::visit(Encode{}, op); }

Result<Reply> decode(const Operation& op, std::string_view head, Blob body) {
    auto doc = JsonDocument::parse(head);
    if (!doc) return Error{Code::internal, "the shim's reply is not JSON", ""};
    element root = doc->root();
    std::string_view failure;
    if (root["error"].get_string().get(failure) == simdjson::SUCCESS) {
        if (std::holds_alternative<op::D1Query>(op) || std::holds_alternative<op::D1Batch>(op))
            return error_from_sql_message(failure);
        return Error{Code::unavailable, std::string(failure), ""};
    }
    return std::visit(Decode{root, std::move(body)}, op);
}

}  // namespace helm::wire
