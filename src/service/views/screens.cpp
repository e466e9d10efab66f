#include "service/views/screens.hpp"

#include <array>

#include "service/views/bike_page.hpp"
#include "service/views/board_page.hpp"
#include "service/views/checkin_page.hpp"
#include "service/views/day_page.hpp"
#include "service/views/printouts.hpp"
#include "service/views/ticket_page.hpp"

namespace helm::service {
namespace {

constexpr std::string_view perm = "screen.service";

constexpr std::array table{
    // The board and the status move both it and the ticket page post (board_page.cpp).
    Route{"GET", "/service", board_page, perm},
    Route{"POST", "/service/tickets/:id/status", move_from_form, perm},
    // Check-in: find or add the customer, choose or add the bike, open the ticket (checkin_page.cpp).
    Route{"GET", "/service/new", checkin_page, perm},
    Route{"POST", "/service/new", checkin_from_form, perm},
    Route{"POST", "/service/new/customer", new_customer_from_form, add_customer_permission},
    // The ticket and its forms (ticket_page.cpp), its printouts (printouts.cpp).
    Route{"GET", "/service/tickets/:id", ticket_page, perm},
    Route{"POST", "/service/tickets/:id", save_ticket_from_form, perm},
    Route{"POST", "/service/tickets/:id/approval", approval_from_form, perm},
    Route{"POST", "/service/tickets/:id/lines", add_line_from_form, perm},
    Route{"POST", "/service/tickets/:id/lines/remove", remove_line_from_form, perm},
    Route{"POST", "/service/tickets/:id/deposit", deposit_from_form, perm},
    Route{"POST", "/service/tickets/:id/invoice", invoice_from_form, perm},
    Route{"GET", "/service/tickets/:id/tag", hook_tag_page, perm},
    Route{"GET", "/service/tickets/:id/receipt", dropoff_receipt_page, perm},
    // The mechanic's day (day_page.cpp) and a bike's history (bike_page.cpp).
    Route{"GET", "/service/day", mechanic_day_page, perm},
    Route{"GET", "/service/bikes/:id", bike_page, perm},
};

}  // namespace

std::span<const Route> screen_routes() { return table; }

}  // namespace helm::service
