// The Customers screens: the list and search (a scanner types a bike's serial into the
// focused box), and one customer's page with their bikes and the forms to edit them, add
// a bike, merge a duplicate, export and erase. Plain HTML forms over the same writes as
// the API (customers.cpp); /static/customers.js only adds shortcuts.
#include "customers/views/customer_pages.hpp"

#include <charconv>

#include "core/fields.hpp"
#include "core/html.hpp"
#include "core/time.hpp"
#include "customers/customers.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::customers {
namespace {

using web::fault_marks;
using web::text_input;

constexpr std::string_view script = "customers.js";

// Which form of a page was sent, so that its error shows in it.
enum class Part { none, add, edit, bike, merge, erase };

struct Outcome : web::FormOutcome<Part> {
    std::string done;     // the notice a post redirected with: "added", "saved", ...
    std::string merge_q;  // customers matching this text, offered to merge into
};

std::string customer_path(std::int64_t id) { return "/customers/" + std::to_string(id); }
}  // namespace

void facts_list(Html& h, const std::vector<Fact>& facts, std::string_view id) {
    if (facts.empty()) return;
    h.add("<div class=\"facts\" id=\"{}\">", id);
    for (std::size_t i = 0; i < facts.size(); ++i) {
        const Fact& f = facts[i];
        if (i == 0 || facts[i - 1].group != f.group) h.add("<h3>{}</h3><ul>", f.group);
        if (f.href.empty()) h.add("<li>{} <strong>{}</strong></li>", f.label, f.value);
        else h.add("<li><a href=\"{}\">{}</a> {}</li>", f.href, f.label, f.value);
        if (i + 1 == facts.size() || facts[i + 1].group != f.group) h.add("</ul>");
    }
    h.add("</div>");
}

