#pragma once
// Everything one request (or one cron run) may touch: its port channel with the typed
// binding handles, the shop, its id and the clock. Nothing is shared between requests.
#include <cstdint>
#include <string>

#include "bindings/platform.hpp"
#include "bindings/ports.hpp"
#include "core/shop.hpp"

namespace helm {

using Clock = std::int64_t (*)();

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
    // Who acts: the audit log's "who". Sign-in will set the staff member here.
    std::string actor = "unauthenticated";

    std::int64_t now_ms() const { return clock_(); }

private:
    Clock clock_;
};

}  // namespace helm
