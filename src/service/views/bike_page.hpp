#pragma once
// A bike's page (/service/bikes/:id): the bike, its owner and its full service history.
#include "core/router.hpp"

namespace helm::service {

Task<Response> bike_page(Context& cx, const Request& rq);  // GET /service/bikes/:id

}  // namespace helm::service
