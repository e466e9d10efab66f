#pragma once
// What several service screens draw the same way: a ticket's paths and status, whether its
// promise is due, the move forms of the board and the ticket page, a list of tickets (the
// customer's and the bike's history, the mechanic's day), the workshop's load per day, and
// the printable page around a hook tag or a drop-off receipt.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/html.hpp"
#include "core/money.hpp"
#include "service/service.hpp"

namespace helm::service {
// A named namespace, not an anonymous one: clang 14 (Emscripten) cannot build a Task<T>
// whose T has internal linkage.
namespace screens {

std::string ticket_path(std::int64_t id, std::string_view rest = {});  // "/service/tickets/12/tag"
std::string bike_path(std::int64_t id);
std::string_view status_label(std::string_view status);
std::string minutes_text(std::int64_t minutes);  // "1 h 30 min"
// The first `max_chars` characters (not bytes: UTF-8 is never cut inside one) and "…" when
// there was more.
std::string excerpt(std::string_view text, std::size_t max_chars);
std::string today(const Context& cx);                           // the shop's business date

// A promise against the shop's business date: overdue, due today or neither. A ticket that
// is done with the workshop (invoiced and after) is never due.
enum class Due { none, today, overdue };
Due due_of(const std::optional<std::string>& promised_date, std::string_view status, std::string_view today);
std::string_view due_class(Due due);  // "due-today", "overdue" or ""
void promised(Html& h, const std::optional<std::string>& promised_date, Due due);

// The moves a staff member may make from the ticket's status, posting the version seen.
// `back` is the page the move returns to: "board" or "ticket". Nothing when the status has
// no staff move.
struct MoveFormOf {
    std::int64_t id = 0, version = 0;
    std::string_view number, status, back;
};
// A board card's: a select and a Move button, small enough for a card.
void move_form(Html& h, const MoveFormOf& ticket);
// The ticket page's: an optional note (the history's "why") and one button per move, each
// sending its status as `to`; a reopening comes last, secondary, and says it reopens.
void move_buttons(Html& h, const MoveFormOf& ticket);

// Tickets as rows: number, status, promised, customer, bike, mechanic, labor.
void tickets_table(Html& h, std::string_view id, const std::vector<BoardCard>& tickets, std::string_view today);

// Minutes of labor promised per day, one row per mechanic (and the unassigned), one column
// per day from `from_date`, with the day's total.
void load_table(Html& h, const std::vector<WorkshopLoad>& load, std::string_view from_date, int days);
constexpr int load_days = 7;

// A page that prints alone (no shell): the hook tag, the drop-off receipt. receipt.js adds
// its Print button.
std::string printable_page(const Context& cx, std::string_view title, std::string_view back_href, std::string_view back_label,
                           std::string_view article_markup);

}  // namespace screens

// The customer page's "Service history": their tickets, each bike linking to its page.
std::string service_history_html(const Context& cx, const std::vector<BoardCard>& tickets);

}  // namespace helm::service
