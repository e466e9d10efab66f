#include "staff/staff.hpp"
#include "staff/staff_sql.hpp"

#include <charconv>

#include "core/fields.hpp"
#include "core/hex.hpp"

namespace helm::staff {

Result<StaffFields> fields_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"display_name", "role", "pin", "disabled", "idle_timeout_s", "version"}));
    StaffFields f;
    for (auto [key, value] : doc.object()) {
        if (key == "display_name") {
            HELM_TRY(f.display_name, json_text(value, key));
        } else if (key == "role") {
            HELM_TRY(f.role, json_text(value, key));
        } else if (key == "pin") {
            HELM_TRY(f.pin, json_text(value, key));
        } else if (key == "disabled") {
            HELM_TRY(f.disabled, json_bool(value, key));
        } else if (key == "idle_timeout_s") {
            if (value.is_null()) {
                f.idle_timeout_s.emplace(std::nullopt);
            } else {
                HELM_TRY(auto seconds, json_integer(value, key));
                f.idle_timeout_s.emplace(seconds);
            }
        } else if (key == "version") {
            HELM_TRY(f.version, json_integer(value, key));
        }
    }
    return f;
}

namespace {
Result<std::int64_t> form_integer(std::string_view text, const std::string& field) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        return invalid(field, field + " must be a whole number");
    return n;
}

// Blank: none of the member's own (the role's or the shop's default applies).
Result<std::optional<std::int64_t>> blank_or_integer(const std::string& text, const std::string& field) {
    if (text.empty()) return std::optional<std::int64_t>();
    HELM_TRY(auto n, form_integer(text, field));
    return std::optional(n);
}
}  // namespace

Result<StaffFields> fields_from_form(const Form& form) {
    StaffFields f;
    for (const auto& [key, value] : form) {
        if (key == "display_name") f.display_name = trimmed(value);
        if (key == "role") f.role = trimmed(value);
        if (key == "pin") f.pin = trimmed(value);
        if (key == "disabled") {
            if (value != "0" && value != "1") return invalid(key, "disabled is 1 or 0");
            f.disabled = value == "1";
        }
        if (key == "idle_timeout_s") {
            HELM_TRY(f.idle_timeout_s, blank_or_integer(trimmed(value), key));
        }
        if (key == "version") {
            HELM_TRY(f.version, form_integer(value, key));
        }
    }
    return f;
}

Status check_pin(std::string_view pin) {
    if (pin.size() != 5 || pin.find_first_not_of("0123456789") != std::string_view::npos)
        return invalid("pin", "a PIN is exactly five digits");
    bool same = true, up = true, down = true;
    for (std::size_t i = 1; i < pin.size(); ++i) {
        same = same && pin[i] == pin[0];
        up = up && pin[i] == pin[i - 1] + 1;
        down = down && pin[i] == pin[i - 1] - 1;
    }
    if (same || up || down) return invalid("pin", "that PIN is among the first a thief would try; choose another");
    return Ok{};
}

Status check_edit(const StaffFields& f) {
    if (auto s = f.display_name ? check_text("display_name", *f.display_name, 80) : Ok{}; !s) return s;
    if (auto s = f.role ? check_text("role", *f.role, 40) : Ok{}; !s) return s;
    if (auto s = f.pin ? check_pin(*f.pin) : Ok{}; !s) return s;
    if (f.idle_timeout_s && *f.idle_timeout_s && (**f.idle_timeout_s < 15 || **f.idle_timeout_s > 43200))
        return invalid("idle_timeout_s", "the idle time-out is between 15 seconds and 12 hours");
    if (f.version && *f.version < 1) return invalid("version", "version must be a positive whole number");
    return Ok{};
}

Status check_new(const StaffFields& f) {
    if (f.version) return invalid("version", "a new staff member has no version yet");
    if (!f.display_name) return invalid("display_name", "display_name is required");
    if (!f.role) return invalid("role", "role is required");
    if (!f.pin) return invalid("pin", "a PIN is required");
    return check_edit(f);
}

