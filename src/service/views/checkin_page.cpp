// Check-in. A scanner types a frame serial into the focused search box: when it finds one
// customer by that serial, they are chosen and that bike is ticked, so the writer goes
// straight on to the problem. A customer the search does not find is added on the spot
// (customers::create_customer, behind the customers module's own permission) and chosen.
// A new bike is added to the customer (customers::add_bike) only once the ticket's own
// fields have been read and a problem typed, then the ticket is opened on it; every refusal
// comes back on its field with what was typed.
#include "service/views/checkin_page.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "core/fields.hpp"
#include "customers/customers.hpp"
#include "service/service.hpp"
#include "service/views/pieces.hpp"
#include "staff/staff.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::service {
namespace screens {

using web::fault_marks;
using web::text_input;

constexpr int max_customers = 20;

// The form's names the ticket reads (work_order_fields_from_form), and the new bike's,
// sent as "bike_<name>" so they never mix with the ticket's.
constexpr std::array ticket_names{std::string_view("customer_id"), std::string_view("problem"), std::string_view("promised_date"),
                                  std::string_view("dropoff_notes"), std::string_view("hook_tag"), std::string_view("mechanic_staff_id"),
                                  std::string_view("estimate"), std::string_view("not_to_exceed"), std::string_view("warranty")};
constexpr std::array new_bike_names{std::string_view("make"), std::string_view("model"), std::string_view("year"),
                                    std::string_view("colour"), std::string_view("size"), std::string_view("frame_serial")};
// What the new-customer form sends; the rest of the customer is filled in on their page.
constexpr std::array new_customer_names{std::string_view("name"), std::string_view("phone"), std::string_view("email"),
                                        std::string_view("consent_sms"), std::string_view("consent_email")};
constexpr std::string_view new_bike = "new";
constexpr std::string_view no_bike = "none";

struct CheckIn : web::FormOutcome<> {
    std::string q;
    std::int64_t customer_id = 0;
    std::int64_t bike_id = 0;  // the bike to tick, from its page's link
    bool added = false;        // the customer was just added here: say so, and who may be the same person
    bool adding_customer = false;  // the error is the new-customer form's
};

struct Chosen {
    customers::Customer customer;
    std::vector<customers::Bike> bikes;
};

bool same_serial(const customers::Bike& b, std::string_view q) {
    if (!b.frame_serial || b.frame_serial->size() != q.size() || q.empty()) return false;
    return std::equal(q.begin(), q.end(), b.frame_serial->begin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
}

// The bike ticked when the form first shows: the one asked for, the one whose serial was
// scanned, the only one, or a new one when the customer has none.
std::string first_choice(const CheckIn& c, const std::vector<customers::Bike>& bikes) {
    for (const auto& b : bikes)
        if (b.id == c.bike_id || same_serial(b, c.q)) return std::to_string(b.id);
    if (bikes.size() == 1) return std::to_string(bikes[0].id);
    return std::string(bikes.empty() ? new_bike : no_bike);
}

void search_form(Html& h, const CheckIn& c, bool autofocus) {
    h.add("<form class=\"search\" method=\"get\" action=\"/service/new\" role=\"search\"><label for=\"checkin-search\">Find the customer: "
          "name, phone or a bike's frame serial <kbd>/</kbd></label><input id=\"checkin-search\" name=\"q\" type=\"search\" value=\"{}\" "
          "maxlength=\"{}\" autocomplete=\"off\" data-shortcut=\"/\"{}{}><button type=\"submit\">Find</button></form>",
          c.q, customers::max_query_length, raw(autofocus ? " autofocus" : ""), fault_marks(c.at_fault("customer_id")));
}

void customer_picks(Html& h, const CheckIn& c, const std::vector<customers::Found>& found) {
    if (c.q.empty()) return;
    if (found.empty()) {
        h.add("<p class=\"muted\" id=\"no-customers\">No customer matches “{}”.</p>", c.q);
        return;
    }
    h.add("<ul class=\"picks\" id=\"customer-picks\">");
    for (const auto& f : found) {
        const auto& cu = f.customer;
        h.add("<li><a class=\"button secondary\" href=\"/service/new?customer={}&amp;q={}\"><strong>{}</strong> #{}{}{}{}</a></li>", cu.id,
              percent_encode(c.q), cu.name, cu.id, cu.phone ? " · " + *cu.phone : std::string(), cu.email ? " · " + *cu.email : std::string(),
              f.by_serial ? " · bike serial" : "");
    }
    h.add("</ul>");
}

// A search that found no one fills in what it can: a phone, an email, or else a name (a
// frame serial, letters and digits, is none of them).
Form typed_in_search(std::string_view q) {
    const bool has_digit = std::any_of(q.begin(), q.end(), [](unsigned char ch) { return std::isdigit(ch); });
    const bool phone_like = std::all_of(q.begin(), q.end(), [](unsigned char ch) { return std::isdigit(ch) || std::strchr(" -+().", ch); });
    if (q.find('@') != std::string_view::npos) return {{"email", std::string(q)}};
    if (has_digit) return phone_like ? Form{{"phone", std::string(q)}} : Form{};
    return {{"name", std::string(q)}};
}

// Whether the new-customer form is offered: the route checks the permission as the
// customers module's own form does; this only spares others a form that would refuse them.
bool may_add_customer(const Context& cx) { return cx.session && cx.session->can(add_customer_permission); }

// The new customer, added without leaving check-in; open when a search found no one (then
// adding them is the next step, and the name has the focus) or when it came back refused.
void new_customer_form(Html& h, const Context& cx, const CheckIn& c, bool none_found) {
    if (!may_add_customer(cx)) {
        h.add("<p class=\"hint\" id=\"new-customer-hint\">A ticket always belongs to a customer: someone who may add customers adds "
              "a new one, then you find them here.</p>");
        return;
    }
    const bool failed = c.error && c.adding_customer;
    const Form values = failed ? c.entered : none_found ? typed_in_search(c.q) : Form{};
    auto fault = [&](std::string_view field) { return failed && c.error->field == field; };
    h.add("<details id=\"new-customer\"{}><summary>New customer: add them here</summary><form class=\"card\" id=\"new-customer-form\" "
          "method=\"post\" action=\"/service/new/customer\"><input type=\"hidden\" name=\"q\" value=\"{}\">",
          raw(failed || none_found ? " open" : ""), c.q);
    if (failed) web::form_error(h, c.error);
    const std::string name_attrs = std::string("required maxlength=\"120\" autocomplete=\"off\"") + (none_found && !failed ? " autofocus" : "");
    text_input(h, {"new-customer-name", "name", "Name", form_value(values, "name"), name_attrs, fault("name")});
    text_input(h, {"new-customer-phone", "phone", "Phone", form_value(values, "phone"), "type=\"tel\" maxlength=\"40\" autocomplete=\"off\"",
                   fault("phone")});
    text_input(h, {"new-customer-email", "email", "Email", form_value(values, "email"),
                   "type=\"email\" maxlength=\"254\" autocomplete=\"off\"", fault("email")});
    web::checkbox(h, "new-customer-consent-sms", "consent_sms", "Agrees to text messages (“ready for pickup”)", web::ticked(values, "consent_sms"),
                  fault("consent_sms"));
    web::checkbox(h, "new-customer-consent-email", "consent_email", "Agrees to emails", web::ticked(values, "consent_email"),
                  fault("consent_email"));
    h.add("<button type=\"submit\" id=\"add-customer\">Add the customer and go on</button></form></details>");
}

// Just added here: other customers with the same phone or email may be the same person,
// to choose instead (a warning, as on the customers' own page, never a refusal).
void added_notice(Html& h, const customers::Customer& added, const std::vector<customers::Customer>& duplicates) {
    h.add("<p class=\"notice\" role=\"status\" id=\"customer-added\">Added {}.</p>", added.name);
    if (duplicates.empty()) return;
    h.add("<div class=\"notice warn\" id=\"possible-duplicates\"><p>Another customer has the same phone or email. The same person? "
          "Choose them instead:</p><ul>");
    for (const auto& d : duplicates)
        h.add("<li><a href=\"/service/new?customer={}\">{} #{}{}{}</a></li>", d.id, d.name, d.id, d.phone ? " · " + *d.phone : std::string(),
              d.email ? " · " + *d.email : std::string());
    h.add("</ul></div>");
}

void bike_choices(Html& h, const CheckIn& c, const Chosen& chosen) {
    const std::string ticked = c.error ? form_value(c.entered, "bike_choice") : first_choice(c, chosen.bikes);
    auto radio = [&](const std::string& value, const std::string& label, std::string_view id) {
        h.add("<label class=\"check\" for=\"{}\"><input type=\"radio\" id=\"{}\" name=\"bike_choice\" value=\"{}\"{}{}> {}</label>", id, id, value,
              raw(value == ticked ? " checked" : ""), fault_marks(c.at_fault("bike_id")), label);
    };
    h.add("<fieldset class=\"bike-choice\" id=\"bike-choice\"><legend>Bike</legend>");
    for (const auto& b : chosen.bikes)
        radio(std::to_string(b.id), customers::bike_title(b) + (b.frame_serial ? " · " + *b.frame_serial : ""), "bike-" + std::to_string(b.id));
    radio(std::string(new_bike), "A new bike:", "bike-new");
    h.add("<div class=\"new-bike\">");
    for (auto name : new_bike_names) {
        const std::string field = "bike_" + std::string(name), id = "new-bike-" + std::string(name);
        std::string label(name);
        label[0] = char(std::toupper(static_cast<unsigned char>(label[0])));
        std::replace(label.begin(), label.end(), '_', ' ');
        text_input(h, {id, field, label, form_value(c.entered, field), name == "year" ? "inputmode=\"numeric\" maxlength=\"4\" autocomplete=\"off\""
                                                                                      : "maxlength=\"64\" autocomplete=\"off\"",
                       c.at_fault(field)});
    }
    h.add("</div>");
    radio(std::string(no_bike), "No bike: a wheel or a part brought in alone", "bike-none");
    h.add("</fieldset>");
}

void ticket_form(Html& h, const CheckIn& c, const Chosen& chosen, const std::vector<staff::StaffMember>& team,
                 const std::vector<WorkshopLoad>& load, std::string_view from) {
    const auto& cu = chosen.customer;
    auto value = [&](std::string_view name) { return form_value(c.entered, name); };
    h.add("<h2 id=\"ticket-title\">Ticket for <a href=\"/customers/{}\">{}</a> <span class=\"muted\">#{}{}</span></h2>", cu.id, cu.name, cu.id,
          cu.phone ? " · " + *cu.phone : std::string());
    h.add("<div class=\"checkin\"><form class=\"card\" id=\"checkin-form\" method=\"post\" action=\"/service/new\">"
          "<input type=\"hidden\" name=\"customer_id\" value=\"{}\"><input type=\"hidden\" name=\"q\" value=\"{}\">",
          cu.id, c.q);
    web::form_error(h, c.error);
    bike_choices(h, c, chosen);
    h.add("<label for=\"checkin-problem\">Problem, in the customer's words</label><textarea id=\"checkin-problem\" name=\"problem\" rows=\"3\" "
          "maxlength=\"2000\" required{}{}>{}</textarea>",
          raw(c.error ? "" : " autofocus"), fault_marks(c.at_fault("problem")), value("problem"));
    text_input(h, {"checkin-promised", "promised_date", "Promised for (see the load)", value("promised_date"), "type=\"date\"",
                   c.at_fault("promised_date")});
    h.add("<label for=\"checkin-dropoff-notes\">Drop-off notes (condition, accessories left)</label><textarea id=\"checkin-dropoff-notes\" "
          "name=\"dropoff_notes\" rows=\"2\" maxlength=\"2000\"{}>{}</textarea>",
          fault_marks(c.at_fault("dropoff_notes")), value("dropoff_notes"));
    text_input(h, {"checkin-hook", "hook_tag", "Hook tag", value("hook_tag"), "maxlength=\"20\" autocomplete=\"off\"", c.at_fault("hook_tag")});
    const std::string mechanic = value("mechanic_staff_id");
    h.add("<label for=\"checkin-mechanic\">Mechanic</label><select id=\"checkin-mechanic\" name=\"mechanic_staff_id\"{}><option value=\"\">"
          "Unassigned</option>",
          fault_marks(c.at_fault("mechanic_staff_id")));
    for (const auto& m : team)
        if (!m.disabled) h.add("<option value=\"{}\"{}>{}</option>", m.id, raw(std::to_string(m.id) == mechanic ? " selected" : ""), m.display_name);
    h.add("</select>");
    text_input(h, {"checkin-estimate", "estimate", "Estimate", value("estimate"), "inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"",
                   c.at_fault("estimate")});
    text_input(h, {"checkin-nte", "not_to_exceed", "Not to exceed", value("not_to_exceed"),
                   "inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"", c.at_fault("not_to_exceed")});
    web::checkbox(h, "checkin-warranty", "warranty", "Warranty work", web::ticked(c.entered, "warranty"), c.at_fault("warranty"));
    h.add("<button type=\"submit\" id=\"open-ticket\">Open the ticket</button></form><aside class=\"panel\" id=\"workshop-load\">");
    load_table(h, load, from, load_days);
    h.add("</aside></div>");
}

Task<Response> render_checkin(Context& cx, const CheckIn& c, int status) {
    std::vector<customers::Found> found;
    if (!c.q.empty()) {
        HELM_CO_TRY(found, co_await customers::find_customers(cx, c.q, max_customers));
    }
    // One customer found by a bike's serial: the scan chose them.
    std::int64_t customer_id = c.customer_id;
    if (!customer_id && found.size() == 1 && found[0].by_serial) customer_id = found[0].customer.id;

    Html h;
    h.add("<p><a href=\"/service\">Service</a> › New ticket</p>");
    // The box has the focus until a customer is chosen (then the problem has it), unless a
    // search found no one who can be added here: then the new customer's name has it.
    const bool none_found = !c.q.empty() && found.empty();
    search_form(h, c, !customer_id && !(none_found && may_add_customer(cx)));
    if (!customer_id) {
        if (c.error && !c.adding_customer) web::form_error(h, c.error);
        customer_picks(h, c, found);
        new_customer_form(h, cx, c, none_found);
        co_return Response::html(status, web::page(cx, {"service", "New ticket", "service.js"}, h.str()));
    }
    Chosen chosen;
    HELM_CO_TRY(chosen.customer, co_await customers::load_customer(cx, customer_id));
    if (c.added) {
        HELM_CO_TRY(auto duplicates, co_await customers::possible_duplicates(cx, chosen.customer));
        added_notice(h, chosen.customer, duplicates);
    }
    HELM_CO_TRY(chosen.bikes, co_await customers::bikes_of(cx, customer_id));
    HELM_CO_TRY(auto team, co_await staff::list_staff(cx));
    const std::string from = today(cx);
    HELM_CO_TRY(auto load, co_await workshop_load(cx, from, load_days));
    if (found.size() > 1) customer_picks(h, c, found);
    ticket_form(h, c, chosen, team, load, from);
    co_return Response::html(status, web::page(cx, {"service", "New ticket", "service.js"}, h.str()));
}

// The new bike's fields as customers::bike_fields_from_form reads them; a refusal names
// the check-in form's own field.
Form new_bike_form(const Form& form) {
    Form bike;
    for (auto name : new_bike_names) bike.emplace_back(std::string(name), form_value(form, "bike_" + std::string(name)));
    return bike;
}
Error on_new_bike_field(Error e) {
    if (!e.field.empty()) e.field = "bike_" + e.field;
    return e;
}

// A new bike stays added when the ticket is then refused: the form comes back with it ticked.
Task<Result<WorkOrder>> check_in(Context& cx, Form& form) {
    Form ticket;
    for (auto name : ticket_names)
        for (const auto& [key, value] : form)
            if (key == name) ticket.emplace_back(key, value);
    const std::string choice = form_value(form, "bike_choice");
    if (choice != new_bike && choice != no_bike) ticket.emplace_back("bike_id", choice);
    HELM_CO_TRY(auto fields, work_order_fields_from_form(ticket));
    if (!fields.customer_id) co_return invalid("customer_id", "choose the customer first: there is no walk-in service ticket");
    if (!fields.problem || fields.problem->empty()) co_return invalid("problem", "describe the problem in the customer's words");
    if (choice == new_bike) {
        const Form bike_form = new_bike_form(form);
        if (std::all_of(bike_form.begin(), bike_form.end(), [](const auto& f) { return trimmed(f.second).empty(); }))
            co_return invalid("bike_make", "describe the new bike: its make, model or frame serial");
        auto bike_fields = customers::bike_fields_from_form(bike_form);
        if (!bike_fields) co_return on_new_bike_field(std::move(bike_fields).error());
        auto bike = co_await customers::add_bike(cx, *fields.customer_id, *bike_fields);
        if (!bike) co_return on_new_bike_field(std::move(bike).error());
        fields.bike_id = std::optional<std::int64_t>(bike->id);
        for (auto& [key, value] : form)
            if (key == "bike_choice") value = std::to_string(bike->id);
    }
    co_return co_await create_work_order(cx, fields);
}

// Only the new-customer form's own fields reach the customers module, however the post was made.
Task<Result<customers::Created>> add_customer(Context& cx, const Form& form) {
    Form customer;
    for (auto name : new_customer_names)
        for (const auto& [key, value] : form)
            if (key == name) customer.emplace_back(key, value);
    if (trimmed(form_value(customer, "name")).empty()) co_return invalid("name", "type the customer's name");
    HELM_CO_TRY(auto fields, customers::customer_fields_from_form(customer));
    co_return co_await customers::create_customer(cx, fields);
}

}  // namespace screens

using namespace screens;

Task<Response> checkin_page(Context& cx, const Request& rq) {
    CheckIn c;
    c.q = trimmed(rq.query_value("q"));
    HELM_CO_TRY(c.customer_id, query_number(rq, "customer", 0, 0, max_safe_integer));
    HELM_CO_TRY(c.bike_id, query_number(rq, "bike", 0, 0, max_safe_integer));
    c.added = rq.query_value("added") == "1";
    co_return co_await render_checkin(cx, c, 200);
}

Task<Response> checkin_from_form(Context& cx, const Request& rq) {
    CheckIn c;
    c.entered = parse_form(rq.body);
    auto created = co_await check_in(cx, c.entered);
    if (created) co_return Response::redirect(ticket_path(created->id, "?done=created"));
    c.error = std::move(created).error();
    c.q = trimmed(form_value(c.entered, "q"));
    auto customer_id = whole_number("customer_id", trimmed(form_value(c.entered, "customer_id")));
    if (customer_id && *customer_id > 0) c.customer_id = *customer_id;
    co_return co_await render_checkin(cx, c, Response::http_status(c.error->code));
}

Task<Response> new_customer_from_form(Context& cx, const Request& rq) {
    CheckIn c;
    c.entered = parse_form(rq.body);
    c.adding_customer = true;
    auto added = co_await add_customer(cx, c.entered);
    if (added) co_return Response::redirect("/service/new?customer=" + std::to_string(added->customer.id) + "&added=1");
    c.error = std::move(added).error();
    c.q = trimmed(form_value(c.entered, "q"));
    co_return co_await render_checkin(cx, c, Response::http_status(c.error->code));
}

}  // namespace helm::service
