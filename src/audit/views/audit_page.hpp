#pragma once
#include "core/router.hpp"

namespace helm::audit {
Task<Response> audit_page(Context& cx, const Request& rq);
}
