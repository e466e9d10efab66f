// The Drawer screens: a register's drawer (open it with a float, paid in / paid out / no
// sale, close it with a count), one session with its variance, and the Z reports, each
// printable. Plain HTML forms over the same functions as the API; /static/drawer.js only
// adds the running total of a count and a print button.
#include "sales/views/drawer_pages.hpp"

#include "core/fields.hpp"
#include "core/html.hpp"
#include "core/time.hpp"
#include "sales/drawer.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::sales {
namespace {

using web::fault_marks;

constexpr std::string_view script = "drawer.js";

enum class Part { none, open, movement, close, z };

struct Outcome : web::FormOutcome<Part> {
    // The API names amounts in cents, the forms in dollars.
    bool at_fault(Part p, std::string_view field) const {
        if (!failed(p)) return false;
        const std::string& f = error->field;
        return f == field || (f.size() > 6 && f.compare(f.size() - 6, 6, "_cents") == 0 && f.substr(0, f.size() - 6) == field) ||
               (field == "float" && f == "float_counts") || (field == "counted" && f == "counts");
    }
};

// "$100", "$0.25": how a note or a coin is called.
std::string denomination_label(std::int64_t cents, std::string_view currency) {
    std::string label = format_money(Cents{cents}, currency);
    if (cents % 100 == 0) label.resize(label.size() - 3);  // a whole note: no ".00"
    return label;
}

std::string variance_words(Cents v, std::string_view currency) {
    if (v == Cents{}) return "none: the count matches";
    return format_money(v < Cents{} ? -v : v, currency) + (v < Cents{} ? " short" : " over");
}

// What a stored report holds, read without trusting its shape.
std::int64_t cents_at(const Json& j, std::string_view key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}
std::string text_at(const Json& j, std::string_view key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
const Json& list_at(const Json& j, std::string_view key) {
    static const Json empty = Json::array();
    auto it = j.find(key);
    return it != j.end() && it->is_array() ? *it : empty;
}
const Json& object_at(const Json& j, std::string_view key) {
    static const Json empty = Json::object();
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : empty;
}

std::string drawer_path(std::int64_t register_id) { return "/drawer?register_id=" + std::to_string(register_id); }
std::string session_path(std::int64_t id) { return "/drawer/sessions/" + std::to_string(id); }
std::string z_path(std::int64_t id) { return "/drawer/z/" + std::to_string(id); }

bool may(const Context& cx, std::string_view permission) { return cx.session && cx.session->can(permission); }

void input(Html& h, const Outcome& o, Part p, std::string_view id, std::string_view name, std::string_view label, std::string_view attrs,
           std::string_view fallback = {}) {
    const std::string value = o.failed(p) ? form_value(o.entered, name) : std::string(fallback);
    web::text_input(h, {id, name, label, value, attrs, o.at_fault(p, name)});
}

// One count box per note and coin; the total beside it may be left empty.
void denomination_fields(Html& h, const Context& cx, const Outcome& o, Part p, std::string_view prefix, std::string_view total_id) {
    h.add("<fieldset class=\"denominations\" data-total=\"{}\"><legend>Count by note and coin (optional)</legend>", total_id);
    for (std::int64_t d : denominations(cx.shop.currency)) {
        const std::string name = "count_" + std::to_string(d), id = std::string(prefix) + "-" + name;
        h.add("<span class=\"piece\"><label for=\"{}\">{} ×</label><input id=\"{}\" name=\"{}\" value=\"{}\" inputmode=\"numeric\" "
              "pattern=\"[0-9]*\" autocomplete=\"off\" data-cents=\"{}\"{}></span>",
              id, denomination_label(d, cx.shop.currency), id, name, o.value(p, name), d, fault_marks(o.at_fault(p, name)));
    }
    h.add("<output class=\"count-total\" for=\"{}\" aria-live=\"polite\"></output></fieldset>", total_id);
}

void figures(Html& h, const Context& cx, const DrawerSession& s, const RegisterSettings& settings) {
    h.add("<dl class=\"drawer\" id=\"drawer-summary\"><dt>Drawer</dt><dd>{} · {}</dd><dt>Opened</dt><dd>{}{}</dd>", s.id,
          s.register_name, web::local_time(cx, s.opened_at_ms), s.opened_by ? " by " + *s.opened_by : std::string());
    if (s.closed_at_ms)
        h.add("<dt>Closed</dt><dd>{}{}</dd>", web::local_time(cx, *s.closed_at_ms), s.closed_by ? " by " + *s.closed_by : std::string());
    h.add("<dt>Float</dt><dd class=\"num\">{}</dd>", format_money(s.float_amount, cx.shop.currency));
    const bool blind = counted_blind(s, settings);
    if (!blind) h.add("<dt>Cash from sales</dt><dd class=\"num\">{}</dd><dt>Cash refunds</dt><dd class=\"num\">{}</dd>", format_money(s.cash_sales, cx.shop.currency), format_money(s.cash_refunds, cx.shop.currency));
    h.add("<dt>Paid in</dt><dd class=\"num\">{}</dd><dt>Paid out</dt><dd class=\"num\">{}</dd><dt>No sales</dt><dd class=\"num\">{}</dd>",
          format_money(s.paid_in, cx.shop.currency), format_money(s.paid_out, cx.shop.currency), s.no_sales);
    if (blind)
        h.add("<dt>Expected</dt><dd id=\"expected-hidden\">shown once the drawer is counted and closed (a blind count)</dd>");
    else
        h.add("<dt>{}</dt><dd class=\"num\" id=\"expected\"><strong>{}</strong></dd>", s.is_open() ? "Expected in the drawer now" : "Expected",
              format_money(s.expected, cx.shop.currency));
    if (s.counted && s.variance)
        h.add("<dt>Counted</dt><dd class=\"num\" id=\"counted\">{}</dd><dt>Variance</dt><dd class=\"num variance{}\" id=\"variance\">"
              "<strong>{}</strong> ({})</dd>",
              format_money(*s.counted, cx.shop.currency), raw(s.variance->value < 0 ? " short" : s.variance->value > 0 ? " over" : ""), format_money(*s.variance, cx.shop.currency),
              variance_words(*s.variance, cx.shop.currency));
    if (s.note) h.add("<dt>Note</dt><dd class=\"notes\">{}</dd>", *s.note);
    h.add("</dl>");
}

void movements_table(Html& h, const Context& cx, const std::vector<DrawerMovement>& movements) {
    if (movements.empty()) {
        h.add("<p class=\"muted\" id=\"no-movements\">No cash paid in or out, and no no-sale, yet.</p>");
        return;
    }
    h.add("<table id=\"movements\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th><th scope=\"col\" class=\"num\">"
          "Amount</th><th scope=\"col\">Reason</th><th scope=\"col\">Who</th></tr></thead><tbody>");
    for (const auto& m : movements)
        h.add("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>", web::local_time(cx, m.at_ms),
              m.kind == "paid_in" ? "Paid in" : m.kind == "paid_out" ? "Paid out" : "No sale", format_money(m.amount, cx.shop.currency), m.reason,
              m.staff_name.value_or(""));
    h.add("</tbody></table>");
}

void counts_table(Html& h, std::string_view id, std::string_view caption, const CashCount& counts, std::string_view currency) {
    h.add("<table class=\"counts\" id=\"{}\"><caption>{}</caption><thead><tr><th scope=\"col\">Note or coin</th>"
          "<th scope=\"col\" class=\"num\">Count</th><th scope=\"col\" class=\"num\">Amount</th></tr></thead><tbody>",
          id, caption);
    for (auto it = counts.rbegin(); it != counts.rend(); ++it)
        h.add("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>", denomination_label(it->first, currency), it->second,
              format_money(Cents{it->first * it->second}, currency));
    h.add("</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th><td class=\"num\">{}</td></tr></tfoot></table>",
          format_money(count_total(counts), currency));
}

// A closed set of notices, so that a crafted link cannot put its own words on the page.
std::string_view notice(std::string_view done) {
    if (done == "opened") return "The drawer is open.";
    if (done == "paid_in") return "Paid in: recorded.";
    if (done == "paid_out") return "Paid out: recorded.";
    if (done == "no_sale") return "No sale: recorded.";
    if (done == "closed") return "The drawer is closed; its variance is recorded below.";
    return {};
}

void notice_of(Html& h, const Request& rq) {
    if (auto words = notice(rq.query_value("done")); !words.empty()) h.add("<p class=\"notice\" role=\"status\">{}</p>", words);
}

void open_form(Html& h, const Context& cx, const Outcome& o, std::int64_t register_id) {
    h.add("<form class=\"card\" id=\"open\" method=\"post\" action=\"/drawer/open\"><h2>Open the drawer</h2>"
          "<input type=\"hidden\" name=\"register_id\" value=\"{}\">",
          register_id);
    if (o.failed(Part::open)) web::form_error(h, o.error);
    input(h, o, Part::open, "open-float", "float", "Float (the cash it starts with)",
          "inputmode=\"decimal\" placeholder=\"0.00\" autocomplete=\"off\" autofocus data-shortcut=\"f\"");
    denomination_fields(h, cx, o, Part::open, "open", "open-float");
    h.add("<button type=\"submit\">Open the drawer</button></form>");
}

void movement_form(Html& h, const Outcome& o, const DrawerSession& s) {
    h.add("<form class=\"card\" id=\"movement\" method=\"post\" action=\"{}/movements\"><h2>Paid in, paid out, no sale</h2>",
          session_path(s.id));
    if (o.failed(Part::movement)) web::form_error(h, o.error);
    const std::string kind = o.value(Part::movement, "kind");
    h.add("<label for=\"movement-kind\">What</label><select id=\"movement-kind\" name=\"kind\" data-shortcut=\"m\"{}>",
          fault_marks(o.at_fault(Part::movement, "kind")));
    static constexpr std::pair<std::string_view, std::string_view> kinds[] = {
        {"paid_out", "Paid out"}, {"paid_in", "Paid in"}, {"no_sale", "No sale (open the drawer)"}};
    for (const auto& [value, label] : kinds)
        h.add("<option value=\"{}\"{}>{}</option>", value, raw(value == kind ? " selected" : ""), label);
    h.add("</select>");
    input(h, o, Part::movement, "movement-amount", "amount", "Amount (none for a no sale)",
          "inputmode=\"decimal\" placeholder=\"0.00\" autocomplete=\"off\"");
    input(h, o, Part::movement, "movement-reason", "reason", "Reason", "required minlength=\"3\" maxlength=\"200\" autocomplete=\"off\"");
    h.add("<button type=\"submit\">Record</button></form>");
}

void close_form(Html& h, const Context& cx, const Outcome& o, const DrawerSession& s) {
    h.add("<form class=\"card\" id=\"close\" method=\"post\" action=\"{}/close\"><h2>Close the drawer</h2>"
          "<p class=\"hint\">Count what is in the drawer, by note and coin or as one total. The variance against what it "
          "should hold is recorded as counted.</p>",
          session_path(s.id));
    if (o.failed(Part::close)) web::form_error(h, o.error);
    input(h, o, Part::close, "close-counted", "counted", "Counted total", "inputmode=\"decimal\" placeholder=\"0.00\" autocomplete=\"off\" "
          "data-shortcut=\"c\"");
    denomination_fields(h, cx, o, Part::close, "close", "close-counted");
    h.add("<label for=\"close-note\">Note (optional)</label><textarea id=\"close-note\" name=\"note\" rows=\"2\" maxlength=\"500\"{}>{}"
          "</textarea><button type=\"submit\">Close the drawer</button></form>",
          fault_marks(o.at_fault(Part::close, "note")), o.value(Part::close, "note"));
}

void sessions_table(Html& h, const Context& cx, const std::vector<DrawerSession>& sessions, const RegisterSettings& settings) {
    h.add("<h2 id=\"recent\">Recent drawers</h2>");
    if (sessions.empty()) {
        h.add("<p class=\"muted\">This register's drawer has not been opened yet.</p>");
        return;
    }
    h.add("<table id=\"sessions\"><thead><tr><th scope=\"col\">Drawer</th><th scope=\"col\">Business date</th><th scope=\"col\">Opened</th>"
          "<th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Float</th><th scope=\"col\" class=\"num\">Expected</th>"
          "<th scope=\"col\" class=\"num\">Counted</th><th scope=\"col\" class=\"num\">Variance</th></tr></thead><tbody>");
    for (const auto& s : sessions)
        h.add("<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
              "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
              session_path(s.id), s.id, s.business_date, web::local_time(cx, s.opened_at_ms), s.status, format_money(s.float_amount, cx.shop.currency),
              counted_blind(s, settings) ? std::string("—") : format_money(s.expected, cx.shop.currency), s.counted ? format_money(*s.counted, cx.shop.currency) : std::string(),
              s.variance ? format_money(*s.variance, cx.shop.currency) : std::string());
    h.add("</tbody></table>");
}

void z_section(Html& h, const Context& cx, const Outcome& o, const std::vector<ZReport>& reports) {
    h.add("<h2 id=\"z\">End of day: Z reports</h2>");
    if (may(cx, "action.z_report")) {
        const std::string today = business_date(cx.shop.timezone, cx.now_ms());
        const std::string chosen = o.failed(Part::z) ? form_value(o.entered, "business_date") : today;
        h.add("<form class=\"inline\" id=\"z-run\" method=\"post\" action=\"/drawer/z\">");
        if (o.failed(Part::z)) web::form_error(h, o.error);
        h.add("<label for=\"z-date\">Business date</label><input id=\"z-date\" name=\"business_date\" type=\"date\" value=\"{}\" "
              "max=\"{}\" required data-shortcut=\"z\"{}><button type=\"submit\">Run the Z report</button></form>",
              chosen, today, fault_marks(o.at_fault(Part::z, "business_date")));
        if (o.failed(Part::z) && o.error->code == Code::already_exists)
            for (const auto& z : reports)
                if (z.business_date == chosen) h.add("<p><a href=\"{}\" id=\"existing-z\">Open Z report {}</a></p>", z_path(z.id), z.id);
    }
    if (reports.empty()) {
        h.add("<p class=\"muted\" id=\"no-z\">No Z report yet.</p>");
        return;
    }
    h.add("<table id=\"z-reports\"><thead><tr><th scope=\"col\">Z</th><th scope=\"col\">Business date</th><th scope=\"col\" class=\"num\">"
          "Net total</th><th scope=\"col\">Run</th></tr></thead><tbody>");
    for (const auto& z : reports)
        h.add("<tr><td><a href=\"{}\">Z {}</a></td><td>{}</td><td class=\"num\">{}</td><td>{}{}</td></tr>", z_path(z.id), z.id,
              z.business_date, format_money(Cents{cents_at(object_at(z.report, "net"), "total_cents")}, cx.shop.currency), web::local_time(cx, z.created_at_ms),
              z.created_by ? " by " + *z.created_by : std::string());
    h.add("</tbody></table>");
}

Task<Response> render_drawer(Context& cx, const Request& rq, std::int64_t register_id, int status, const Outcome& o) {
    HELM_CO_TRY(auto registers, co_await list_registers(cx));
    HELM_CO_TRY(auto current, co_await current_drawer(cx, register_id));
    HELM_CO_TRY(auto settings, co_await load_settings(cx));
    Html h;
    if (registers.size() > 1) {
        h.add("<form class=\"inline\" method=\"get\" action=\"/drawer\"><label for=\"register\">Register</label>"
              "<select id=\"register\" name=\"register_id\">");
        for (const auto& r : registers)
            h.add("<option value=\"{}\"{}>{}</option>", r.id, raw(r.id == register_id ? " selected" : ""), r.name);
        h.add("</select><button type=\"submit\">Show</button></form>");
    }
    if (o.part == Part::none) notice_of(h, rq);
    if (!current) {
        open_form(h, cx, o, register_id);
    } else {
        figures(h, cx, *current, settings);
        HELM_CO_TRY(auto movements, co_await movements_of_drawer(cx, current->id));
        h.add("<div class=\"columns\">");
        movement_form(h, o, *current);
        if (may(cx, "action.drawer_close")) close_form(h, cx, o, *current);
        h.add("</div><h2>Movements</h2>");
        movements_table(h, cx, movements);
    }
    HELM_CO_TRY(auto sessions, co_await recent_drawers(cx, register_id, 10));
    sessions_table(h, cx, sessions, settings);
    HELM_CO_TRY(auto reports, co_await recent_z_reports(cx, 30));
    z_section(h, cx, o, reports);
    co_return Response::html(status, web::page(cx, {"drawer", "Drawer", script}, h.str()));
}

Task<Response> render_session(Context& cx, const Request& rq, std::int64_t id) {
    HELM_CO_TRY(auto s, co_await load_drawer(cx, id));
    HELM_CO_TRY(auto movements, co_await movements_of_drawer(cx, id));
    Html h;
    h.add("<p><a href=\"{}\">Drawer</a> › {} · {}</p>", drawer_path(s.register_id), s.register_name, s.business_date);
    notice_of(h, rq);
    HELM_CO_TRY(auto settings, co_await load_settings(cx));
    figures(h, cx, s, settings);
    if (s.is_open()) h.add("<p><a href=\"{}\">This drawer is open: record or close it on the Drawer screen</a></p>", drawer_path(s.register_id));
    if (s.counts) counts_table(h, "closing-counts", "Counted at the close", *s.counts, cx.shop.currency);
    if (s.float_counts) counts_table(h, "float-counts", "The float", *s.float_counts, cx.shop.currency);
    h.add("<h2>Movements</h2>");
    movements_table(h, cx, movements);
    co_return Response::html(200, web::page(cx, {"drawer", "Drawer " + std::to_string(id), script}, h.str()));
}

// The Z report as stored: what was printed then is what prints now.
std::string z_markup(const Context& cx, const ZReport& z) {
    const Json& r = z.report;
    Html h;
    h.add("<div class=\"z-report\" id=\"z-report\"><p class=\"z-head\">{} · business date <strong>{}</strong> · run {}{}</p>"
          "<p class=\"no-print\"><a href=\"/drawer#z\">Drawer</a> · <button type=\"button\" data-print hidden>Print</button> "
          "<span class=\"muted\">(or the browser's Print)</span></p>",
          cx.shop.name, z.business_date, web::local_time(cx, z.created_at_ms), z.created_by ? " by " + *z.created_by : std::string());

    h.add("<h2>Documents</h2><table id=\"z-documents\"><thead><tr><th scope=\"col\">Document</th><th scope=\"col\" class=\"num\">Count</th>"
          "<th scope=\"col\" class=\"num\">Subtotal</th><th scope=\"col\" class=\"num\">Discounts</th><th scope=\"col\" class=\"num\">Tax</th>"
          "<th scope=\"col\" class=\"num\">Total</th></tr></thead><tbody>");
    static constexpr std::pair<std::string_view, std::string_view> kinds[] = {
        {"sale", "Sales"}, {"return", "Returns"}, {"exchange", "Exchanges"}, {"void", "Voids"}};
    for (const auto& d : list_at(r, "documents")) {
        std::string label = text_at(d, "kind");
        for (const auto& [kind, words] : kinds)
            if (label == kind) label = words;
        h.add("<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
              "<td class=\"num\">{}</td></tr>",
              label, cents_at(d, "count"), format_money(Cents{cents_at(d, "subtotal_cents")}, cx.shop.currency), format_money(Cents{cents_at(d, "discount_cents")}, cx.shop.currency),
              format_money(Cents{cents_at(d, "tax_cents")}, cx.shop.currency), format_money(Cents{cents_at(d, "total_cents")}, cx.shop.currency));
    }
    const Json& net = object_at(r, "net");
    h.add("</tbody><tfoot><tr><th scope=\"row\">Net</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td><td class=\"num\" id=\"z-net-total\">{}</td></tr></tfoot></table>",
          cents_at(net, "count"), format_money(Cents{cents_at(net, "subtotal_cents")}, cx.shop.currency), format_money(Cents{cents_at(net, "discount_cents")}, cx.shop.currency),
          format_money(Cents{cents_at(net, "tax_cents")}, cx.shop.currency), format_money(Cents{cents_at(net, "total_cents")}, cx.shop.currency));

    const Json& revenue = object_at(r, "revenue");
    h.add("<h2>Revenue before tax</h2><table id=\"z-revenue\"><tbody><tr><th scope=\"row\">Labor</th><td class=\"num\">{}</td></tr>"
          "<tr><th scope=\"row\">Parts and other items</th><td class=\"num\">{}</td></tr></tbody><tfoot><tr><th scope=\"row\">Revenue</th>"
          "<td class=\"num\">{}</td></tr><tr><th scope=\"row\">Gift cards and deposits (not revenue)</th><td class=\"num\">{}</td></tr>"
          "<tr><th scope=\"row\">Discounts given</th><td class=\"num\">{}</td></tr></tfoot></table>",
          format_money(Cents{cents_at(revenue, "labor_cents")}, cx.shop.currency), format_money(Cents{cents_at(revenue, "parts_cents")}, cx.shop.currency), format_money(Cents{cents_at(revenue, "total_cents")}, cx.shop.currency),
          format_money(Cents{cents_at(r, "gift_cards_and_deposits_cents")}, cx.shop.currency), format_money(Cents{cents_at(r, "discounts_cents")}, cx.shop.currency));

    h.add("<h2>Tax by rate</h2><table id=\"z-taxes\"><thead><tr><th scope=\"col\">Tax</th><th scope=\"col\" class=\"num\">Rate</th>"
          "<th scope=\"col\" class=\"num\">On</th><th scope=\"col\" class=\"num\">Tax</th></tr></thead><tbody>");
    for (const auto& t : list_at(r, "taxes"))
        h.add("<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>", text_at(t, "name"),
              format_percent(cents_at(t, "rate_ppm")), format_money(Cents{cents_at(t, "base_cents")}, cx.shop.currency), format_money(Cents{cents_at(t, "tax_cents")}, cx.shop.currency));
    h.add("</tbody><tfoot><tr><th scope=\"row\" colspan=\"3\">Tax</th><td class=\"num\">{}</td></tr></tfoot></table>",
          format_money(Cents{cents_at(r, "tax_cents")}, cx.shop.currency));

    h.add("<h2>Tenders</h2><table id=\"z-tenders\"><thead><tr><th scope=\"col\">Tender</th><th scope=\"col\" class=\"num\">Payments</th>"
          "<th scope=\"col\" class=\"num\">Taken</th><th scope=\"col\" class=\"num\">Refunded</th><th scope=\"col\" class=\"num\">Net</th>"
          "</tr></thead><tbody>");
    for (const auto& t : list_at(r, "tenders"))
        h.add("<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
              text_at(t, "tender"), cents_at(t, "count"), format_money(Cents{cents_at(t, "taken_cents")}, cx.shop.currency), format_money(Cents{cents_at(t, "refunded_cents")}, cx.shop.currency),
              format_money(Cents{cents_at(t, "net_cents")}, cx.shop.currency));
    h.add("</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">Tendered</th><td class=\"num\">{}</td></tr></tfoot></table>",
          format_money(Cents{cents_at(r, "tendered_cents")}, cx.shop.currency));

    const Json& cash = object_at(r, "cash");
    h.add("<h2>Cash drawers</h2>");
    if (const auto open = cents_at(cash, "open_drawers"); open > 0)
        h.add("<p class=\"error\" id=\"z-open-drawers\">{} drawer{} still open when this report was run: {} expected so far, not counted.</p>",
              open, open == 1 ? " was" : "s were", open == 1 ? "its cash is" : "their cash is");
    h.add("<table id=\"z-drawers\"><thead><tr><th scope=\"col\">Drawer</th><th scope=\"col\">Register</th><th scope=\"col\">Status</th>"
          "<th scope=\"col\" class=\"num\">Float</th><th scope=\"col\" class=\"num\">Expected</th><th scope=\"col\" class=\"num\">Counted</th>"
          "<th scope=\"col\" class=\"num\">Variance</th></tr></thead><tbody>");
    for (const auto& d : list_at(r, "drawers")) {
        const bool closed = text_at(d, "status") == "closed";
        h.add("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
              "<td class=\"num\">{}</td></tr>",
              cents_at(d, "id"), text_at(d, "register"), closed ? "closed" : "OPEN", format_money(Cents{cents_at(d, "float_cents")}, cx.shop.currency),
              format_money(Cents{cents_at(d, "expected_cents")}, cx.shop.currency), closed ? format_money(Cents{cents_at(d, "counted_cents")}, cx.shop.currency) : std::string("—"),
              closed ? format_money(Cents{cents_at(d, "variance_cents")}, cx.shop.currency) : std::string("—"));
    }
    h.add("</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">Cash</th><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td class=\"num\" id=\"z-variance\">{}</td></tr></tfoot></table></div>",
          format_money(Cents{cents_at(cash, "expected_cents")}, cx.shop.currency), format_money(Cents{cents_at(cash, "counted_cents")}, cx.shop.currency), format_money(Cents{cents_at(cash, "variance_cents")}, cx.shop.currency));
    return h.take();
}

// Which register a page or a form is about: the query's or the form's, else the first.
Result<std::int64_t> register_of(const Request& rq, const Form* form) {
    const std::string text = trimmed(form ? form_value(*form, "register_id") : rq.query_value("register_id"));
    if (text.empty()) return std::int64_t{1};
    HELM_TRY(auto id, whole_number("register_id", text));
    if (id < 1) return invalid("register_id", "register_id must be a positive id");
    return id;
}

}  // namespace

Task<Response> drawer_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto register_id, register_of(rq, nullptr));
    const Outcome none;
    co_return co_await render_drawer(cx, rq, register_id, 200, none);
}

