// JSON bodies as the API reads them: the field readers of core/fields, the JSON readers
// kept apart from handlers (products, customers and bikes, sales, work orders) and the
// shop's configuration. Nothing may crash; what typed_text accepts passes check_text.
#include "catalog/product.hpp"
#include "core/fields.hpp"
#include "core/json.hpp"
#include "core/shop.hpp"
#include "customers/customer.hpp"
#include "fuzz.hpp"
#include "sales/sales.hpp"
#include "service/service.hpp"

using namespace helm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body = fuzz::text(data, size);
    if (auto doc = JsonDocument::parse(body); doc) {
        if (auto object = json_object(*doc); object) {
            for (auto [key, value] : *object) {
                (void)json_text(value, key);
                (void)json_bool(value, key);
                (void)json_integer(value, key);
                if (auto words = typed_text(value, key, 500); words && *words) {
                    fuzz::require(!holds_card_number(**words), "typed text never holds a card number");
                    fuzz::require(check_text(key, **words, 500).ok(), "typed text passes check_text");
                }
            }
        }
    }
    if (auto edit = catalog::edit_from_json(catalog::Product{}, body); edit) (void)catalog::check_product(*edit, true);
    (void)customers::customer_fields_from_json(body);
    (void)customers::bike_fields_from_json(body);
    if (auto sale = sales::sale_request_from_json(body); sale) {
        fuzz::require(sale->lines.size() <= sales::max_sale_lines, "a sale has at most its lines");
        for (const auto& line : sale->lines)
            fuzz::require(line.quantity != 0 && line.quantity <= sales::max_line_quantity && line.quantity >= -sales::max_line_quantity,
                          "a line's quantity stays within its bound");
    }
    (void)service::work_order_fields_from_json(body);
    (void)service::line_fields_from_json(body);
    (void)shop_from_config(body);
    return 0;
}
