// The service board. Columns follow lifecycle.hpp's order (the open statuses, then
// invoiced: waiting at the register). Each card carries its move form, so the board works
// without script; service.js drags a card to another column (only to a status its form
// offers) and moves a focused card by keyboard, both by submitting that same form. A move
// made on a stale board (someone moved the ticket first) comes back as 409 with the board as
// it is now and says what happened.
#include "service/views/board_page.hpp"

#include "core/fields.hpp"
#include "service/lifecycle.hpp"
#include "service/service.hpp"
#include "service/views/pieces.hpp"
#include "service/views/ticket_page.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::service {
namespace screens {

constexpr std::string_view script = "service.js";
constexpr int max_cards = 400;
constexpr int max_found = 50;
constexpr std::size_t problem_chars = 60;  // a card's glimpse of the problem; its title has it all

struct BoardView {
    std::string query;
    std::int64_t moved = 0;  // the card a move landed, which service.js focuses again
};

bool on_board(const StatusInfo& s) { return s.open || s.key == "invoiced"; }

// Where → takes a card: on forward (its first staff move later in the lifecycle), else its
// first move back; never to cancelled or a reopening, which stay deliberate choices from
// the menu.
std::string_view next_status(std::string_view from) {
    auto rank = [](std::string_view key) {
        for (std::size_t i = 0; i < std::size(statuses); ++i)
            if (statuses[i].key == key) return i;
        return std::size(statuses);
    };
    std::string_view back;
    for (const auto& m : staff_moves_from(from)) {
        if (m.to == "cancelled" || m.reopens) continue;
        if (rank(m.to) > rank(from)) return m.to;
        if (back.empty()) back = m.to;
    }
    return back;
}

void card(Html& h, const BoardCard& c, std::string_view today) {
    const Due due = due_of(c.promised_date, c.status, today);
    std::string moves;
    for (const auto& m : staff_moves_from(c.status)) moves += (moves.empty() ? "" : " ") + std::string(m.to);
    h.add("<li class=\"ticket-card {}\" id=\"card-{}\" tabindex=\"0\" data-id=\"{}\" data-status=\"{}\" data-moves=\"{}\" data-next=\"{}\"{} "
          "aria-labelledby=\"card-{}-number\">",
          due_class(due), c.id, c.id, c.status, moves, next_status(c.status), raw(moves.empty() ? "" : " draggable=\"true\""), c.id);
    h.add("<p class=\"card-head\"><a id=\"card-{}-number\" href=\"{}\">{}</a>", c.id, ticket_path(c.id), c.number);
    if (c.hook_tag) h.add(" <span class=\"hook\">Hook {}</span>", *c.hook_tag);
    if (c.warranty) h.add(" <span class=\"badge\">warranty</span>");
    h.add("</p><p class=\"card-problem\" title=\"{}\">{}</p><p class=\"card-customer\">{}</p>", c.problem, excerpt(c.problem, problem_chars),
          c.customer_name);
    if (c.bike_label) h.add("<p class=\"card-bike\">{}</p>", *c.bike_label);
    h.add("<p class=\"card-promised\">");
    promised(h, c.promised_date, due);
    h.add("</p><p class=\"card-meta\"><span>{}</span> · <span>{}</span></p>", c.mechanic_name.value_or("unassigned"), minutes_text(c.labor_minutes));
    move_form(h, {c.id, c.version, c.number, c.status, "board"});
    h.add("</li>");
}

void columns(Html& h, const std::vector<BoardCard>& cards, std::string_view today, std::int64_t moved) {
    h.add("<p class=\"hint\" id=\"board-keys\">On a focused card: <kbd>→</kbd> moves it on, <kbd>Enter</kbd> opens its move menu, "
          "<kbd>↑</kbd> <kbd>↓</kbd> go between cards. Or drag a card to another column.</p>");
    h.add("<div class=\"board\" id=\"board\"{}>", raw(moved ? " data-moved=\"" + std::to_string(moved) + "\"" : ""));
    for (const auto& s : statuses) {
        if (!on_board(s)) continue;
        std::size_t count = 0;
        for (const auto& c : cards) count += c.status == s.key;
        h.add("<section class=\"board-column\" id=\"column-{}\" data-status=\"{}\" aria-labelledby=\"column-{}-title\"><h2 id=\"column-{}-title\">"
              "{} <span class=\"count\">{}</span></h2><ol>",
              s.key, s.key, s.key, s.key, s.label, count);
        for (const auto& c : cards)
            if (c.status == s.key) card(h, c, today);
        h.add("</ol></section>");
    }
    h.add("</div>");
}

Task<Response> render_board(Context& cx, const BoardView& v, int status, const std::optional<Error>& error) {
    HELM_CO_TRY(auto cards, co_await board(cx, v.query, v.query.empty() ? max_cards : max_found));
    const std::string day = today(cx);
    Html h;
    h.add("<p class=\"service-bar\"><a class=\"button\" id=\"new-ticket\" href=\"/service/new\" accesskey=\"n\" data-key=\"n\">New ticket <kbd>n</kbd></a>"
          "<a href=\"/service/day\" id=\"day-link\" accesskey=\"m\" data-key=\"m\">Mechanic's day <kbd>m</kbd></a>"
          "<span class=\"muted\">Today is {}</span></p>",
          day);
    h.add("<form class=\"search\" method=\"get\" action=\"/service\" role=\"search\"><label for=\"service-search\">Find a ticket: number, "
          "customer name or phone, or bike serial <kbd>/</kbd></label><input id=\"service-search\" name=\"q\" type=\"search\" value=\"{}\" "
          "maxlength=\"200\" autocomplete=\"off\" autofocus data-shortcut=\"/\"><button type=\"submit\">Find</button></form>",
          v.query);
    web::form_error(h, error);
    if (!v.query.empty()) {
        h.add("<section id=\"found\" aria-labelledby=\"found-title\"><h2 id=\"found-title\">Tickets matching “{}”</h2>", v.query);
        if (cards.empty()) h.add("<p class=\"muted\" id=\"no-tickets\">No ticket matches “{}”.</p>", v.query);
        else tickets_table(h, "found-tickets", cards, day);
        h.add("<p><a href=\"/service\">Back to the board</a></p></section>");
    } else {
        columns(h, cards, day, v.moved);
    }
    co_return Response::html(status, web::page(cx, {"service", "Service", script}, h.str()));
}

// A move refused because the ticket changed first: what it is now, in the clerk's words.
Task<Error> readable(Context& cx, std::int64_t id, Error error) {
    if (error.code != Code::conflict) co_return error;
    auto now = co_await load_work_order(cx, id);
    if (now)
        error.message = now->number + " was changed by someone else meanwhile: it is " + std::string(status_label(now->status)) +
                        " now. Below is how things stand; move it again if it still needs to.";
    co_return error;
}

}  // namespace screens

