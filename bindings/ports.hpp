#pragma once
// Every operation the core can await, and the channel a suspended request waits on.
// The core never performs I/O: an awaitable parks one Operation in its request's
// Channel and suspends; the driver (worker/shim.js through bindings/wasm, or
// bindings/native) performs it, completes the channel and resumes the request.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "bindings/d1.hpp"
#include "bindings/values.hpp"
#include "core/coro.hpp"
#include "core/result.hpp"

namespace helm {

struct StoredObject {
    std::string key;
    Blob body;
    std::string content_type;
    std::int64_t size = 0;
    std::string etag;
};

struct ObjectListing {
    std::vector<StoredObject> objects;  // bodies left empty
    bool truncated = false;
    std::string cursor;
};

struct FetchResponse {
    int status = 0;
    Headers headers;
    std::string body;
};

// A signature check's answer: a struct rather than a bare bool so that the Reply
// variant never has to choose between bool and another alternative.
struct Verdict {
    bool valid = false;
};

// A gzip stream into one R2 object: opened, written chunk by chunk, then committed (the
// object appears whole) or dropped. The port compresses and uploads (multipart when it
// is large), so a backup never holds the whole database in the Worker's memory. A plain
// stream (gzip = false) stores the bytes as written: the export's scratch files, whose
// stored size is then their real size.
struct StreamHandle {
    std::string id;
};
struct WrittenObject {
    std::int64_t size = 0;  // the stored (compressed) bytes; 0 when dropped
    // R2 class A operations the port performed to store it, which only it knows: one put,
    // or a multipart upload's create, each part and its completion (parts sent before a
    // drop count too). Zero for an append (R2StreamCopy).
    std::int64_t class_a_ops = 0;
};

namespace op {
struct D1Query {
    Statement statement;
    using Reply = D1Result;
};
struct D1Batch {
    std::vector<Statement> statements;
    using Reply = std::vector<D1Result>;
};
struct R2Get {
    std::string key;
    using Reply = std::optional<StoredObject>;
};
struct R2Put {
    std::string key;
    Blob body;
    std::string content_type;
    using Reply = Ok;
};
struct R2Delete {
    std::string key;
    using Reply = Ok;
};
struct R2List {
    std::string prefix;
    std::string cursor;
    int limit = 1000;
    using Reply = ObjectListing;
};
struct R2StreamOpen {
    std::string key;
    std::string content_type;
    bool gzip = true;
    using Reply = StreamHandle;
};
struct R2StreamWrite {
    std::string stream;
    Blob chunk;
    using Reply = Ok;
};
// Appends an R2 object's bytes to an open stream, read and written by the port piece by
// piece: the bytes never cross into the core, and no object is ever held whole. Answers
// how many bytes it appended.
struct R2StreamCopy {
    std::string stream;
    std::string key;
    using Reply = WrittenObject;
};
struct R2StreamClose {
    std::string stream;
    bool commit = true;  // false: drop what was written, no object appears
    using Reply = WrittenObject;
};
struct KvGet {
    std::string key;
    using Reply = std::optional<std::string>;
};
struct KvPut {
    std::string key;
    std::string value;
    std::int64_t ttl_seconds = 0;  // 0: keep
    using Reply = Ok;
};
struct KvDelete {
    std::string key;
    using Reply = Ok;
};
struct Fetch {
    std::string method;
    std::string url;
    Headers headers;
    std::string body;
    using Reply = FetchResponse;
};
// PBKDF2-HMAC-SHA256, 32 bytes out: WebCrypto in the Worker, OpenSSL natively.
struct Pbkdf2Sha256 {
    Blob password;
    Blob salt;
    std::int64_t iterations = 0;
    using Reply = Blob;
};
// RSASSA-PKCS1-v1_5 with SHA-256 (JWS "RS256") against a public key given as a JWK's
// n and e, base64url exactly as in a JWKS document. A key that cannot be used is
// answered valid = false, never an error.
struct VerifyRs256 {
    std::string jwk_n;
    std::string jwk_e;
    Blob message;
    Blob signature;
    using Reply = Verdict;
};
}  // namespace op

using Operation = std::variant<op::D1Query, op::D1Batch, op::R2Get, op::R2Put, op::R2Delete, op::R2List,
                               op::R2StreamOpen, op::R2StreamWrite, op::R2StreamCopy, op::R2StreamClose, op::KvGet, op::KvPut, op::KvDelete, op::Fetch, op::Pbkdf2Sha256,
                               op::VerifyRs256>;
using Reply = std::variant<D1Result, std::vector<D1Result>, std::optional<StoredObject>, Ok, ObjectListing,
                           std::optional<std::string>, FetchResponse, Blob, Verdict, StreamHandle, WrittenObject>;

// What one request asked of the platform, for its log line.
struct PortStats {
    std::int64_t d1_rows_read = 0;
    std::int64_t d1_rows_written = 0;
    std::int64_t operations = 0;
    std::int64_t d1_queries = 0;      // statements, a batch's each counted
    std::int64_t d1_round_trips = 0;  // a query or a whole batch: each one a wait on D1
    std::int64_t r2_ops = 0, kv_ops = 0, external_calls = 0;
    // R2 operations as Cloudflare bills them (docs/runbooks/fleet.md): class A writes and
    // lists, class B reads; a delete is free. A stream's writes are told by its close.
    std::int64_t r2_class_a = 0, r2_class_b = 0;

