// Settings -> Staff. Plain HTML forms over the same writes as the API (staff_writes.cpp);
// every form works without script.
#include "staff/views/staff_pages.hpp"

#include "core/fields.hpp"
#include "core/html.hpp"
#include "staff/staff.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::staff {
namespace {

using web::fault_marks;
using web::ticked;

// Which form of a page was sent, so that its error shows in it.
enum class Part { none, add, details, pin, permissions };

struct Outcome : web::FormOutcome<Part> {
    std::string done;  // the notice a post redirected with: "added", "saved", ...
};

// A closed set of notices, so that a crafted link cannot put its own words on the page.
std::string notice(std::string_view done, const StaffMember& s) {
    if (done == "added") return "Added " + s.display_name + ". Their permissions are their role's until you change them below.";
    if (done == "saved") return "Saved.";
    if (done == "pin") return "PIN reset: tell " + s.display_name + " the new PIN in person.";
    if (done == "permissions") return "Permissions saved.";
    if (done == "reset") return "Permissions are back to the role's defaults.";
    return {};
}

std::string member_path(std::int64_t id) { return "/settings/staff/" + std::to_string(id); }

std::string duration(std::int64_t seconds) {
    if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + " h";
    if (seconds % 60 == 0) return std::to_string(seconds / 60) + " min";
    return std::to_string(seconds) + " s";
}

// staff.role_key references roles, so the role is always listed; the key stands in otherwise.
Role role_of(const std::vector<Role>& roles, const std::string& key) {
    for (const auto& r : roles)
        if (r.key == key) return r;
    return Role{key, key, 0};
}

std::string idle_text(const StaffMember& s, const Role& role) {
    if (s.idle_timeout_s) return duration(*s.idle_timeout_s);
    return duration(role.idle_timeout_s) + " (default)";
}

void error_of(Html& h, const Outcome& o, Part p) {
    if (o.failed(p)) web::form_error(h, o.error);
}

void name_input(Html& h, std::string_view id, std::string_view value, bool at_fault) {
    h.add("<label for=\"{}\">Display name</label><input id=\"{}\" name=\"display_name\" value=\"{}\" required maxlength=\"80\" "
          "autocomplete=\"off\"{}>",
          id, id, value, fault_marks(at_fault));
}

void role_select(Html& h, std::string_view id, const std::vector<Role>& roles, std::string_view chosen, bool at_fault) {
    h.add("<label for=\"{}\">Role</label><select id=\"{}\" name=\"role\" required{}>", id, id, fault_marks(at_fault));
    if (chosen.empty()) h.add("<option value=\"\" selected>Choose a role</option>");
    for (const auto& r : roles) h.add("<option value=\"{}\"{}>{}</option>", r.key, raw(r.key == chosen ? " selected" : ""), r.name);
    h.add("</select>");
}

// Never filled in: a PIN does not come back in a page.
void pin_input(Html& h, std::string_view id, std::string_view label, bool at_fault) {
    h.add("<label for=\"{}\">{}</label><input id=\"{}\" name=\"pin\" type=\"password\" inputmode=\"numeric\" pattern=\"[0-9]{5}\" "
          "minlength=\"5\" maxlength=\"5\" required autocomplete=\"new-password\"{}>",
          id, label, id, fault_marks(at_fault));
}

Task<Response> render_list(Context& cx, int status, const Outcome& o) {
    HELM_CO_TRY(auto members, co_await list_staff(cx));
    HELM_CO_TRY(auto roles, co_await list_roles(cx));
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › Staff</p>"
          "<table class=\"settings\" id=\"staff\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th>"
          "<th scope=\"col\">Status</th><th scope=\"col\">Idle time</th></tr></thead><tbody>");
    for (const auto& s : members) {
        const Role role = role_of(roles, s.role);
        h.add("<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>", member_path(s.id),
              s.display_name, role.name, s.disabled ? "Disabled" : "Active", idle_text(s, role));
    }
    h.add("</tbody></table><h2 id=\"add\">Add a staff member</h2><form class=\"card\" method=\"post\" action=\"/settings/staff\">");
    error_of(h, o, Part::add);
    name_input(h, "add-name", form_value(o.entered, "display_name"), o.at_fault(Part::add, "display_name"));
    role_select(h, "add-role", roles, form_value(o.entered, "role"), o.at_fault(Part::add, "role"));
    pin_input(h, "add-pin", "PIN (five digits)", o.at_fault(Part::add, "pin"));
    h.add("<button type=\"submit\">Add staff member</button></form>");
    co_return Response::html(status, web::page(cx, {"settings", "Staff"}, h.str()));
}

