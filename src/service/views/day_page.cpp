// The mechanic's day: whose day it is (the signed-in staff member unless another is chosen),
// their open tickets, the standard minutes of labor promised per day, and the workshop's
// load for the coming days, so a writer sees who has room before promising a date.
#include "service/views/day_page.hpp"

#include "core/fields.hpp"
#include "service/service.hpp"
#include "service/views/pieces.hpp"
#include "staff/staff.hpp"
#include "web/layout.hpp"

namespace helm::service {

using namespace screens;

Task<Response> mechanic_day_page(Context& cx, const Request& rq) {
    const std::int64_t me = cx.session ? cx.session->staff_id : 0;
    HELM_CO_TRY(auto staff_id, query_number(rq, "staff", me, 1, max_safe_integer));
    HELM_CO_TRY(auto team, co_await staff::list_staff(cx));
    HELM_CO_TRY(auto day, co_await mechanic_day(cx, staff_id));
    const std::string from = today(cx);
    HELM_CO_TRY(auto load, co_await workshop_load(cx, from, load_days));

    Html h;
    h.add("<p><a href=\"/service\">Service</a> › Mechanic's day</p>"
          "<form class=\"search\" method=\"get\" action=\"/service/day\"><label for=\"day-staff\">Whose day <kbd>/</kbd></label>"
          "<select id=\"day-staff\" name=\"staff\" data-shortcut=\"/\">");
    std::string name = "Staff member " + std::to_string(staff_id);
    for (const auto& s : team) {
        if (s.id == staff_id) name = s.display_name;
        if (!s.disabled || s.id == staff_id)
            h.add("<option value=\"{}\"{}>{}</option>", s.id, raw(s.id == staff_id ? " selected" : ""), s.display_name);
    }
    h.add("</select><button type=\"submit\">Show</button></form>");

    h.add("<h2 id=\"day-title\">{}: open tickets</h2>", name);
    if (day.tickets.empty()) h.add("<p class=\"muted\" id=\"no-tickets\">No open tickets assigned to {}.</p>", name);
    else tickets_table(h, "day-tickets", day.tickets, from);
    if (!day.by_day.empty()) {
        h.add("<table class=\"load\" id=\"day-minutes\"><caption>{}'s labor per promised day</caption><thead><tr><th scope=\"col\">Promised</th>"
              "<th scope=\"col\" class=\"num\">Tickets</th><th scope=\"col\" class=\"num\">Labor</th></tr></thead><tbody>",
              name);
        for (const auto& d : day.by_day)
            h.add("<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>", d.date.empty() ? "no date" : d.date,
                  d.tickets, minutes_text(d.minutes));
        h.add("</tbody></table>");
    }
    h.add("<h2 id=\"load-title\">The workshop's load</h2>");
    load_table(h, load, from, load_days);
    co_return Response::html(200, web::page(cx, {"service", "Mechanic's day"}, h.str()));
}

}  // namespace helm::service