using namespace screens;

Task<Response> board_page(Context& cx, const Request& rq) {
    BoardView v;
    v.query = trimmed(rq.query_value("q"));
    HELM_CO_TRY(v.moved, query_number(rq, "moved", 0, 0, max_safe_integer));
    const std::optional<Error> none;
    co_return co_await render_board(cx, v, 200, none);
}

Task<Response> move_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "ticket"));
    const Form form = parse_form(rq.body);
    const bool from_ticket = form_value(form, "back") == "ticket";
    auto moved = co_await [&]() -> Task<Result<WorkOrder>> {
        HELM_CO_TRY(auto version, whole_number("version", trimmed(form_value(form, "version"))));
        std::optional<std::string> note;
        if (auto text = trimmed(form_value(form, "note")); !text.empty()) note = std::move(text);
        co_return co_await move_work_order(cx, id, form_value(form, "to"), version, std::move(note));
    }();
    if (moved) co_return Response::redirect(from_ticket ? ticket_path(id, "?done=moved") : "/service?moved=" + std::to_string(id));
    Error error = co_await readable(cx, id, std::move(moved).error());
    if (from_ticket) co_return co_await ticket_with_error(cx, id, std::move(error));
    const int status = Response::http_status(error.code);
    const std::optional<Error> shown = std::move(error);
    const BoardView as_now;
    co_return co_await render_board(cx, as_now, status, shown);
}

}  // namespace helm::service
