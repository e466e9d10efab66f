#include "sales/routes.hpp"

#include <array>

#include "sales/api.hpp"
#include "sales/drawer.hpp"
#include "sales/views/drawer_pages.hpp"
#include "sales/views/held_page.hpp"
#include "sales/views/register_page.hpp"
#include "sales/views/sale_pages.hpp"
#include "sales/views/tender_page.hpp"

namespace helm::sales {
namespace {

constexpr std::array table{
    // Documents: complete, quote, read, void (api.cpp).
    Route{"POST", "/api/sales/quote", post_quote, "screen.sales"},
    Route{"POST", "/api/sales", post_sale, "screen.sales"},
    Route{"GET", "/api/sales", get_sales, "screen.sales"},
    Route{"GET", "/api/sales/:id", get_sale, "screen.sales"},
    Route{"POST", "/api/sales/:id/void", post_void, "action.void"},
    Route{"GET", "/api/register-settings", get_register_settings, "screen.sales"},
    Route{"PUT", "/api/register-settings", put_register_settings, "screen.settings"},
    Route{"GET", "/api/registers", get_registers, "screen.sales"},
    Route{"PATCH", "/api/registers/:id", patch_register, "screen.settings"},
    // The register screens: the cart, held sales, the tender (views/register_page.cpp,
    // held_page.cpp, tender_page.cpp).
    Route{"GET", "/register", register_page, "screen.sales"},
    Route{"POST", "/register/scan", scan_from_form, "screen.sales"},
    Route{"POST", "/register/lines/:id", quantity_from_form, "screen.sales"},
    Route{"POST", "/register/lines/:id/remove", remove_line_from_form, "screen.sales"},
    Route{"POST", "/register/lines/:id/price", line_price_from_form, "screen.sales"},
    Route{"POST", "/register/customer", customer_from_form, "screen.sales"},
    Route{"POST", "/register/discount", sale_discount_from_form, "screen.sales"},
    Route{"POST", "/register/note", note_from_form, "screen.sales"},
    Route{"POST", "/register/hold", hold_from_form, "screen.sales"},
    Route{"POST", "/register/discard", discard_from_form, "screen.sales"},
    Route{"GET", "/register/held", held_page, "screen.sales"},
    Route{"POST", "/register/held/:id/resume", resume_from_form, "screen.sales"},
    Route{"POST", "/register/held/:id/discard", discard_held_from_form, "screen.sales"},
    Route{"GET", "/register/tender", tender_page, "screen.sales"},
    Route{"POST", "/register/tender", tender_from_form, "screen.sales"},
    // Sales pages: list, sale and receipt, return/exchange, Settings › Register (views/sale_pages.cpp).
    Route{"GET", "/sales", sales_page, "screen.sales"},
    Route{"GET", "/sales/return", receiptless_return_page, "action.refund"},
    Route{"POST", "/sales/return", receiptless_return_from_form, "action.refund"},
    Route{"GET", "/sales/:id", sale_page, "screen.sales"},
    Route{"GET", "/sales/:id/receipt", receipt_page, "screen.sales"},
    Route{"GET", "/sales/:id/return", return_page, "action.refund"},
    Route{"POST", "/sales/:id/return", return_from_form, "action.refund"},
    Route{"POST", "/sales/:id/void", void_from_form, "action.void"},
    Route{"GET", "/settings/register", register_settings_page, "screen.settings"},
    Route{"POST", "/settings/register", save_register_settings_from_form, "screen.settings"},
    Route{"POST", "/settings/registers/:id", save_register_printing_from_form, "screen.settings"},
    // The cash drawer and the Z report (drawer.cpp, z_report.cpp, views/drawer_pages.cpp).
    Route{"GET", "/api/drawers/current", get_current_drawer, "screen.sales"},
    Route{"GET", "/api/drawers", get_drawers, "screen.sales"},
    Route{"POST", "/api/drawers", post_drawer, "screen.sales"},
    Route{"GET", "/api/drawers/:id", get_drawer, "screen.sales"},
    Route{"POST", "/api/drawers/:id/movements", post_drawer_movement, "screen.sales"},
    Route{"POST", "/api/drawers/:id/close", post_drawer_close, "action.drawer_close"},
    Route{"GET", "/api/z-reports", get_z_reports, "screen.sales"},
    Route{"POST", "/api/z-reports", post_z_report, "action.z_report"},
    Route{"GET", "/api/z-reports/:id", get_z_report, "screen.sales"},
    Route{"GET", "/drawer", drawer_page, "screen.sales"},
    Route{"POST", "/drawer/open", open_drawer_from_form, "screen.sales"},
    Route{"POST", "/drawer/z", z_report_from_form, "action.z_report"},
    Route{"GET", "/drawer/z/:id", z_report_page, "screen.sales"},
    Route{"GET", "/drawer/sessions/:id", drawer_session_page, "screen.sales"},
    Route{"POST", "/drawer/sessions/:id/movements", movement_from_drawer_form, "screen.sales"},
    Route{"POST", "/drawer/sessions/:id/close", close_drawer_from_form, "action.drawer_close"},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::sales
