#pragma once
// The core's single entry for both platforms: one request in, one response out, one
// log line written; one cron event in, one summary line written.
#include <string>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/router.hpp"
#include "core/shop.hpp"
#include "core/task.hpp"

namespace helm {

class App {
public:
    explicit App(Shop shop);
    const Shop& shop() const { return shop_; }
    Task<Response> serve(Context& cx, Request& rq) const;
    Task<void> on_cron(Context& cx, std::string cron) const;
    // Every registered route with the access it declares (the route walker test reads it).
    std::span<const Route> routes() const { return router_.routes(); }

private:
    Shop shop_;
    Router router_;
};

}  // namespace helm
