#pragma once
// The mechanic's day (/service/day?staff=): a mechanic's open tickets with the standard
// minutes of their labor summed per promised day, and the whole workshop's load.
#include "core/router.hpp"

namespace helm::service {

Task<Response> mechanic_day_page(Context& cx, const Request& rq);  // GET /service/day?staff=

}  // namespace helm::service