StaffMember staff_from_row(const Row& row) {
    StaffMember s;
    s.id = row.integer("id");
    s.display_name = row.text("display_name");
    s.role = row.text("role_key");
    s.pin_hash = row.text("pin_hash");
    s.pin_salt = row.text("pin_salt");
    s.pin_iterations = row.integer("pin_iterations");
    s.idle_timeout_s = row.optional_integer("idle_timeout_s");
    s.disabled = row.integer("disabled") != 0;
    s.version = row.integer("version");
    s.created_at_ms = row.integer("created_at_ms");
    s.updated_at_ms = row.integer("updated_at_ms");
    return s;
}

Json staff_json(const StaffMember& s) {
    return {{"id", s.id},
            {"display_name", s.display_name},
            {"role", s.role},
            {"idle_timeout_s", s.idle_timeout_s ? Json(*s.idle_timeout_s) : Json(nullptr)},
            {"disabled", s.disabled},
            {"version", s.version},
            {"created_at_ms", s.created_at_ms},
            {"updated_at_ms", s.updated_at_ms}};
}

namespace {

std::vector<Value> row_values(const StaffMember& s) {
    return {s.id, s.display_name, s.role, s.pin_hash, s.pin_salt, s.pin_iterations, nullable(s.idle_timeout_s),
            std::int64_t{s.disabled}, s.version, s.created_at_ms, s.updated_at_ms};
}
}  // namespace

Statement insert_statement(const StaffMember& s) { return {std::string(sql::insert_staff), row_values(s)}; }

Statement update_statement(const StaffMember& after, std::int64_t expected_version) {
    auto values = row_values(after);
    values.push_back(expected_version);
    return {std::string(sql::update_staff), std::move(values)};
}

Task<Result<StaffMember>> load_staff(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::staff_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "staff member " + std::to_string(id) + " not found", "id"};
    co_return staff_from_row(Row(found, 0));
}

Task<Result<std::vector<StaffMember>>> list_staff(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::list_staff));
    std::vector<StaffMember> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) out.push_back(staff_from_row(Row(found, i)));
    co_return out;
}

Task<Result<std::vector<Role>>> list_roles(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::list_roles));
    std::vector<Role> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row r(found, i);
        out.push_back(Role{r.text("key"), r.text("name"), r.integer("idle_timeout_s")});
    }
    co_return out;
}

Task<Result<std::vector<Permission>>> effective_permissions(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::effective_permissions, id));
    std::vector<Permission> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row p(found, i);
        out.push_back(Permission{p.text("key"), p.text("label"), p.text("kind"), p.integer("allowed") != 0, p.text("source"),
                                 p.integer("role_allows") != 0});
    }
    co_return out;
}

Json permission_json(const Permission& p) {
    return {{"key", p.key}, {"label", p.label}, {"kind", p.kind}, {"allowed", p.allowed}, {"source", p.source}};
}

namespace {
Blob bytes_of(std::string_view text) { return Blob(text.begin(), text.end()); }
}  // namespace

Task<Result<PinHash>> hash_pin(Context& cx, std::string_view pin, std::string salt_hex) {
    PinHash out{"", salt_hex.empty() ? random_hex(16) : std::move(salt_hex)};
    HELM_CO_TRY(auto key, co_await cx.crypto.pbkdf2_sha256(bytes_of(pin), from_hex(out.salt), pin_iterations));
    out.hash = to_hex(key);
    co_return out;
}

Task<Result<bool>> pin_matches(Context& cx, std::string_view pin, const StaffMember& s) {
    HELM_CO_TRY(auto tried, co_await hash_pin(cx, pin, s.pin_salt));
    co_return constant_time_equal(tried.hash, s.pin_hash);
}

}  // namespace helm::staff