void details_form(Html& h, const StaffMember& s, const std::vector<Role>& roles, const Outcome& o) {
    // A refused form shows what was sent, but a conflict shows what is stored now, with
    // its version, so that the change can be made again over it.
    const bool sent = o.failed(Part::details) && o.error->code != Code::conflict;
    auto shown = [&](std::string_view name, std::string stored) { return sent ? form_value(o.entered, name) : stored; };
    const Role role = role_of(roles, s.role);
    h.add("<h2 id=\"details\">Details</h2><form class=\"card\" method=\"post\" action=\"{}\">", member_path(s.id));
    error_of(h, o, Part::details);
    name_input(h, "member-name", shown("display_name", s.display_name), o.at_fault(Part::details, "display_name"));
    role_select(h, "member-role", roles, shown("role", s.role), o.at_fault(Part::details, "role"));
    // A checkbox sends nothing when clear: the hidden 0 before it says so, its 1 overrides.
    h.add("<label for=\"member-disabled\">Disabled: cannot sign in</label><input type=\"hidden\" name=\"disabled\" value=\"0\">"
          "<input id=\"member-disabled\" name=\"disabled\" type=\"checkbox\" value=\"1\"{}{}>",
          raw((sent ? ticked(o.entered, "disabled") : s.disabled) ? " checked" : ""), fault_marks(o.at_fault(Part::details, "disabled")));
    h.add("<label for=\"member-idle\">Idle time-out in seconds<br><small class=\"muted\">blank: the default, {}</small></label>"
          "<input id=\"member-idle\" name=\"idle_timeout_s\" type=\"number\" min=\"15\" max=\"43200\" step=\"1\" value=\"{}\"{}>",
          duration(role.idle_timeout_s), shown("idle_timeout_s", s.idle_timeout_s ? std::to_string(*s.idle_timeout_s) : ""),
          fault_marks(o.at_fault(Part::details, "idle_timeout_s")));
    h.add("<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\">Save details</button></form>",
          shown("version", std::to_string(s.version)));
}

void pin_form(Html& h, const StaffMember& s, const Outcome& o) {
    h.add("<h2 id=\"pin\">PIN</h2><form class=\"card\" method=\"post\" action=\"{}/pin\">"
          "<p class=\"hint\">A new PIN works at once; the old one stops working.</p>",
          member_path(s.id));
    error_of(h, o, Part::pin);
    pin_input(h, "member-pin", "New PIN (five digits)", o.at_fault(Part::pin, "pin"));
    h.add("<button type=\"submit\">Reset PIN</button></form>");
}

// One radio group per permission: the role's answer, or this member's own yes or no.
void permission_row(Html& h, const Permission& p, bool at_fault) {
    const std::string_view chosen = p.source != "staff" ? "role" : p.allowed ? "allow" : "deny";
    const std::string role_default = std::string("Role default (") + (p.role_allows ? "yes" : "no") + ")";
    h.add("<fieldset class=\"permission\"><legend>{}</legend>", p.label);
    for (const auto& [value, label] : {std::pair<std::string_view, std::string_view>{"role", role_default}, {"allow", "Allow"}, {"deny", "Deny"}})
        h.add("<span><input type=\"radio\" id=\"perm-{}-{}\" name=\"{}\" value=\"{}\"{}{}><label for=\"perm-{}-{}\">{}</label></span>",
              p.key, value, p.key, value, raw(value == chosen ? " checked" : ""), fault_marks(at_fault), p.key, value, label);
    h.add("<span class=\"now\">Now: {}, {}</span></fieldset>", p.allowed ? "yes" : "no",
          p.source == "staff" ? "their own answer" : "from the role");
}

void permissions_form(Html& h, const StaffMember& s, const std::vector<Permission>& permissions, const Outcome& o) {
    h.add("<h2 id=\"permissions\">Permissions</h2><p>Each permission follows the role unless it is allowed or denied "
          "for {} alone.</p><form class=\"permissions\" method=\"post\" action=\"{}/permissions\">",
          s.display_name, member_path(s.id));
    error_of(h, o, Part::permissions);
    std::string_view kind;
    for (const auto& p : permissions) {
        if (p.kind != kind) h.add("<h3>{}</h3>", p.kind == "screen" ? "Screens" : "Actions");
        kind = p.kind;
        permission_row(h, p, o.at_fault(Part::permissions, p.key));
    }
    h.add("<button type=\"submit\">Save permissions</button></form>"
          "<form method=\"post\" action=\"{}/permissions/reset\"><button type=\"submit\" class=\"danger\">Reset to role defaults</button></form>",
          member_path(s.id));
}

