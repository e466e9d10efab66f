// The module's whole surface towards worker/shim.js. Each export is a few lines that
// forward into the core; one Envelope crosses back: either the finished response (or
// cron run) or the next operation the suspended request waits for.
#include <emscripten.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>

#include "bindings/wire.hpp"
#include "app/app.hpp"
#include "core/hex.hpp"

namespace helm::wasm {
namespace {

enum class State : std::uint32_t { done = 0, waiting = 1 };

struct Envelope {
    std::uint32_t id;
    State state;
    const char* head;
    std::uint32_t head_len;
    const std::uint8_t* body;
    std::uint32_t body_len;
};

// One request or cron run in flight; it owns everything its coroutine refers to.
struct Run {
    std::unique_ptr<Context> cx;
    Request rq;
    std::optional<Task<Response>> request;
    std::optional<Task<void>> cron;  // a cron run, or a flush of the request counts
    std::string head;
    Blob body;
    Envelope envelope{};
    std::int64_t waiting_since_ms = 0;

    bool done() const { return request ? request->done() : cron->done(); }
};

// The module's only state: the configured app and the runs in flight, keyed by id.
struct Instance {
    std::unique_ptr<App> app;
    std::unordered_map<std::uint32_t, std::unique_ptr<Run>> runs;
    std::uint32_t next_id = 1;
};
Instance& instance() {
    static Instance one;
    return one;
}

// Describes where the run stands after it ran as far as it could.
Envelope* report(Run& run) {
    while (!run.done()) {
        auto message = wire::encode(run.cx->channel.pending());
        if (message) {
            run.head = std::move(message->head);
            run.body = std::move(message->body);
            run.envelope = {run.envelope.id, State::waiting, run.head.data(), std::uint32_t(run.head.size()),
                            run.body.data(), std::uint32_t(run.body.size())};
            run.waiting_since_ms = platform::now_ms();
            return &run.envelope;
        }
        // An operation that cannot be put on the wire fails where it was awaited.
        (void)run.cx->channel.take_pending();
        run.cx->channel.complete(std::move(message).error());
        run.cx->channel.resume();
    }
    // The run's R2 operations go to the isolate's counts, for the fleet's cost meter.
    ops::count_storage_ops(*run.cx);
    if (run.request) {
        Response res = run.request->take();
        Json headers = Json::array();
        for (const auto& h : res.headers) headers.push_back({h.name, h.value});
        run.head = to_text({{"status", res.status}, {"headers", std::move(headers)}});
        run.body.assign(res.body.begin(), res.body.end());
    } else {
        run.head = "{}";
        run.body.clear();
    }
    run.envelope = {run.envelope.id, State::done, run.head.data(), std::uint32_t(run.head.size()), run.body.data(),
                    std::uint32_t(run.body.size())};
    return &run.envelope;
}

// A run whose client went away may never be resumed: workerd drops the promise it was
// waiting on, so the shim's cleanup never runs. No single operation takes this long.
constexpr std::int64_t abandoned_after_ms = 120'000;

void reap_abandoned(Instance& inst) {
    const auto now = platform::now_ms();
    std::erase_if(inst.runs, [now](const auto& entry) {
        const auto since = entry.second->waiting_since_ms;
        return since != 0 && now - since > abandoned_after_ms;
    });
}

Run& new_run(std::string request_id) {
    auto& inst = instance();
    reap_abandoned(inst);
    auto run = std::make_unique<Run>();
    run->envelope.id = inst.next_id++;
    run->cx = std::make_unique<Context>(inst.app->shop(), request_id.empty() ? random_hex(8) : std::move(request_id));
    auto& ref = *run;
    inst.runs.emplace(ref.envelope.id, std::move(run));
    return ref;
}

std::string string_at(simdjson::dom::element e, std::string_view key) {
    std::string_view s;
    return e[key].get_string().get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

}  // namespace
}  // namespace helm::wasm

using namespace helm;
using namespace helm::wasm;

extern "C" {

// Once per instance: the env's vars, the shop's overrides and the build info, as JSON.
// Answers 0 when the shop is configured, else a log line says why and it answers 1.
EMSCRIPTEN_KEEPALIVE int helm_configure(const char* config, std::uint32_t len) {
    auto shop = shop_from_config(std::string_view(config, len));
    if (!shop) {
        platform::log_line(to_text({{"type", "configure"}, {"error", shop.error().message}}));
        return 1;
    }
    instance().app = std::make_unique<App>(std::move(*shop));
    return 0;
}

// head: {"method","url","headers":[[name,value],...],"request_id"?}; body: raw bytes.
EMSCRIPTEN_KEEPALIVE Envelope* helm_request(const char* head, std::uint32_t head_len, const std::uint8_t* body,
                                            std::uint32_t body_len) {
    auto doc = JsonDocument::parse(std::string_view(head, head_len));
    if (!doc || !instance().app) return nullptr;  // the shim answers 500
    auto root = doc->root();
    Run& run = new_run(string_at(root, "request_id"));
    run.rq.method = string_at(root, "method");
    set_target(run.rq, string_at(root, "url"));
    simdjson::dom::array headers;
    if (root["headers"].get_array().get(headers) == simdjson::SUCCESS)
        for (auto pair : headers) {
            std::string_view name, value;
            if (pair.at(0).get_string().get(name) == simdjson::SUCCESS && pair.at(1).get_string().get(value) == simdjson::SUCCESS)
                run.rq.headers.push_back({std::string(name), std::string(value)});
        }
    run.rq.body.assign(reinterpret_cast<const char*>(body), body_len);
    run.request.emplace(instance().app->serve(*run.cx, run.rq));
    run.request->start();
    return report(run);
}

EMSCRIPTEN_KEEPALIVE Envelope* helm_cron(const char* cron, std::uint32_t len) {
    if (!instance().app) return nullptr;
    Run& run = new_run("");
    run.cron.emplace(instance().app->on_cron(*run.cx, std::string(cron, len)));
    run.cron->start();
    return report(run);
}

// After a response: whether the isolate's request counts are due for D1, and the run
// that writes them (the shim runs it in waitUntil, so no response waits for it).
EMSCRIPTEN_KEEPALIVE int helm_metrics_due() { return instance().app && instance().app->metrics_due() ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE Envelope* helm_flush_metrics() {
    if (!instance().app) return nullptr;
    Run& run = new_run("");
    run.cron.emplace(instance().app->flush_metrics(*run.cx));
    run.cron->start();
    return report(run);
}

// The shim performed the operation the run waits for: head is its JSON reply
// ({"error": "..."} when it failed), body its bytes.
EMSCRIPTEN_KEEPALIVE Envelope* helm_resume(std::uint32_t id, const char* head, std::uint32_t head_len,
                                           const std::uint8_t* body, std::uint32_t body_len) {
    auto found = instance().runs.find(id);
    if (found == instance().runs.end()) return nullptr;
    Run& run = *found->second;
    auto op = run.cx->channel.take_pending();
    run.cx->channel.complete(wire::decode(op, std::string_view(head, head_len), Blob(body, body + body_len)));
    run.cx->channel.resume();
    return report(run);
}

EMSCRIPTEN_KEEPALIVE void helm_release(std::uint32_t id) { instance().runs.erase(id); }

// The shim reads at most this many body bytes plus one, so that an oversized upload is
// refused by the core (413) without first being copied whole into linear memory.
EMSCRIPTEN_KEEPALIVE std::uint32_t helm_max_body_bytes() { return std::uint32_t(max_body_bytes); }

}  // extern "C"
