#pragma once
// The core's single entry for both platforms: one request in, one response out, one
// log line written; one cron event in, one summary line written.
#include <string>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/router.hpp"
#include "core/shop.hpp"
#include "core/task.hpp"
#include "ops/metrics.hpp"

namespace helm {

class App {
public:
    explicit App(Shop shop);
    const Shop& shop() const { return shop_; }
    Task<Response> serve(Context& cx, Request& rq) const;
    Task<void> on_cron(Context& cx, std::string cron) const;
    // The request counts go to D1 at most once a minute, after a response (the shim's
    // waitUntil), never inside one: ops/metrics.hpp.
    bool metrics_due() const { return metrics_.flush_due(platform::now_ms()); }
    Task<void> flush_metrics(Context& cx) const;
    // Every registered route with the access it declares (the route walker test reads it).
    std::span<const Route> routes() const { return router_.routes(); }

private:
    Shop shop_;
    Router router_;
    // The one thing requests share: this isolate's counts since its last flush. The
    // isolate runs one thing at a time (natively, one thread), so no lock.
    mutable ops::RequestMetrics metrics_;
};

}  // namespace helm