namespace {

// A closed set of notices, so that a crafted link cannot put its own words on the page.
std::string notice(std::string_view done, const Customer& c, bool has_duplicates) {
    if (done == "added")
        return "Added " + c.name + "." + (has_duplicates ? " Another customer has the same phone or email: see below." : "");
    if (done == "saved") return "Saved.";
    if (done == "bike") return "Bike added.";
    if (done == "merged") return "Merged: the other customer's bikes are now here.";
    if (done == "erased") return "Personal data erased. Sales stay, under this pseudonym.";
    return {};
}

// The form's fields as they show: a customer's stored values, in the form's own names.
Form form_of(const Customer& c) {
    auto text = [](const std::optional<std::string>& t) { return t.value_or(""); };
    return {{"name", c.name},
            {"company", text(c.company)},
            {"phone", text(c.phone)},
            {"email", text(c.email)},
            {"tax_exempt", c.tax_exempt ? "1" : "0"},
            {"tax_exempt_reference", text(c.tax_exempt_reference)},
            {"consent_sms", c.consent_sms ? "1" : "0"},
            {"consent_email", c.consent_email ? "1" : "0"},
            {"notes", text(c.notes)},
            {"version", std::to_string(c.version)}};
}

// The customer's fields, for a new customer (prefix "new") or an edit ("customer").
void customer_fields(Html& h, std::string_view prefix, const Form& values, const Outcome& o, Part part) {
    const std::string p(prefix);
    auto fault = [&](std::string_view field) { return o.at_fault(part, field); };
    const auto name = form_value(values, "name"), company = form_value(values, "company"), phone = form_value(values, "phone"),
               email = form_value(values, "email"), reference = form_value(values, "tax_exempt_reference"),
               notes = form_value(values, "notes");
    // "n" starts a new customer, "e" edits this one (shell.js).
    const std::string name_attrs = std::string("required maxlength=\"120\" autocomplete=\"off\" data-shortcut=\"") + (p == "new" ? "n" : "e") + "\"";
    text_input(h, {p + "-name", "name", "Name", name, name_attrs, fault("name")});
    text_input(h, {p + "-company", "company", "Company (optional)", company, "maxlength=\"120\" autocomplete=\"off\"", fault("company")});
    text_input(h, {p + "-phone", "phone", "Phone", phone, "type=\"tel\" maxlength=\"40\" autocomplete=\"off\"", fault("phone")});
    text_input(h, {p + "-email", "email", "Email", email, "type=\"email\" maxlength=\"254\" autocomplete=\"off\"", fault("email")});
    web::checkbox(h, p + "-tax-exempt", "tax_exempt", "Tax exempt", web::ticked(values, "tax_exempt"), fault("tax_exempt"));
    text_input(h, {p + "-tax-reference", "tax_exempt_reference", "Exemption reference", reference, "maxlength=\"80\" autocomplete=\"off\"",
                   fault("tax_exempt_reference")});
    web::checkbox(h, p + "-consent-sms", "consent_sms", "Agrees to text messages", web::ticked(values, "consent_sms"), fault("consent_sms"));
    web::checkbox(h, p + "-consent-email", "consent_email", "Agrees to emails", web::ticked(values, "consent_email"),
                  fault("consent_email"));
    web::text_area(h, {p + "-notes", "notes", "Notes", notes, "maxlength=\"2000\"", fault("notes")});
}

void results(Html& h, std::string_view query, const std::vector<Found>& found) {
    if (found.empty()) {
        h.add("<p class=\"muted\" id=\"no-customers\">{}</p>",
              query.empty() ? "No customers yet: add the first one below." : "No customer matches that search.");
        return;
    }
    h.add("<table class=\"customers\"><thead><tr><th scope=\"col\">Customer</th><th scope=\"col\">Company</th>"
          "<th scope=\"col\">Phone</th><th scope=\"col\">Email</th><th scope=\"col\">Found by</th></tr></thead><tbody>");
    for (const auto& f : found) {
        const Customer& c = f.customer;
        h.add("<tr><th scope=\"row\"><a href=\"{}\">{}</a> <span class=\"muted\">#{}</span></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
              customer_path(c.id), c.name, c.id, c.company.value_or(""), c.phone.value_or(""), c.email.value_or(""),
              f.by_serial ? "Bike serial" : "");
    }
    h.add("</tbody></table>");
}

std::string render_list(const Context& cx, std::string_view query, const std::vector<Found>& found, const Outcome& o) {
    Html h;
    h.add("<form class=\"search\" method=\"get\" action=\"/customers\" role=\"search\">"
          "<label for=\"customer-search\">Search by name, phone, email or bike serial</label>"
          "<input id=\"customer-search\" name=\"q\" type=\"search\" value=\"{}\" maxlength=\"{}\" autofocus autocomplete=\"off\" "
          "data-shortcut=\"/\"{}>"
          "<button type=\"submit\">Search</button></form>",
          query, max_query_length, fault_marks(o.error && o.error->field == "q"));
    if (o.error && o.part == Part::none) web::form_error(h, o.error);
    results(h, query, found);
    h.add("<h2 id=\"add\">Add a customer</h2><form class=\"card\" id=\"add-customer\" method=\"post\" action=\"/customers\">");
    if (o.failed(Part::add)) web::form_error(h, o.error);
    customer_fields(h, "new", o.entered, o, Part::add);
    h.add("<button type=\"submit\">Add customer</button></form>");
    return web::page(cx, {"customers", "Customers", script}, h.str());
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

void summary(const Context& cx, Html& h, const Customer& c) {
    h.add("<dl class=\"customer\"><dt>Customer number</dt><dd>#{}</dd>", c.id);
    if (c.company) h.add("<dt>Company</dt><dd>{}</dd>", *c.company);
    if (c.phone) h.add("<dt>Phone</dt><dd><a href=\"tel:{}\">{}</a></dd>", *c.phone, *c.phone);
    if (c.email) h.add("<dt>Email</dt><dd><a href=\"mailto:{}\">{}</a></dd>", *c.email, *c.email);
    if (c.tax_exempt) h.add("<dt>Tax exempt</dt><dd>yes, {}</dd>", c.tax_exempt_reference.value_or(""));
    h.add("<dt>Messages</dt><dd>text: {} · email: {}</dd>", yes_no(c.consent_sms), yes_no(c.consent_email));
    if (c.notes) h.add("<dt>Notes</dt><dd class=\"notes\">{}</dd>", *c.notes);
    h.add("<dt>Customer since</dt><dd>{}</dd></dl>", business_date(cx.shop.timezone, c.created_at_ms));
}

// A bike links to its service history for staff who may open the service screens.
void bikes_table(Html& h, const std::vector<Bike>& bikes, bool with_service) {
    h.add("<h2 id=\"bikes\">Bikes</h2>");
    if (bikes.empty()) {
        h.add("<p class=\"muted\" id=\"no-bikes\">No bikes yet.</p>");
        return;
    }
    h.add("<table class=\"bikes\"><thead><tr><th scope=\"col\">Bike</th><th scope=\"col\">Colour</th><th scope=\"col\">Size</th>"
          "<th scope=\"col\">Frame serial</th><th scope=\"col\">Battery serial</th><th scope=\"col\">Key</th>"
          "<th scope=\"col\">Bought here</th><th scope=\"col\">Notes</th></tr></thead><tbody>");
    for (const auto& b : bikes) {
        if (with_service) h.add("<tr><th scope=\"row\"><a href=\"{}\">{}</a></th>", bike_history_path(b.id), bike_title(b));
        else h.add("<tr><th scope=\"row\">{}</th>", bike_title(b));
        h.add("<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"notes\">{}</td></tr>", b.colour.value_or(""),
              b.size.value_or(""), b.frame_serial.value_or(""), b.battery_serial.value_or(""), b.key_number.value_or(""),
              b.serial_unit_id ? "yes, unit " + std::to_string(*b.serial_unit_id) : std::string(), b.notes.value_or(""));
    }
    h.add("</tbody></table>");
}

void bike_form(Html& h, const Customer& c, const Outcome& o) {
    const Form& values = o.failed(Part::bike) ? o.entered : Form{};
    auto fault = [&](std::string_view field) { return o.at_fault(Part::bike, field); };
    h.add("<h2 id=\"add-bike\">Add a bike</h2><form class=\"card\" id=\"bike-form\" method=\"post\" action=\"{}/bikes\">",
          customer_path(c.id));
    if (o.failed(Part::bike)) web::form_error(h, o.error);
    const auto make = form_value(values, "make"), model = form_value(values, "model"), year = form_value(values, "year"),
               colour = form_value(values, "colour"), size = form_value(values, "size"), frame = form_value(values, "frame_serial"),
               battery = form_value(values, "battery_serial"), key = form_value(values, "key_number"),
               notes = form_value(values, "notes");
    text_input(h, {"bike-make", "make", "Make", make, "maxlength=\"80\" autocomplete=\"off\" data-shortcut=\"b\"", fault("make")});
    text_input(h, {"bike-model", "model", "Model", model, "maxlength=\"80\" autocomplete=\"off\"", fault("model")});
    text_input(h, {"bike-year", "year", "Year", year, "inputmode=\"numeric\" pattern=\"[0-9]{4}\" maxlength=\"4\" autocomplete=\"off\"",
                   fault("year")});
    text_input(h, {"bike-colour", "colour", "Colour", colour, "maxlength=\"40\" autocomplete=\"off\"", fault("colour")});
    text_input(h, {"bike-size", "size", "Size", size, "maxlength=\"40\" autocomplete=\"off\"", fault("size")});
    text_input(h, {"bike-frame-serial", "frame_serial", "Frame serial", frame, "maxlength=\"64\" autocomplete=\"off\"", fault("frame_serial")});
    text_input(h, {"bike-battery-serial", "battery_serial", "Battery serial (e-bike)", battery, "maxlength=\"64\" autocomplete=\"off\"",
                   fault("battery_serial")});
    text_input(h, {"bike-key", "key_number", "Key number", key, "maxlength=\"40\" autocomplete=\"off\"", fault("key_number")});
    web::text_area(h, {"bike-notes", "notes", "Notes", notes, "maxlength=\"2000\"", fault("notes")});
    h.add("<button type=\"submit\">Add bike</button></form>");
}

void edit_form(Html& h, const Customer& c, const Outcome& o) {
    // A refused form shows what was sent, but a conflict shows what is stored now, with
    // its version, so that the change can be made again over it.
    const bool sent = o.failed(Part::edit) && o.error->code != Code::conflict;
    h.add("<h2 id=\"details\">Details</h2><form class=\"card\" id=\"edit-customer\" method=\"post\" action=\"{}\">", customer_path(c.id));
    if (o.failed(Part::edit)) web::form_error(h, o.error);
    const Form values = sent ? o.entered : form_of(c);
    customer_fields(h, "customer", values, o, Part::edit);
    h.add("<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\">Save details</button></form>",
          form_value(values, "version"));
}

void duplicates_list(Html& h, const Customer& c, const std::vector<Customer>& duplicates, bool may_merge) {
    if (duplicates.empty()) return;
    h.add("<section id=\"duplicates\" aria-labelledby=\"duplicates-title\"><h2 id=\"duplicates-title\">Possible duplicates</h2>"
          "<p>These customers have the same phone or email.</p><ul class=\"duplicates\">");
    for (const auto& d : duplicates) {
        h.add("<li><a href=\"{}\">{}</a> <span class=\"muted\">#{} · {} · {}</span>", customer_path(d.id), d.name, d.id,
              d.phone.value_or("no phone"), d.email.value_or("no email"));
        if (may_merge)
            h.add("<form method=\"post\" action=\"{}/merge\"><input type=\"hidden\" name=\"into_id\" value=\"{}\">"
                  "<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\">Merge this customer into #{}</button></form>",
                  customer_path(c.id), d.id, c.version, d.id);
        h.add("</li>");
    }
    h.add("</ul></section>");
}

// The customer to keep is found by a search, then chosen by its own Merge button.
void merge_form(Html& h, const Customer& c, const Outcome& o, const std::vector<Found>& found) {
    h.add("<h2 id=\"merge\">Merge into another customer</h2><section class=\"card\" id=\"merge-form\">"
          "<p class=\"hint\">When this record is a duplicate: its bikes, sales and service history move to the customer you keep, "
          "and this record points there.</p>");
    if (o.failed(Part::merge)) web::form_error(h, o.error);
    h.add("<form class=\"search\" method=\"get\" action=\"{}#merge\" role=\"search\" aria-label=\"Find the customer to keep\">",
          customer_path(c.id));
    text_input(h, {"merge-search", "merge_q", "Find the customer to keep (name, phone, email)", o.merge_q,
                   "type=\"search\" maxlength=\"200\" autocomplete=\"off\"", o.at_fault(Part::merge, "into_id") || o.at_fault(Part::merge, "merge_q")});
    h.add("<button type=\"submit\" class=\"secondary\">Find</button></form>");
    if (!o.merge_q.empty() && found.empty()) h.add("<p class=\"muted\" id=\"no-merge-matches\">No other customer matches “{}”.</p>", o.merge_q);
    if (!found.empty()) h.add("<ul class=\"picks\" id=\"merge-picks\">");
    for (const auto& f : found) {
        const auto& keep = f.customer;
        h.add("<li><form method=\"post\" action=\"{}/merge\"><input type=\"hidden\" name=\"into_id\" value=\"{}\">"
              "<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\">Merge into <strong>{}</strong> #{}{}{}</button>"
              "</form></li>",
              customer_path(c.id), keep.id, c.version, keep.name, keep.id, keep.phone ? " · " + *keep.phone : std::string(),
              keep.email ? " · " + *keep.email : std::string());
    }
    if (!found.empty()) h.add("</ul>");
    h.add("</section>");
}

// What the other modules know of them (balances, open tickets, recent purchases), and the
// two things one does next for a customer: sell to them, or take their bike in.
void at_a_glance(Html& h, const Context& cx, const Customer& c, const std::vector<Fact>& facts) {
    const bool may_sell = cx.session && cx.session->can("screen.sales");
    const bool may_check_in = cx.session && cx.session->can("screen.service");
    if (c.active() && (may_sell || may_check_in)) {
        h.add("<p class=\"actions\" id=\"customer-actions\">");
        if (may_sell) h.add("<a class=\"button\" id=\"new-sale\" href=\"/register?customer={}\">New sale</a> ", c.id);
        if (may_check_in) h.add("<a class=\"button secondary\" id=\"new-ticket\" href=\"/service/new?customer={}\">New ticket</a>", c.id);
        h.add("</p>");
    }
    facts_list(h, facts, "customer-facts");
}

void privacy(Html& h, const Context& cx, const Customer& c, const Outcome& o) {
    const bool may_export = cx.session && cx.session->can("action.data_export");
    const bool may_erase = cx.session && cx.session->can("action.customer_erase") && !c.erased_at_ms;
    if (!may_export && !may_erase) return;
    h.add("<h2 id=\"privacy\">Privacy</h2>");
    if (may_export)
        h.add("<p><a class=\"button\" id=\"export\" href=\"/api/customers/{}/export\" download>Export this customer's data (JSON)</a></p>",
              c.id);
    if (!may_erase) return;
    h.add("<form class=\"card\" id=\"erase-form\" method=\"post\" action=\"{}/erase\"><p class=\"hint\">Erasing replaces the name "
          "and removes the phone, email, notes and bike serials for good, here and in every customer merged into this one. "
          "Sales stay, under the pseudonym.</p>",
          customer_path(c.id));
    if (o.failed(Part::erase)) web::form_error(h, o.error);
    web::checkbox(h, "erase-confirm", "confirm", "Yes, erase this customer's personal data", false, o.at_fault(Part::erase, "confirm"));
    h.add("<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\" class=\"danger\">Erase personal data</button></form>",
          c.version);
}

Task<Response> render_customer(Context& cx, std::int64_t id, int status, const Outcome& o) {
    HELM_CO_TRY(Customer c, co_await load_customer(cx, id));
    HELM_CO_TRY(std::vector<Bike> bikes, co_await bikes_of(cx, id));
    std::vector<Customer> duplicates;
    if (c.active()) {
        HELM_CO_TRY(duplicates, co_await possible_duplicates(cx, c));
    }
    const bool may_merge = cx.session && cx.session->can("action.customer_merge");
    const bool with_service = cx.session && cx.session->can("screen.service");
    std::string service_history;
    if (with_service) {
        HELM_CO_TRY(service_history, co_await service_history_html(cx, id));
    }
    HELM_CO_TRY(auto facts, co_await facts_about(cx, id));
    std::vector<Found> merge_matches;
    if (may_merge && c.active() && !o.merge_q.empty() && !o.failed(Part::merge)) {
        HELM_CO_TRY(auto found, co_await find_customers(cx, o.merge_q, 10));
        for (auto& f : found)
            if (f.customer.id != c.id) merge_matches.push_back(std::move(f));
    }
    Html h;
    h.add("<p><a href=\"/customers\">Customers</a> › {}</p>", c.name);
    if (auto text = notice(o.done, c, !duplicates.empty()); !text.empty()) h.add("<p class=\"notice\" role=\"status\">{}</p>", text);
    if (c.merged_into_id)
        h.add("<p class=\"notice\" id=\"merged\">This customer was merged into <a href=\"{}\">customer #{}</a>: their records are there.</p>",
              customer_path(*c.merged_into_id), *c.merged_into_id);
    if (c.erased_at_ms)
        h.add("<p class=\"notice\" id=\"erased\">Personal data erased on {}.</p>", business_date(cx.shop.timezone, *c.erased_at_ms));
    // A form that is not on this page (the customer was merged or erased meanwhile) still says why it was refused.
    if (o.error && !c.active()) web::form_error(h, o.error);
    at_a_glance(h, cx, c, facts);
    summary(cx, h, c);
    duplicates_list(h, c, duplicates, may_merge);
    bikes_table(h, bikes, with_service);
    if (with_service) h.add("{}", raw(service_history));
    if (c.active()) {
        bike_form(h, c, o);
        edit_form(h, c, o);
        if (may_merge) merge_form(h, c, o, merge_matches);
    }
    privacy(h, cx, c, o);
    co_return Response::html(status, web::page(cx, {"customers", c.name, script}, h.str()));
}

Result<std::int64_t> whole_id(std::string_view field, std::string text, std::string_view message) {
    text = trimmed(text);
    if (!text.empty() && text.front() == '#') text.erase(0, 1);
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < 1 || n > max_safe_integer)
        return invalid(std::string(field), std::string(message));
    return n;
}

template <class T>
Status status_of(Result<T> result) {
    if (!result) return std::move(result).error();
    return Ok{};
}

Task<Result<std::string>> write_details(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto fields, customer_fields_from_form(form));
    if (!fields.version) co_return invalid("version", "the form has no version: reload the page");
    HELM_CO_TRY(auto saved, co_await update_customer(cx, id, fields));
    co_return customer_path(saved.id) + "?done=saved";
}

