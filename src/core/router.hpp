#pragma once
// One route table per module: the whole API reads as a list of rows.
#include <span>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/task.hpp"

namespace helm {

using Handler = Task<Response> (*)(Context&, const Request&);

// Who may reach a route, declared in its row and enforced by the app before the handler
// runs: one of these three, or else the permission key a signed-in staff member needs.
namespace access {
inline constexpr std::string_view open = "open";      // anyone: health, sign-in itself, static files
inline constexpr std::string_view device = "device";  // a trusted device, no one signed in by PIN yet
inline constexpr std::string_view staff = "staff";    // any staff member signed in by PIN
// The shop's operator (npm run fleet, the operator's scripts), by the shop's own
// HELM_OPERATOR_TOKEN secret as "Authorization: Bearer <token>"; no device, no staff.
inline constexpr std::string_view operator_token = "operator";
}  // namespace access

struct Route {
    std::string_view method;
    std::string_view pattern;  // "/api/products/:id"; a trailing "*" matches the rest
    Handler handler;
    std::string_view access;   // access::open, ::device, ::staff or a key like "screen.inventory"
};

class Router {
public:
    void add(std::span<const Route> routes) { routes_.insert(routes_.end(), routes.begin(), routes.end()); }
    // The matching route with its path parameters; 404 when no pattern fits the path,
    // 405 when one does but not for this method.
    Result<const Route*> match(Request& rq) const;
    std::span<const Route> routes() const { return routes_; }

private:
    std::vector<Route> routes_;
};

}  // namespace helm
