#pragma once
#include "core/router.hpp"

namespace helm::ops {
// GET /reports: the latest weekly digest, and every stored report with its download.
Task<Response> reports_page(Context& cx, const Request& rq);
// GET /reports/download?key=reports/...: a stored report as a file; any other key is 404.
Task<Response> download_report(Context& cx, const Request& rq);
}  // namespace helm::ops
