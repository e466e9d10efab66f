#pragma once
#include <string>
#include <string_view>

#include "core/router.hpp"

namespace helm::ops {
// GET /reports: the latest weekly digest, and every stored report with its download.
Task<Response> reports_page(Context& cx, const Request& rq);
// GET /reports/download?key=reports/...: a stored report as a file; any other key is 404.
Task<Response> download_report(Context& cx, const Request& rq);
// Where that download is for one stored report's key.
std::string report_download_href(std::string_view key);
}  // namespace helm::ops