Task<Response> open_drawer_from_form(Context& cx, const Request& rq) {
    Outcome o;
    o.part = Part::open;
    o.entered = parse_form(rq.body);
    HELM_CO_TRY(auto register_id, register_of(rq, &o.entered));
    auto opened = co_await [&]() -> Task<Result<DrawerSession>> {
        HELM_CO_TRY(auto opening, opening_from_form(o.entered, cx.shop.currency));
        co_return co_await open_drawer(cx, opening);
    }();
    if (opened) co_return Response::redirect(drawer_path(opened->register_id) + "&done=opened");
    o.error = std::move(opened).error();
    co_return co_await render_drawer(cx, rq, register_id, Response::http_status(o.error->code), o);
}

Task<Response> movement_from_drawer_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "drawer"));
    HELM_CO_TRY(auto drawer, co_await load_drawer(cx, id));
    Outcome o;
    o.part = Part::movement;
    o.entered = parse_form(rq.body);
    auto recorded = co_await [&]() -> Task<Result<DrawerMovement>> {
        HELM_CO_TRY(auto movement, movement_from_form(o.entered, cx.shop.currency));
        co_return co_await record_movement(cx, id, movement);
    }();
    if (recorded) co_return Response::redirect(drawer_path(drawer.register_id) + "&done=" + recorded->kind);
    o.error = std::move(recorded).error();
    co_return co_await render_drawer(cx, rq, drawer.register_id, Response::http_status(o.error->code), o);
}

