// The ticket page. Every form carries the ticket's version, so a change made on a stale page
// is refused (409) and the page comes back as the ticket is now. Lines are added by scan or
// search (a scanned code is one lookup; other text lists the catalog's matches to pick from),
// or typed as custom labor; a stocked part short of stock is offered as a special order.
// A deposit and the invoice go onto the register as held sales: the clerk lands on the
// register with it resumed when its cart is empty, else on the held sales to resume it.
// The page leads with the work: the lines and how to add one, and beside them the status
// moves, one button each (the lifecycle's, the server checking each); the ticket's own
// fields are a form folded below. Keys: "/" the line search, g the hook tag, e the drop-off
// receipt, i invoice.
#include "service/views/ticket_page.hpp"

#include <algorithm>

#include "catalog/products.hpp"
#include "core/fields.hpp"
#include "customers/customers.hpp"
#include "sales/drafts.hpp"
#include "service/service.hpp"
#include "service/views/pieces.hpp"
#include "staff/staff.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::service {
namespace screens {

using web::fault_marks;
using web::text_input;

constexpr std::string_view script = "service.js";
constexpr std::int64_t register_id = 1;  // the counter that takes a ticket's money
constexpr int max_matches = 20;

// Which form of the page was sent, so that its error shows in it.
enum class Part { none, details, approval, line, custom, deposit, invoice };

struct Outcome : web::FormOutcome<Part> {
    std::string done;  // the notice a post redirected with
    std::string q;     // products matching this text, to pick a line from
    // A conflict (or a closed ticket) is about the whole ticket: shown above everything.
    void refused(Error e) {
        if (e.code == Code::conflict || e.field == "id") part = Part::none;
        error = std::move(e);
    }
};

// Everything the page shows, read before it is drawn.
struct Page {
    WorkOrder w;
    std::optional<Money> money;
    std::optional<Error> money_error;
    std::vector<OutboxMessage> outbox;
    std::vector<customers::Bike> bikes;
    std::vector<staff::StaffMember> mechanics;
    std::vector<catalog::Product> matches;
    std::vector<catalog::Product> menu;  // the service menu
};

Task<Result<Page>> read_page(Context& cx, std::int64_t id, const Outcome& o) {
    Page p;
    HELM_CO_TRY(p.w, co_await load_work_order(cx, id));
    auto priced = co_await money_of(cx, p.w);
    if (priced) p.money = std::move(*priced);
    else p.money_error = std::move(priced).error();
    HELM_CO_TRY(p.outbox, co_await outbox_of(cx, id));
    if (p.w.open()) {
        HELM_CO_TRY(p.bikes, co_await customers::bikes_of(cx, p.w.customer_id));
        HELM_CO_TRY(p.mechanics, co_await staff::list_staff(cx));
        HELM_CO_TRY(p.menu, co_await catalog::service_menu(cx, 100));
        if (!o.q.empty()) {
            HELM_CO_TRY(auto found, co_await catalog::find_products(cx, o.q, max_matches));
            for (auto& product : found)
                if (product.active && product.kind != "gift_card" && !product.serialized) p.matches.push_back(std::move(product));
        }
    }
    co_return p;
}

// A closed set of notices, so that a crafted link cannot put its own words on the page.
std::string_view notice(std::string_view done) {
    if (done == "created") return "Ticket opened. Print its hook tag and the customer's drop-off receipt.";
    if (done == "saved") return "Saved.";
    if (done == "moved") return "Status changed.";
    if (done == "approved") return "The customer's approval is recorded.";
    if (done == "line") return "Line added.";
    if (done == "removed") return "Line removed.";
    return {};
}

std::string text_or_dash(const std::optional<std::string>& text) { return text.value_or("—"); }
std::string cents_or_dash(const std::optional<Cents>& c) { return c ? format_cents(*c) : "—"; }

void version_input(Html& h, const WorkOrder& w) { h.add("<input type=\"hidden\" name=\"version\" value=\"{}\">", w.version); }

void heading(Html& h, const Context& cx, const Page& p, const Outcome& o) {
    const WorkOrder& w = p.w;
    h.add("<p><a href=\"/service\">Service</a> › {}</p>", w.number);
    if (auto text = notice(o.done); !text.empty()) h.add("<p class=\"notice\" role=\"status\" id=\"ticket-notice\">{}</p>", text);
    if (o.error && o.part == Part::none) web::form_error(h, o.error);
    // What the mechanic and the clerk read first; the form that edits it is folded below.
    h.add("<dl class=\"ticket-head\"><div><dt>Status</dt><dd id=\"ticket-status\" data-status=\"{}\">{}</dd></div><div><dt>Customer</dt><dd>"
          "<a href=\"/customers/{}\" id=\"ticket-customer\">{}</a>{}</dd></div>",
          w.status, status_label(w.status), w.customer_id, w.customer_name, w.customer_phone ? " · " + *w.customer_phone : std::string());
    h.add("<div><dt>Bike</dt><dd id=\"ticket-bike\">");
    if (w.bike_id)
        h.add("<a href=\"{}\">{}</a>{}", bike_path(*w.bike_id), w.bike_label.value_or(""),
              w.bike_serial ? " · serial " + *w.bike_serial : std::string());
    else h.add("none (a wheel or a part brought in alone)");
    h.add("</dd></div><div><dt>Dropped off</dt><dd>{}</dd></div><div><dt>Promised</dt><dd id=\"ticket-promised-on\">{}</dd></div>"
          "<div><dt>Mechanic</dt><dd id=\"ticket-mechanic-name\">{}</dd></div><div><dt>Hook tag</dt><dd id=\"ticket-hook-tag\">{}</dd></div>"
          "<div class=\"ticket-problem\"><dt>Problem</dt><dd class=\"notes\" id=\"ticket-problem-text\">{}</dd></div></dl>",
          web::local_time(cx, w.dropped_off_at_ms), text_or_dash(w.promised_date), w.mechanic_name.value_or("unassigned"),
          text_or_dash(w.hook_tag), w.problem);
    h.add("<p class=\"ticket-links\"><a class=\"button secondary\" id=\"tag-link\" href=\"{}\" accesskey=\"g\" data-key=\"g\">Hook tag <kbd>g</kbd></a>"
          "<a class=\"button secondary\" id=\"dropoff-receipt-link\" href=\"{}\" accesskey=\"e\" data-key=\"e\">Drop-off receipt <kbd>e</kbd></a>",
          ticket_path(w.id, "/tag"), ticket_path(w.id, "/receipt"));
    if (w.sale_id)
        h.add("<a class=\"button secondary\" id=\"sale-receipt-link\" href=\"/sales/{}/receipt\">Receipt of the paid invoice</a>", *w.sale_id);
    h.add("</p>");
}

void moves(Html& h, const Page& p, const Outcome& o) {
    const WorkOrder& w = p.w;
    h.add("<section class=\"panel\" id=\"moves\" aria-labelledby=\"moves-title\"><h2 id=\"moves-title\">Status</h2>");
    move_buttons(h, {w.id, w.version, w.number, w.status, "ticket"});
    const bool invoiceable = w.status == "completed" || w.status == "notified";
    // An invoiced ticket whose held sale was discarded at the register can be put there again.
    const bool held_again = w.status == "invoiced" && p.money && !p.money->held_sale_id;
    if (invoiceable || held_again) {
        h.add("<form method=\"post\" action=\"{}\" id=\"invoice-form\">", ticket_path(w.id, "/invoice"));
        version_input(h, w);
        if (o.failed(Part::invoice)) web::form_error(h, o.error);
        h.add("<button type=\"submit\" id=\"invoice\" accesskey=\"i\" data-key=\"i\">{} <kbd>i</kbd></button></form>",
              invoiceable ? "Invoice: put it on the register" : "Put the invoice on the register again");
    }
    if (w.status == "invoiced" && p.money && p.money->held_sale_id)
        h.add("<p id=\"invoice-held\">The invoice waits at the register: <a href=\"/register/held\">take payment from the held sales</a>.</p>");
    h.add("</section>");
}

// The ticket's fields: while it is open, a form folded away below the work (open when it
// came back refused, so its error shows); else what the heading does not already say.
void details(Html& h, const Page& p, const Outcome& o) {
    const WorkOrder& w = p.w;
    if (!w.open()) {
        h.add("<section id=\"details\" aria-labelledby=\"details-title\"><h2 id=\"details-title\">Ticket</h2>"
              "<dl class=\"customer\"><dt>Warranty</dt><dd>{}</dd><dt>Estimate</dt><dd>{}</dd><dt>Not to exceed</dt><dd>{}</dd>"
              "<dt>Drop-off notes</dt><dd class=\"notes\">{}</dd><dt>For the customer</dt><dd class=\"notes\">{}</dd>"
              "<dt>Internal notes</dt><dd class=\"notes\">{}</dd></dl></section>",
              w.warranty ? "yes" : "no", cents_or_dash(w.estimate), cents_or_dash(w.not_to_exceed), text_or_dash(w.dropoff_notes),
              text_or_dash(w.customer_notes), text_or_dash(w.internal_notes));
        return;
    }
    auto value = [&](std::string_view name, std::string stored) { return o.value(Part::details, name, std::move(stored)); };
    auto fault = [&](std::string_view field) { return o.at_fault(Part::details, field); };
    auto textarea = [&](std::string_view id, std::string_view name, std::string_view label, const std::optional<std::string>& stored,
                        std::string_view attrs) {
        h.add("<label for=\"{}\">{}</label><textarea id=\"{}\" name=\"{}\" rows=\"3\" maxlength=\"2000\" {}{}>{}</textarea>", id, label, id, name,
              raw(attrs), fault_marks(fault(name)), value(name, stored.value_or("")));
    };
    h.add("<details id=\"details\" class=\"ticket-edit\"{}><summary>Edit the ticket: problem, promised date, mechanic, bike, hook tag, "
          "estimate, notes</summary><form class=\"card\" id=\"ticket-form\" method=\"post\" action=\"{}\">",
          raw(o.failed(Part::details) ? " open" : ""), ticket_path(w.id));
    if (o.failed(Part::details)) web::form_error(h, o.error);
    textarea("ticket-problem", "problem", "Problem, in the customer's words", w.problem, "required");
    text_input(h, {"ticket-promised", "promised_date", "Promised for", value("promised_date", w.promised_date.value_or("")), "type=\"date\"",
                   fault("promised_date")});
    const std::string mechanic = value("mechanic_staff_id", w.mechanic_staff_id ? std::to_string(*w.mechanic_staff_id) : "");
    h.add("<label for=\"ticket-mechanic\">Mechanic</label><select id=\"ticket-mechanic\" name=\"mechanic_staff_id\"{}><option value=\"\">"
          "Unassigned</option>",
          fault_marks(fault("mechanic_staff_id")));
    for (const auto& m : p.mechanics)
        if (!m.disabled || std::to_string(m.id) == mechanic)
            h.add("<option value=\"{}\"{}>{}</option>", m.id, raw(std::to_string(m.id) == mechanic ? " selected" : ""), m.display_name);
    h.add("</select>");
    const std::string bike = value("bike_id", w.bike_id ? std::to_string(*w.bike_id) : "");
    h.add("<label for=\"ticket-bike-choice\">Bike</label><select id=\"ticket-bike-choice\" name=\"bike_id\"{}><option value=\"\">None (a wheel "
          "or a part alone)</option>",
          fault_marks(fault("bike_id")));
    for (const auto& b : p.bikes) {
        const std::string label = b.make.value_or("") + " " + b.model.value_or("") + (b.frame_serial ? " · " + *b.frame_serial : "");
        h.add("<option value=\"{}\"{}>{}</option>", b.id, raw(std::to_string(b.id) == bike ? " selected" : ""), label);
    }
    h.add("</select>");
    text_input(h, {"ticket-hook", "hook_tag", "Hook tag", value("hook_tag", w.hook_tag.value_or("")), "maxlength=\"20\" autocomplete=\"off\"",
                   fault("hook_tag")});
    const bool warranty = o.failed(Part::details) && o.error->code != Code::conflict ? web::ticked(o.entered, "warranty") : w.warranty;
    web::checkbox(h, "ticket-warranty", "warranty", "Warranty work", warranty, fault("warranty"));
    text_input(h, {"ticket-estimate", "estimate", "Estimate", value("estimate", w.estimate ? format_cents(*w.estimate) : ""),
                   "inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"", fault("estimate")});
    text_input(h, {"ticket-nte", "not_to_exceed", "Not to exceed", value("not_to_exceed", w.not_to_exceed ? format_cents(*w.not_to_exceed) : ""),
                   "inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"", fault("not_to_exceed")});
    textarea("ticket-dropoff-notes", "dropoff_notes", "Drop-off notes (condition, accessories left)", w.dropoff_notes, "");
    textarea("ticket-customer-notes", "customer_notes", "Notes for the customer (printed)", w.customer_notes, "");
    textarea("ticket-internal-notes", "internal_notes", "Internal notes (staff only)", w.internal_notes, "");
    version_input(h, w);
    h.add("<button type=\"submit\" id=\"save-ticket\">Save ticket</button></form></details>");
}

void approval(Html& h, const Context& cx, const Page& p, const Outcome& o) {
    const WorkOrder& w = p.w;
    h.add("<section class=\"panel\" id=\"approval\" aria-labelledby=\"approval-title\"><h2 id=\"approval-title\">Customer's approval</h2>"
          "<p>Estimate {} · not to exceed {}</p>",
          cents_or_dash(w.estimate), cents_or_dash(w.not_to_exceed));
    if (w.approved_by && w.approved_at_ms)
        h.add("<p id=\"approved\">Approved by <strong>{}</strong> on {}.</p>", *w.approved_by, web::local_time(cx, *w.approved_at_ms));
    if (!w.open() || (!w.estimate && !w.not_to_exceed)) {
        h.add("</section>");
        return;
    }
    h.add("<form method=\"post\" action=\"{}\" id=\"approval-form\">", ticket_path(w.id, "/approval"));
    version_input(h, w);
    if (o.failed(Part::approval)) web::form_error(h, o.error);
    text_input(h, {"approved-by", "approved_by", w.approved_by ? "Approved again by" : "Approved by (who said yes)",
                   o.value(Part::approval, "approved_by", ""), "required maxlength=\"120\" autocomplete=\"off\"",
                   o.at_fault(Part::approval, "approved_by")});
    h.add("<button type=\"submit\" class=\"secondary\">Record the approval</button></form></section>");
}

void lines_table(Html& h, const Page& p) {
    const WorkOrder& w = p.w;
    h.add("<h2 id=\"lines-title\">Labor and parts</h2>");
    if (w.lines.empty()) {
        h.add("<p class=\"muted\" id=\"no-lines\">No lines yet.</p>");
        return;
    }
    h.add("<table id=\"lines\" class=\"cart\"><thead><tr><th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">Qty</th>"
          "<th scope=\"col\" class=\"num\">Price</th><th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\" class=\"num\">Minutes</th>"
          "<th scope=\"col\">Stock</th><th scope=\"col\"><span class=\"visually-hidden\">Remove</span></th></tr></thead><tbody>");
    for (const auto& l : w.lines) {
        h.add("<tr id=\"line-{}\" data-kind=\"{}\"><td><span class=\"item\">{}</span> <span class=\"muted sku\">{}{}</span></td>", l.id, l.kind,
              l.description, l.sku, l.custom ? " · custom" : "");
        h.add("<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>", l.quantity,
              format_cents(l.unit_price), format_cents(l.unit_price * l.quantity), l.kind == "labor" ? minutes_text(l.minutes * l.quantity) : "");
        if (l.special_order_id) h.add("special order ({})", l.special_order_status);
        else if (l.kind == "part") h.add("{}{} on hand", l.on_hand < l.quantity ? "short: " : "", l.on_hand);
        h.add("</td><td>");
        if (w.open()) {
            h.add("<form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"line_id\" value=\"{}\">",
                  ticket_path(w.id, "/lines/remove"), l.id);
            version_input(h, w);
            h.add("<button type=\"submit\" class=\"small secondary\" aria-label=\"Remove {}\">Remove</button></form>", l.description);
        }
        h.add("</td></tr>");
    }
    h.add("</tbody></table>");
}

// A pick from the search: the product as a line; a stocked part short of stock may be
// special-ordered for the ticket instead.
void pick(Html& h, const WorkOrder& w, const catalog::Product& m) {
    const bool short_of_stock = m.is_stocked() && m.on_hand < 1;
    h.add("<li><form method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"product_id\" value=\"{}\">", ticket_path(w.id, "/lines"), m.id);
    version_input(h, w);
    h.add("<button type=\"submit\"><strong>{}</strong> {} · {}{}</button>", m.name, m.sku, format_cents(m.price),
          m.kind == "labor" ? " · " + minutes_text(m.standard_minutes.value_or(0))
          : m.is_stocked()  ? " · " + std::to_string(m.on_hand) + " on hand"
                            : std::string());
    if (short_of_stock)
        h.add("<button type=\"submit\" name=\"special_order\" value=\"1\" class=\"secondary\" aria-label=\"Special order {}\">Special order</button>",
              m.name);
    h.add("</form></li>");
}

void add_lines(Html& h, const Page& p, const Outcome& o) {
    const WorkOrder& w = p.w;
    if (!w.open()) return;
    h.add("<section class=\"panel\" id=\"add-lines\" aria-labelledby=\"add-lines-title\"><h2 id=\"add-lines-title\">Add a line</h2>");
    // The code box has the focus, so a scanner can add part after part.
    h.add("<form method=\"post\" action=\"{}\" id=\"add-line\" role=\"search\">", ticket_path(w.id, "/lines"));
    version_input(h, w);
    if (o.failed(Part::line)) web::form_error(h, o.error);
    text_input(h, {"line-code", "code", "Scan or search: a service-menu item or a part", o.value(Part::line, "code", o.q),
                   "type=\"search\" maxlength=\"64\" autocomplete=\"off\" data-shortcut=\"/\" autofocus", o.at_fault(Part::line, "code"), "/"});
    text_input(h, {"line-quantity", "quantity", "Qty", o.value(Part::line, "quantity", "1"),
                   "inputmode=\"numeric\" pattern=\"[0-9]+\" size=\"4\" maxlength=\"5\" autocomplete=\"off\"", o.at_fault(Part::line, "quantity")});
    web::checkbox(h, "line-special-order", "special_order", "Special order (not in stock)", false, o.at_fault(Part::line, "special_order"));
    h.add("<button type=\"submit\">Add</button></form>");
    if (!o.q.empty()) {
        h.add("<div id=\"matches\"><h3>Matching “{}”</h3>", o.q);
        if (p.matches.empty()) h.add("<p class=\"muted\" id=\"no-matches\">Nothing in the catalog matches “{}”.</p>", o.q);
        else {
            h.add("<ul class=\"picks\">");
            for (const auto& m : p.matches) pick(h, w, m);
            h.add("</ul>");
        }
        h.add("</div>");
    }
    if (!p.menu.empty()) {
        h.add("<details id=\"service-menu\"><summary>Service menu ({} items)</summary><ul class=\"picks\">", p.menu.size());
        for (const auto& m : p.menu) pick(h, w, m);
        h.add("</ul></details>");
    }
    const bool failed = o.failed(Part::custom);
    h.add("<details{}><summary>Custom labor (words, price, minutes)</summary><form method=\"post\" action=\"{}\" id=\"custom-labor\">",
          raw(failed ? " open" : ""), ticket_path(w.id, "/lines"));
    version_input(h, w);
    if (failed) web::form_error(h, o.error);
    text_input(h, {"custom-description", "description", "What was done", o.value(Part::custom, "description", ""),
                   "required maxlength=\"200\" autocomplete=\"off\"", o.at_fault(Part::custom, "description")});
    text_input(h, {"custom-price", "unit_price", "Price", o.value(Part::custom, "unit_price", ""),
                   "required inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"", o.at_fault(Part::custom, "unit_price")});
    text_input(h, {"custom-minutes", "minutes", "Minutes", o.value(Part::custom, "minutes", ""),
                   "inputmode=\"numeric\" pattern=\"[0-9]+\" maxlength=\"4\" autocomplete=\"off\"", o.at_fault(Part::custom, "minutes")});
    h.add("<button type=\"submit\">Add custom labor</button></form></details></section>");
}

void money_panel(Html& h, const Page& p, const Outcome& o) {
    const WorkOrder& w = p.w;
    h.add("<section class=\"panel\" id=\"money\" aria-labelledby=\"money-title\"><h2 id=\"money-title\">Money</h2>");
    if (p.money_error) h.add("<p class=\"error\" id=\"money-error\">{}</p>", p.money_error->message);
    if (p.money) {
        const Money& m = *p.money;
        h.add("<dl class=\"totals\"><dt>Subtotal</dt><dd id=\"money-subtotal\">{}</dd><dt>Tax</dt><dd id=\"money-tax\">{}</dd>"
              "<dt>Total</dt><dd id=\"money-total\">{}</dd><dt>Deposit held</dt><dd id=\"money-deposit\">{}</dd></dl>",
              format_cents(m.subtotal), format_cents(m.tax), format_cents(m.total), format_cents(m.deposit_held()));
        if (m.quote_error) h.add("<p class=\"notice warn\" id=\"quote-error\">{}</p>", *m.quote_error);
        if (w.not_to_exceed && m.total > *w.not_to_exceed)
            h.add("<p class=\"notice warn\" id=\"over-nte\" role=\"alert\">The total {} is over the not-to-exceed {}: ask the customer and "
                  "record their approval.</p>",
                  format_cents(m.total), format_cents(*w.not_to_exceed));
    }
    if (w.open()) {
        h.add("<form method=\"post\" action=\"{}\" id=\"deposit-form\">", ticket_path(w.id, "/deposit"));
        if (o.failed(Part::deposit)) web::form_error(h, o.error);
        text_input(h, {"deposit-amount", "amount", "Take a deposit of", o.value(Part::deposit, "amount", ""),
                       "required inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"", o.at_fault(Part::deposit, "amount")});
        h.add("<button type=\"submit\" class=\"secondary\">Take it at the register</button></form>");
    }
    h.add("</section>");
}

void history(Html& h, const Context& cx, const WorkOrder& w) {
    h.add("<h2 id=\"history-title\">History</h2><table id=\"history\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">From</th>"
          "<th scope=\"col\">To</th><th scope=\"col\">Who</th><th scope=\"col\">Note</th></tr></thead><tbody>");
    for (const auto& e : w.history)
        h.add("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", web::local_time(cx, e.at_ms), e.from ? status_label(*e.from) : "—",
              status_label(e.to), e.staff_name.value_or(""), e.note.value_or(""));
    h.add("</tbody></table>");
}

void messages(Html& h, const Context& cx, const std::vector<OutboxMessage>& outbox) {
    h.add("<h2 id=\"messages-title\">Messages to the customer</h2>");
    if (outbox.empty()) {
        h.add("<p class=\"muted\" id=\"no-messages\">None queued. Completing the ticket queues “ready for pickup” by the channel the customer "
              "agreed to.</p>");
        return;
    }
    h.add("<table id=\"messages\"><thead><tr><th scope=\"col\">Queued</th><th scope=\"col\">By</th><th scope=\"col\">Status</th>"
          "<th scope=\"col\">Text</th></tr></thead><tbody>");
    for (const auto& m : outbox)
        h.add("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", web::local_time(cx, m.created_at_ms), m.channel == "sms" ? "text message" : m.channel,
              m.status, m.body);
    h.add("</tbody></table>");
}

Task<Response> render_ticket(Context& cx, std::int64_t id, int status, const Outcome& o) {
    HELM_CO_TRY(auto p, co_await read_page(cx, id, o));
    Html h;
    heading(h, cx, p, o);
    // The work first (its lines, and beside them the next move), then the ticket's fields.
    h.add("<div class=\"ticket\"><div class=\"ticket-main\">");
    lines_table(h, p);
    add_lines(h, p, o);
    details(h, p, o);
    history(h, cx, p.w);
    messages(h, cx, p.outbox);
    h.add("</div><div class=\"side\">");
    moves(h, p, o);
    money_panel(h, p, o);
    approval(h, cx, p, o);
    h.add("</div></div>");
    const std::string title = p.w.number + " · " + p.w.customer_name;
    co_return Response::html(status, web::page(cx, {"service", title, script}, h.str()));
}

Task<Response> ticket_with_error(Context& cx, std::int64_t id, Error error) {
    Outcome o;
    const int status = Response::http_status(error.code);
    o.error = std::move(error);
    co_return co_await render_ticket(cx, id, status, o);
}

Task<Response> ticket_post(Context& cx, const Request& rq, web::RecordWrite write, Part part) {
    Outcome o;
    o.part = part;
    co_return co_await web::record_post(cx, rq, "ticket", write, std::move(o), render_ticket);
}

Result<std::int64_t> version_of(const Form& form) { return whole_number("version", trimmed(form_value(form, "version"))); }

Task<Result<std::string>> write_details(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto fields, work_order_fields_from_form(form));
    if (!fields.version) co_return invalid("version", "the form has no version: reload the page");
    HELM_CO_TRY(auto saved, co_await update_work_order(cx, id, fields));
    co_return ticket_path(saved.id, "?done=saved");
}

Task<Result<std::string>> write_approval(Context& cx, std::int64_t id, const Form& form) {
    const std::string who = trimmed(form_value(form, "approved_by"));
    if (who.empty()) co_return invalid("approved_by", "type who approved it (the customer, or who spoke for them)");
    const Form sent{{"approved_by", who}, {"version", form_value(form, "version")}};
    HELM_CO_TRY(auto fields, work_order_fields_from_form(sent));
    HELM_CO_TRY(auto saved, co_await update_work_order(cx, id, fields));
    co_return ticket_path(saved.id, "?done=approved");
}

// A scanned code adds its product; other text lists the catalog's matches to pick from, and
// so does a stocked part short of stock, so the clerk can special-order it instead.
Task<Result<std::string>> write_line(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto fields, line_fields_from_form(form));
    if (fields.code && !fields.product_id && !fields.description) {
        HELM_CO_TRY(auto found, co_await catalog::product_by_code(cx, *fields.code));
        const bool short_of_stock = found && found->is_stocked() && found->on_hand < fields.quantity && !fields.special_order;
        if (!found || short_of_stock) co_return ticket_path(id, "?q=" + percent_encode(*fields.code) + "#add-lines");
    }
    HELM_CO_TRY(auto saved, co_await add_line(cx, id, fields));
    co_return ticket_path(saved.id, "?done=line#lines-title");
}

Task<Result<std::string>> write_removal(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto line_id, whole_number("line_id", form_value(form, "line_id")));
    HELM_CO_TRY(auto version, version_of(form));
    HELM_CO_TRY(auto saved, co_await remove_line(cx, id, line_id, version));
    co_return ticket_path(saved.id, "?done=removed#lines-title");
}

// A held sale on the register: resumed there at once when the register's cart is empty
// (the clerk lands on it), else left among the held sales to resume.
Task<Result<std::string>> onto_register(Context& cx, std::int64_t draft_id) {
    HELM_CO_TRY(auto open, co_await sales::open_cart(cx, register_id));
    if (!open.empty()) co_return std::string("/register/held");
    HELM_CO_TRY(auto held, co_await sales::load_draft(cx, draft_id));
    auto resumed = co_await sales::resume_held(cx, held.id, held.version, register_id);
    co_return std::string(resumed ? "/register" : "/register/held");
}

Task<Result<std::string>> write_deposit(Context& cx, std::int64_t id, const Form& form) {
    const auto amount = parse_cents(trimmed(form_value(form, "amount")));
    if (!amount || amount->value <= 0 || amount->value > max_money.value) co_return invalid("amount", "a deposit is an amount like 50.00");
    HELM_CO_TRY(auto draft_id, co_await hold_deposit(cx, id, *amount, register_id));
    co_return co_await onto_register(cx, draft_id);
}

Task<Result<std::string>> write_invoice(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto version, version_of(form));
    HELM_CO_TRY(auto invoice, co_await invoice_work_order(cx, id, version, register_id));
    co_return co_await onto_register(cx, invoice.draft_id);
}

}  // namespace screens

using namespace screens;

Task<Response> ticket_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "ticket"));
    Outcome o;
    o.done = rq.query_value("done");
    o.q = trimmed(rq.query_value("q"));
    co_return co_await render_ticket(cx, id, 200, o);
}

Task<Response> save_ticket_from_form(Context& cx, const Request& rq) { co_return co_await ticket_post(cx, rq, write_details, Part::details); }
Task<Response> approval_from_form(Context& cx, const Request& rq) { co_return co_await ticket_post(cx, rq, write_approval, Part::approval); }
Task<Response> deposit_from_form(Context& cx, const Request& rq) { co_return co_await ticket_post(cx, rq, write_deposit, Part::deposit); }
Task<Response> invoice_from_form(Context& cx, const Request& rq) { co_return co_await ticket_post(cx, rq, write_invoice, Part::invoice); }

Task<Response> add_line_from_form(Context& cx, const Request& rq) {
    // Custom labor has its own form (the one that sends a description): its error shows there.
    const Form form = parse_form(rq.body);
    const bool custom = std::any_of(form.begin(), form.end(), [](const auto& field) { return field.first == "description"; });
    co_return co_await ticket_post(cx, rq, write_line, custom ? Part::custom : Part::line);
}

Task<Response> remove_line_from_form(Context& cx, const Request& rq) { co_return co_await ticket_post(cx, rq, write_removal, Part::none); }

}  // namespace helm::service