Task<Result<std::string>> write_bike(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto fields, bike_fields_from_form(form));
    HELM_CO_TRY(auto bike, co_await add_bike(cx, id, fields));
    co_return customer_path(bike.customer_id) + "?done=bike#bikes";
}

Task<Result<std::string>> write_merge(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto into, whole_id("into_id", form_value(form, "into_id"), "enter the number of the customer to keep, like 12"));
    HELM_CO_TRY(auto version, whole_id("version", form_value(form, "version"), "the form has no version: reload the page"));
    HELM_CO_TRY(auto survivor, co_await merge_customer(cx, id, into, version));
    co_return customer_path(survivor.id) + "?done=merged";
}

Task<Result<std::string>> write_erase(Context& cx, std::int64_t id, const Form& form) {
    if (!web::ticked(form, "confirm")) co_return invalid("confirm", "tick the box to confirm the erasure");
    HELM_CO_TRY(auto version, whole_id("version", form_value(form, "version"), "the form has no version: reload the page"));
    HELM_CO_TRY(auto erased, co_await erase_customer(cx, id, version));
    co_return customer_path(erased.id) + "?done=erased";
}

Task<Response> customer_post(Context& cx, const Request& rq, web::RecordWrite write, Part part) {
    Outcome o;
    o.part = part;
    co_return co_await web::record_post(cx, rq, "customer", write, std::move(o), render_customer);
}