Task<Response> close_drawer_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "drawer"));
    HELM_CO_TRY(auto drawer, co_await load_drawer(cx, id));
    Outcome o;
    o.part = Part::close;
    o.entered = parse_form(rq.body);
    auto closed = co_await [&]() -> Task<Result<DrawerSession>> {
        HELM_CO_TRY(auto closing, closing_from_form(o.entered, cx.shop.currency));
        co_return co_await close_drawer(cx, id, closing);
    }();
    if (closed) co_return Response::redirect(session_path(id) + "?done=closed");
    o.error = std::move(closed).error();
    co_return co_await render_drawer(cx, rq, drawer.register_id, Response::http_status(o.error->code), o);
}

Task<Response> drawer_session_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "drawer"));
    co_return co_await render_session(cx, rq, id);
}

Task<Response> z_report_from_form(Context& cx, const Request& rq) {
    Outcome o;
    o.part = Part::z;
    o.entered = parse_form(rq.body);
    auto run = co_await [&]() -> Task<Result<ZReport>> {
        HELM_CO_TRY(auto date, business_date_field("business_date", form_value(o.entered, "business_date")));
        co_return co_await run_z_report(cx, date);
    }();
    if (run) co_return Response::redirect(z_path(run->id));
    o.error = std::move(run).error();
    co_return co_await render_drawer(cx, rq, 1, Response::http_status(o.error->code), o);
}

Task<Response> z_report_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "Z report"));
    HELM_CO_TRY(auto z, co_await load_z_report(cx, id));
    co_return Response::html(200, web::page(cx, {"drawer", "Z report " + std::to_string(z.id), script}, z_markup(cx, z)));
}

}  // namespace helm::sales
