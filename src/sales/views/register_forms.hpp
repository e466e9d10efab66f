#pragma once
// What the register's screens (the cart, held sales, the tender) share: every form carries
// the register, the cart's id and the version the page showed.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/fields.hpp"
#include "core/html.hpp"
#include "core/money.hpp"
#include "sales/drafts.hpp"

namespace helm::sales::register_screen {

constexpr std::string_view script = "register.js";

// The cart's register, id and version, as hidden inputs of a form.
void state_inputs(Html& h, const Draft& d);
// A whole number the form sent, or `fallback` when it sent none.
Result<std::int64_t> form_number(const Form& form, std::string_view name, std::int64_t fallback);
// The cart the form was drawn from.
Result<Seen> seen_from_form(const Form& form);

}  // namespace helm::sales::register_screen
