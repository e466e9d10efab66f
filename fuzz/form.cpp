// Form posts as the screens read them: the fields, the field readers of core/fields, then
// the form readers kept apart from handlers (products, customers and bikes, work orders).
// Nothing may crash, and what a reader accepts stays within its checks.
#include "catalog/product.hpp"
#include "core/fields.hpp"
#include "core/http.hpp"
#include "customers/customer.hpp"
#include "fuzz.hpp"
#include "service/service.hpp"

using namespace helm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Form form = parse_form(fuzz::text(data, size));
    if (auto edit = catalog::edit_from_text(catalog::Product{}, form); edit) (void)catalog::check_product(*edit, true);
    (void)customers::customer_fields_from_form(form);
    (void)customers::bike_fields_from_form(form);
    (void)service::work_order_fields_from_form(form);
    (void)service::line_fields_from_form(form);
    for (const auto& [name, value] : form) {
        if (auto number = whole_number(name, value); number)
            fuzz::require(*number <= max_safe_integer && *number >= -max_safe_integer, "a whole number is exact in JS");
        if (auto words = typed_text(name, value, 200); words && *words)
            fuzz::require(!holds_card_number(**words), "typed text never holds a card number");
    }
    return 0;
}