Task<Response> render_member(Context& cx, std::int64_t id, int status, const Outcome& o) {
    HELM_CO_TRY(auto s, co_await load_staff(cx, id));
    HELM_CO_TRY(auto roles, co_await list_roles(cx));
    HELM_CO_TRY(auto permissions, co_await effective_permissions(cx, id));
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › <a href=\"/settings/staff\">Staff</a> › {}</p>", s.display_name);
    if (auto text = notice(o.done, s); !text.empty()) h.add("<p class=\"notice\" role=\"status\">{}</p>", text);
    h.add("<p>{} · {}</p>", role_of(roles, s.role).name, s.disabled ? "Disabled" : "Active");
    details_form(h, s, roles, o);
    pin_form(h, s, o);
    permissions_form(h, s, permissions, o);
    co_return Response::html(status, web::page(cx, {"settings", s.display_name}, h.str()));
}

// The matrix as set_overrides takes it: allow is true, deny false, role null.
Result<Json> overrides_from_form(const Form& form) {
    Json out = Json::object();
    for (const auto& [key, choice] : form) {
        if (choice == "role") out[key] = nullptr;
        else if (choice == "allow") out[key] = true;
        else if (choice == "deny") out[key] = false;
        else return invalid(key, key + " is role, allow or deny");
    }
    return out;
}

template <class T>
Status status_of(Result<T> result) {
    if (!result) return std::move(result).error();
    return Ok{};
}

// What one of a member page's forms does with what it sent.
using MemberWrite = Task<Status> (*)(Context& cx, std::int64_t id, const Form& form);

Task<Status> write_details(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto fields, fields_from_form(form));
    co_return status_of(co_await update_staff(cx, id, fields));
}

Task<Status> write_pin(Context& cx, std::int64_t id, const Form& form) {
    const std::string pin = trimmed(form_value(form, "pin"));
    co_return status_of(co_await reset_pin(cx, id, pin));
}

Task<Status> write_permissions(Context& cx, std::int64_t id, const Form& form) {
    HELM_CO_TRY(auto overrides, overrides_from_form(form));
    co_return status_of(co_await set_overrides(cx, id, overrides));
}

Task<Status> write_reset(Context& cx, std::int64_t id, const Form&) { co_return co_await reset_overrides(cx, id); }

// A member page's post: 303 back to the page with a notice (so that a reload does not
// post again), or the page again with the form's error and what it held.
Task<Response> member_post(Context& cx, const Request& rq, MemberWrite write, Part part, std::string done) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    Outcome o;
    o.part = part;
    o.entered = parse_form(rq.body);
    auto written = co_await write(cx, id, o.entered);
    if (written) co_return Response::redirect(member_path(id) + "?done=" + done);
    o.error = std::move(written).error();
    co_return co_await render_member(cx, id, Response::http_status(o.error->code), o);
}

Task<Result<StaffMember>> create_from_form(Context& cx, const Form& form) {
    HELM_CO_TRY(auto fields, fields_from_form(form));
    co_return co_await create_staff(cx, fields);
}

}  // namespace

Task<Response> staff_list_page(Context& cx, const Request&) {
    const Outcome none;
    co_return co_await render_list(cx, 200, none);
}

Task<Response> add_staff_from_form(Context& cx, const Request& rq) {
    Outcome o;
    o.part = Part::add;
    o.entered = parse_form(rq.body);
    auto created = co_await create_from_form(cx, o.entered);
    if (created) co_return Response::redirect(member_path(created->id) + "?done=added");
    o.error = std::move(created).error();
    co_return co_await render_list(cx, Response::http_status(o.error->code), o);
}

Task<Response> staff_member_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    Outcome o;
    o.done = rq.query_value("done");
    co_return co_await render_member(cx, id, 200, o);
}

Task<Response> save_member_from_form(Context& cx, const Request& rq) {
    co_return co_await member_post(cx, rq, write_details, Part::details, "saved");
}

Task<Response> reset_pin_from_form(Context& cx, const Request& rq) {
    co_return co_await member_post(cx, rq, write_pin, Part::pin, "pin");
}

Task<Response> save_permissions_from_form(Context& cx, const Request& rq) {
    co_return co_await member_post(cx, rq, write_permissions, Part::permissions, "permissions");
}

Task<Response> reset_permissions_from_form(Context& cx, const Request& rq) {
    co_return co_await member_post(cx, rq, write_reset, Part::permissions, "reset");
}

}  // namespace helm::staff
