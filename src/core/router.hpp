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

struct Route {
    std::string_view method;
    std::string_view pattern;  // "/api/products/:id"; a trailing "*" matches the rest
    Handler handler;
};

class Router {
public:
    void add(std::span<const Route> routes) { routes_.insert(routes_.end(), routes.begin(), routes.end()); }
    // The matching route with its path parameters; 404 when no pattern fits the path,
    // 405 when one does but not for this method.
    Result<const Route*> match(Request& rq) const;

private:
    std::vector<Route> routes_;
};

}  // namespace helm
