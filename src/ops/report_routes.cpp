#include <array>

#include "ops/routes.hpp"
#include "ops/views/reports_page.hpp"

namespace helm::ops {
namespace {

// The owner's reports: the role defaults give screen.reports to the Owner (0003_staff).
constexpr std::array table{
    Route{"GET", "/reports", reports_page, "screen.reports"},
    Route{"GET", "/reports/download", download_report, "screen.reports"},
};

}  // namespace

std::span<const Route> report_routes() { return table; }

}  // namespace helm::ops
