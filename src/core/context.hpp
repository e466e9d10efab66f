#pragma once
// Everything one request (or one cron run) may touch: its port channel with the typed
// binding handles, the shop, its id and the clock. Nothing is shared between requests.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bindings/platform.hpp"
#include "bindings/ports.hpp"
#include "core/shop.hpp"

namespace helm {

namespace ops {
class RequestMetrics;
}

using Clock = std::int64_t (*)();

// Who is asking: a trusted device (layer 1, OpenID Connect) and, on it, the staff member
// signed in by PIN (layer 2), with what they may do. Filled by the gate before a handler.
struct Session {
    std::int64_t device_id = 0;
    std::string device_email;
    std::int64_t staff_id = 0;  // 0: no one signed in by PIN on this device
    std::string staff_name;
    std::string role;
    std::int64_t idle_timeout_s = 60;
    std::vector<std::string> permissions;  // effective keys: the staff's own answer, else the role's
    bool renew_cookie = false;             // the 30-day sliding window moved: send the cookie again

    bool has_staff() const { return staff_id != 0; }
    bool can(std::string_view key) const {
        return has_staff() && std::find(permissions.begin(), permissions.end(), key) != permissions.end();
    }
};

class Context {
public:
    Context(const Shop& shop, std::string request_id, Clock clock = platform::now_ms)
        : shop(shop), request_id(std::move(request_id)), clock_(clock) {}
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    Channel channel;
    D1 db{channel};
    R2 assets{channel};
    Kv kv{channel};
    Http http{channel};
    Crypto crypto{channel};
    const Shop& shop;
    const std::string request_id;
    std::optional<Session> session;
    // Who acts: the audit log's "who": "staff:3", "device:owner@shop.example", "recovery".
    std::string actor = "unauthenticated";
    // The isolate's request counts (ops/metrics.hpp), which App::serve adds this request to.
    ops::RequestMetrics* metrics = nullptr;

    std::int64_t now_ms() const { return clock_(); }
    // The staff member acting, for a staff_id column: NULL for a device alone or a cron run.
    Value acting_staff() const { return session && session->has_staff() ? Value(session->staff_id) : Value(nullptr); }

private:
    Clock clock_;
};

}  // namespace helm
