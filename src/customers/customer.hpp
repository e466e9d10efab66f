#pragma once
// A customer and their bikes as the shop stores them, and the fields a create or an edit
// may set, read from JSON (the API) or from a form (the screens) and checked by one
// validator each. The audit images here carry ids, flags and the names of changed fields,
// never a value a person could be recognised by: the audit log cannot be erased.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/d1.hpp"
#include "core/http.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

namespace helm::customers {

struct Customer {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> company, phone, email, notes, tax_exempt_reference;
    bool tax_exempt = false;
    bool consent_sms = false;
    bool consent_email = false;
    std::optional<std::int64_t> merged_into_id;  // merged away: the customer that holds their records now
    std::optional<std::int64_t> erased_at_ms;    // pseudonymised
    std::int64_t version = 0;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;

    bool active() const { return !merged_into_id && !erased_at_ms; }
};

// Absent means "leave as it is"; an optional text may be set to none (null, or blank in
// a form). An edit names the version it was made against.
struct CustomerFields {
    std::optional<std::string> name;
    std::optional<std::optional<std::string>> company, phone, email, notes, tax_exempt_reference;
    std::optional<bool> tax_exempt, consent_sms, consent_email;
    std::optional<std::int64_t> version;
};

struct Bike {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::optional<std::string> make, model, colour, size, frame_serial, battery_serial, key_number, notes;
    std::optional<std::int64_t> year;
    std::optional<std::int64_t> serial_unit_id;  // bought here: the serialized unit sold (set by the inventory module)
    std::int64_t version = 0;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

struct BikeFields {
    std::optional<std::optional<std::string>> make, model, colour, size, frame_serial, battery_serial, key_number, notes;
    std::optional<std::optional<std::int64_t>> year;
    std::optional<std::int64_t> version;
};

Result<CustomerFields> customer_fields_from_json(std::string_view body);
// Every field of the customer form: blank texts are none, checkboxes "1" or "0".
Result<CustomerFields> customer_fields_from_form(const Form& form);
Result<BikeFields> bike_fields_from_json(std::string_view body);
Result<BikeFields> bike_fields_from_form(const Form& form);

bool has_changes(const CustomerFields& f);
bool has_changes(const BikeFields& f);

// Applies the fields, then checks the whole record: a new customer needs a name, and a
// tax-exempt one a reference.
Result<Customer> apply(Customer base, const CustomerFields& fields);
Result<Bike> apply(Bike base, const BikeFields& fields);

// What a bike is called on a page: "Trek Domane 2022", or "Bike 12" when nothing says.
std::string bike_title(const Bike& b);

// "604-555-0199" -> "9910555406": the last digits typed are a prefix of this.
std::string digits_reversed(std::string_view phone);

Customer customer_from_row(const Row& row);
Bike bike_from_row(const Row& row);
Json customer_json(const Customer& c);
Json bike_json(const Bike& b);

// What the audit log keeps: ids, flags, the version and the names of the fields that
// are set (`changed_from` absent) or that changed since `changed_from`.
Json customer_audit_image(const Customer& c, const Customer* changed_from = nullptr);
Json bike_audit_image(const Bike& b, const Bike* changed_from = nullptr);

}  // namespace helm::customers