Task<Result<Created>> create_from_form(Context& cx, const Form& form) {
    HELM_CO_TRY(auto fields, customer_fields_from_form(form));
    fields.version.reset();  // the add form has none; a crafted one is not an edit either
    co_return co_await create_customer(cx, fields);
}

}  // namespace

Task<Response> customers_page(Context& cx, const Request& rq) {
    const std::string query = rq.query_value("q");
    Outcome o;
    std::vector<Found> found;
    auto searched = co_await find_customers(cx, query, default_page_size);
    if (searched) found = std::move(*searched);
    else o.error = std::move(searched).error();
    const int status = o.error ? Response::http_status(o.error->code) : 200;
    co_return Response::html(status, render_list(cx, query, found, o));
}

Task<Response> add_customer_from_form(Context& cx, const Request& rq) {
    Outcome o;
    o.part = Part::add;
    o.entered = parse_form(rq.body);
    auto created = co_await create_from_form(cx, o.entered);
    if (created) co_return Response::redirect(customer_path(created->customer.id) + "?done=added");
    o.error = std::move(created).error();
    std::vector<Found> found;
    auto listed = co_await find_customers(cx, "", default_page_size);
    if (listed) found = std::move(*listed);
    co_return Response::html(Response::http_status(o.error->code), render_list(cx, "", found, o));
}

Task<Response> customer_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "customer"));
    Outcome o;
    o.done = rq.query_value("done");
    o.merge_q = trimmed(rq.query_value("merge_q"));
    // A search refused (too long, a hidden character) says so on its box.
    if (auto ok = check_search("merge_q", o.merge_q); !ok) {
        o.part = Part::merge;
        o.error = std::move(ok).error();
    }
    co_return co_await render_customer(cx, id, o.error ? Response::http_status(o.error->code) : 200, o);
}

Task<Response> save_customer_from_form(Context& cx, const Request& rq) {
    co_return co_await customer_post(cx, rq, write_details, Part::edit);
}

Task<Response> add_bike_from_form(Context& cx, const Request& rq) {
    co_return co_await customer_post(cx, rq, write_bike, Part::bike);
}

Task<Response> merge_from_form(Context& cx, const Request& rq) {
    co_return co_await customer_post(cx, rq, write_merge, Part::merge);
}

Task<Response> erase_from_form(Context& cx, const Request& rq) {
    co_return co_await customer_post(cx, rq, write_erase, Part::erase);
}

}  // namespace helm::customers
