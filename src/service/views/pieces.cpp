#include "service/views/pieces.hpp"

#include <cctype>

#include "core/time.hpp"
#include "service/lifecycle.hpp"

namespace helm::service {
namespace screens {

std::string ticket_path(std::int64_t id, std::string_view rest) { return "/service/tickets/" + std::to_string(id) + std::string(rest); }

std::string bike_path(std::int64_t id) { return "/service/bikes/" + std::to_string(id); }

std::string_view status_label(std::string_view status) {
    const StatusInfo* info = status_info(status);
    return info ? info->label : status;
}

std::string minutes_text(std::int64_t minutes) {
    if (minutes < 60) return std::to_string(minutes) + " min";
    std::string text = std::to_string(minutes / 60) + " h";
    if (minutes % 60) text += " " + std::to_string(minutes % 60) + " min";
    return text;
}

std::string excerpt(std::string_view text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        if (starts_char && chars++ == max_chars) {
            std::string cut(text.substr(0, i));
            while (!cut.empty() && std::isspace(static_cast<unsigned char>(cut.back()))) cut.pop_back();
            return cut + "…";
        }
    }
    return std::string(text);
}

std::string today(const Context& cx) { return business_date(cx.shop.timezone, cx.now_ms()); }

// Once completed the promise is kept: only work still to do can be late.
Due due_of(const std::optional<std::string>& promised_date, std::string_view status, std::string_view today) {
    const bool still_to_do = status == "dropped_off" || status == "quoted" || status == "in_progress" || status == "waiting_for_parts";
    if (!promised_date || !still_to_do) return Due::none;
    if (*promised_date < today) return Due::overdue;  // ISO dates order as text
    return *promised_date == today ? Due::today : Due::none;
}

std::string_view due_class(Due due) {
    if (due == Due::overdue) return "overdue";
    if (due == Due::today) return "due-today";
    return "";
}

void promised(Html& h, const std::optional<std::string>& promised_date, Due due) {
    if (!promised_date) {
        h.add("<span class=\"muted\">no date</span>");
        return;
    }
    h.add("<time datetime=\"{}\">{}</time>", *promised_date, *promised_date);
    if (due == Due::overdue) h.add(" <strong class=\"due-flag\">Overdue</strong>");
    if (due == Due::today) h.add(" <strong class=\"due-flag\">Due today</strong>");
}

namespace {
// What a move is called: a reopening says so, never looking like the next step.
std::string move_label(const Transition& m) { return (m.reopens ? "Reopen: back to " : "") + std::string(status_label(m.to)); }

void move_form_start(Html& h, const MoveFormOf& t) {
    h.add("<form method=\"post\" action=\"{}\" class=\"move\"><input type=\"hidden\" name=\"version\" value=\"{}\">"
          "<input type=\"hidden\" name=\"back\" value=\"{}\">",
          ticket_path(t.id, "/status"), t.version, t.back);
}
}  // namespace

void move_form(Html& h, const MoveFormOf& t) {
    const auto moves = staff_moves_from(t.status);
    if (moves.empty()) return;
    move_form_start(h, t);
    h.add("<label class=\"visually-hidden\" for=\"move-{}\">Move {} to</label><select id=\"move-{}\" name=\"to\">", t.id, t.number, t.id);
    for (const auto& m : moves) h.add("<option value=\"{}\">{}</option>", m.to, move_label(m));
    h.add("</select><button type=\"submit\" class=\"small\">Move</button></form>");
}

void move_buttons(Html& h, const MoveFormOf& t) {
    const auto moves = staff_moves_from(t.status);
    if (moves.empty()) return;
    move_form_start(h, t);
    h.add("<span class=\"move-buttons\" role=\"group\" aria-labelledby=\"move-{}-to\"><span id=\"move-{}-to\">Move to</span>", t.id, t.id);
    // Enter in the note presses the first button: a move forward, never a reopening.
    for (const auto& m : moves)
        h.add("<button type=\"submit\" name=\"to\" value=\"{}\" id=\"move-to-{}\"{}>{}</button>", m.to, m.to,
              raw(m.reopens || m.to == "cancelled" ? " class=\"secondary\"" : ""), move_label(m));
    h.add("</span><span class=\"field\"><label for=\"move-{}-note\">Note (optional)</label><input id=\"move-{}-note\" name=\"note\" "
          "maxlength=\"500\" autocomplete=\"off\"></span></form>",
          t.id, t.id);
}

void tickets_table(Html& h, std::string_view id, const std::vector<BoardCard>& tickets, std::string_view today) {
    h.add("<table class=\"tickets\" id=\"{}\"><thead><tr><th scope=\"col\">Ticket</th><th scope=\"col\">Status</th>"
          "<th scope=\"col\">Promised</th><th scope=\"col\">Customer</th><th scope=\"col\">Bike</th><th scope=\"col\">Mechanic</th>"
          "<th scope=\"col\" class=\"num\">Labor</th></tr></thead><tbody>",
          id);
    for (const auto& t : tickets) {
        const Due due = due_of(t.promised_date, t.status, today);
        h.add("<tr class=\"{}\"><th scope=\"row\"><a href=\"{}\">{}</a>{}</th><td>{}</td><td>", due_class(due), ticket_path(t.id), t.number,
              raw(t.warranty ? " <span class=\"badge\">warranty</span>" : ""), status_label(t.status));
        promised(h, t.promised_date, due);
        h.add("</td><td>{}</td><td>", t.customer_name);
        if (t.bike_id) h.add("<a href=\"{}\">{}</a>", bike_path(*t.bike_id), t.bike_label.value_or("Bike"));
        h.add("</td><td>{}</td><td class=\"num\">{}</td></tr>", t.mechanic_name.value_or(""), minutes_text(t.labor_minutes));
    }
    h.add("</tbody></table>");
}

void load_table(Html& h, const std::vector<WorkshopLoad>& load, std::string_view from_date, int days) {
    std::vector<std::string> dates;
    const std::int64_t first = utc_day_start_ms(from_date);
    for (int i = 0; i < days; ++i) dates.push_back(iso_utc(first + std::int64_t{i} * 86'400'000).substr(0, 10));
    auto minutes_on = [](const std::vector<DayLoad>& by_day, std::string_view date) {
        for (const auto& d : by_day)
            if (d.date == date) return d.minutes;
        return std::int64_t{0};
    };
    h.add("<table class=\"load\"><caption>Labor promised per day</caption><thead><tr><th scope=\"col\">Mechanic</th>");
    for (const auto& d : dates) h.add("<th scope=\"col\" class=\"num\"><time datetime=\"{}\">{}</time></th>", d, d.substr(5));
    h.add("</tr></thead><tbody>");
    for (const auto& row : load) {
        h.add("<tr><th scope=\"row\">{}</th>", row.staff_name.value_or("Unassigned"));
        for (const auto& d : dates) {
            const std::int64_t minutes = minutes_on(row.by_day, d);
            h.add("<td class=\"num\">{}</td>", minutes ? minutes_text(minutes) : std::string("·"));
        }
        h.add("</tr>");
    }
    h.add("</tbody><tfoot><tr><th scope=\"row\">Workshop</th>");
    for (const auto& d : dates) {
        std::int64_t total = 0;
        for (const auto& row : load) total += minutes_on(row.by_day, d);
        h.add("<td class=\"num\">{}</td>", minutes_text(total));
    }
    h.add("</tr></tfoot></table>");
}

std::string printable_page(const Context& cx, std::string_view title, std::string_view back_href, std::string_view back_label,
                           std::string_view article_markup) {
    const bool staff = cx.session && cx.session->has_staff();
    Html h;
    h.add("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>{} · {}</title><link rel=\"stylesheet\" href=\"/static/helm.css\">"
          "<script type=\"module\" src=\"/static/shell.js\"></script><script type=\"module\" src=\"/static/receipt.js\"></script></head>",
          title, cx.shop.name);
    h.add("<body class=\"receipt-page\"{}><nav class=\"receipt-actions\" aria-label=\"{}\"><a href=\"{}\" accesskey=\"b\">{}</a>"
          "<button type=\"button\" id=\"print-receipt\" hidden>Print</button>"
          "<span class=\"muted\">Ctrl+P prints it alone.</span></nav><main id=\"main\"><h1 class=\"visually-hidden\">{}</h1>{}</main></body></html>",
          raw(staff ? " data-idle-seconds=\"" + std::to_string(cx.session->idle_timeout_s) + "\"" : ""), title, back_href, back_label, title,
          raw(article_markup));
    return h.take();
}

}  // namespace screens

std::string service_history_html(const Context& cx, const std::vector<BoardCard>& tickets) {
    Html h;
    h.add("<section id=\"service-history\" aria-labelledby=\"service-history-title\"><h2 id=\"service-history-title\">Service history</h2>");
    if (tickets.empty()) h.add("<p class=\"muted\" id=\"no-tickets\">No service tickets yet.</p>");
    else screens::tickets_table(h, "service-tickets", tickets, screens::today(cx));
    h.add("</section>");
    return h.take();
}

}  // namespace helm::service