    void count(const Operation& op);
};

class Channel {
public:
    bool waiting() const { return pending_.has_value(); }
    Operation take_pending() { return std::move(*std::exchange(pending_, std::nullopt)); }
    const Operation& pending() const { return *pending_; }
    // The driver hands the outcome back and resumes the request where it waited.
    void complete(Result<Reply> reply);
    void resume() { std::exchange(waiter_, {}).resume(); }
    const PortStats& stats() const { return stats_; }

    void park(Operation op, coro::coroutine_handle<> waiter) {
        stats_.count(op);
        pending_.emplace(std::move(op));
        waiter_ = waiter;
    }
    Result<Reply> take_reply() { return std::move(reply_); }

private:
    std::optional<Operation> pending_;
    coro::coroutine_handle<> waiter_;
    Result<Reply> reply_ = Error{Code::internal, "no reply yet", ""};
    PortStats stats_;
};

template <class Op>
class [[nodiscard]] Await {
public:
    Await(Channel& channel, Op op) : channel_(channel), op_(std::move(op)) {}
    bool await_ready() const noexcept { return false; }
    void await_suspend(coro::coroutine_handle<> waiter) { channel_.park(std::move(op_), waiter); }
    Result<typename Op::Reply> await_resume() {
        auto reply = channel_.take_reply();
        if (!reply) return std::move(reply).error();
        auto* typed = std::get_if<typename Op::Reply>(&*reply);
        if (!typed) return Error{Code::internal, "a port answered with the wrong kind of reply", ""};
        return std::move(*typed);
    }

private:
    Channel& channel_;
    Op op_;
};

// Thin typed handles, one per binding, as a handler sees them (cx.db, cx.assets, ...).
class D1 {
public:
    explicit D1(Channel& channel) : channel_(channel) {}
    // query(sql::product_by_id, id): each argument binds the next ?N.
    template <class... Params>
    Await<op::D1Query> query(std::string_view sql, Params&&... params) {
        std::vector<Value> bound;
        bound.reserve(sizeof...(Params));
        (bound.emplace_back(std::forward<Params>(params)), ...);
        return {channel_, op::D1Query{{std::string(sql), std::move(bound)}}};
    }
    Await<op::D1Batch> batch(std::vector<Statement> statements) {
        return {channel_, op::D1Batch{std::move(statements)}};
    }

private:
    Channel& channel_;
};

class R2 {
public:
    explicit R2(Channel& channel) : channel_(channel) {}
    Await<op::R2Get> get(std::string key) { return {channel_, op::R2Get{std::move(key)}}; }
    Await<op::R2Put> put(std::string key, Blob body, std::string content_type) {
        return {channel_, op::R2Put{std::move(key), std::move(body), std::move(content_type)}};
    }
    Await<op::R2Delete> remove(std::string key) { return {channel_, op::R2Delete{std::move(key)}}; }
    Await<op::R2List> list(std::string prefix, std::string cursor = {}, int limit = 1000) {
        return {channel_, op::R2List{std::move(prefix), std::move(cursor), limit}};
    }
    Await<op::R2StreamOpen> open_gzip(std::string key, std::string content_type) {
        return {channel_, op::R2StreamOpen{std::move(key), std::move(content_type)}};
    }
    Await<op::R2StreamOpen> open_plain(std::string key, std::string content_type) {
        return {channel_, op::R2StreamOpen{std::move(key), std::move(content_type), false}};
    }
    Await<op::R2StreamCopy> copy_into(std::string stream, std::string key) {
        return {channel_, op::R2StreamCopy{std::move(stream), std::move(key)}};
    }
    Await<op::R2StreamWrite> write(std::string stream, Blob chunk) {
        return {channel_, op::R2StreamWrite{std::move(stream), std::move(chunk)}};
    }
    Await<op::R2StreamClose> close(std::string stream, bool commit) {
        return {channel_, op::R2StreamClose{std::move(stream), commit}};
    }

private:
    Channel& channel_;
};

class Kv {
public:
    explicit Kv(Channel& channel) : channel_(channel) {}
    Await<op::KvGet> get(std::string key) { return {channel_, op::KvGet{std::move(key)}}; }
    Await<op::KvPut> put(std::string key, std::string value, std::int64_t ttl_seconds = 0) {
        return {channel_, op::KvPut{std::move(key), std::move(value), ttl_seconds}};
    }
    Await<op::KvDelete> remove(std::string key) { return {channel_, op::KvDelete{std::move(key)}}; }

private:
    Channel& channel_;
};

class Http {
public:
    explicit Http(Channel& channel) : channel_(channel) {}
    Await<op::Fetch> fetch(op::Fetch request) { return {channel_, std::move(request)}; }

private:
    Channel& channel_;
};

class Crypto {
public:
    explicit Crypto(Channel& channel) : channel_(channel) {}
    Await<op::Pbkdf2Sha256> pbkdf2_sha256(Blob password, Blob salt, std::int64_t iterations) {
        return {channel_, op::Pbkdf2Sha256{std::move(password), std::move(salt), iterations}};
    }
    Await<op::VerifyRs256> verify_rs256(std::string n, std::string e, Blob message, Blob signature) {
        return {channel_, op::VerifyRs256{std::move(n), std::move(e), std::move(message), std::move(signature)}};
    }

private:
    Channel& channel_;
};

}  // namespace helm
