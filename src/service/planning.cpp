#include "service/planning.hpp"

#include "catalog/products.hpp"
#include "catalog/taxonomy.hpp"
#include "core/time.hpp"
#include "customers/customers.hpp"
#include "sales/sales.hpp"

namespace helm::service {

Task<Result<Line>> plan_line(Context& cx, const WorkOrder& w, const LineFields& f) {
    Line l;
    l.quantity = f.quantity;
    const bool custom = f.description || f.unit_price || f.minutes;
    if (custom) {
        if (f.product_id || f.code) co_return invalid("description", "custom labor is typed on its own (words, price, minutes), without a product");
        if (!f.description) co_return invalid("description", "say what the labor is");
        if (!f.unit_price) co_return invalid("unit_price", "give the labor's price");
        if (f.minutes && (*f.minutes < 0 || *f.minutes > 6000)) co_return invalid("minutes", "minutes are from 0 to 6000");
        if (f.special_order) co_return invalid("special_order", "labor is not special-ordered");
        l.kind = "labor";
        l.custom = true;
        l.description = *f.description;
        l.unit_price = *f.unit_price;
        l.minutes = f.minutes.value_or(0);
        l.tax_class = "labor";
        co_return l;
    }
    std::optional<catalog::Product> product;
    if (f.product_id) {
        auto loaded = co_await catalog::load_product(cx, *f.product_id);
        if (!loaded) co_return Error{loaded.error().code, loaded.error().message, "product_id"};
        product = std::move(*loaded);
    } else if (f.code) {
        HELM_CO_TRY(auto found, co_await catalog::product_by_code(cx, *f.code));
        if (!found) co_return Error{Code::not_found, "no product has the code " + *f.code, "code"};
        product = std::move(*found);
    } else {
        co_return invalid("product_id", "choose a labor item or a part, or type custom labor");
    }
    const catalog::Product& p = *product;
    if (!p.active) co_return Error{Code::failed_precondition, p.name + " is no longer sold", "product_id"};
    if (p.kind == "gift_card") co_return invalid("product_id", "a gift card is sold at the register, not on a ticket");
    if (p.serialized) co_return invalid("product_id", p.name + " is sold by its serial at the register, not on a ticket");
    l.kind = p.kind == "labor" ? "labor" : "part";
    l.description = p.name;
    l.unit_price = p.price;
    l.minutes = p.kind == "labor" ? p.standard_minutes.value_or(0) : 0;
    if (f.special_order) {
        if (!p.is_stocked()) co_return invalid("special_order", p.name + " is not a stocked part: nothing to order");
        std::int64_t needed = f.quantity;
        for (const auto& other : w.lines)
            if (other.product_id == p.id && !other.special_order_id) needed += other.quantity;
        if (p.on_hand >= needed)
            co_return invalid("special_order", p.name + " is in stock (" + std::to_string(p.on_hand) + "): no special order needed");
    }
    l.product_id = product->id;
    l.sku = product->sku;
    l.tax_class = product->tax_class;
    l.discountable = product->discountable;
    l.on_hand = product->on_hand;
    co_return l;
}

Task<Result<sales::Totals>> price_lines(Context& cx, std::int64_t customer_id, const std::vector<Line>& lines) {
    HELM_CO_TRY(auto settings, co_await sales::load_settings(cx));
    HELM_CO_TRY(auto rates, co_await catalog::rates_on(cx, business_date(cx.shop.timezone, cx.now_ms())));
    HELM_CO_TRY(auto customer, co_await customers::load_customer(cx, customer_id));
    std::vector<sales::LineInput> inputs;
    for (const auto& l : lines) inputs.push_back({l.quantity, l.unit_price, {}, l.discountable, l.tax_class});
    co_return sales::price(inputs, {}, rates, {settings.prices_include_tax, settings.round_per_invoice, customer.tax_exempt});
}

Task<Status> within_not_to_exceed(Context& cx, const WorkOrder& w, const Line& added) {
    if (!w.not_to_exceed) co_return Ok{};
    std::vector<Line> lines = w.lines;
    lines.push_back(added);
    HELM_CO_TRY(auto totals, co_await price_lines(cx, w.customer_id, lines));
    if (totals.total > *w.not_to_exceed)
        co_return Error{Code::failed_precondition,
                        "this takes " + w.number + " to " + format_cents(totals.total) + ", over the " + format_cents(*w.not_to_exceed) +
                            " not-to-exceed: ask the customer and record their new approval first",
                        "not_to_exceed_cents"};
    co_return Ok{};
}

std::optional<Message> ready_for_pickup(const Shop& shop, const WorkOrder& w, const customers::Customer& c) {
    std::string channel;
    if (c.consent_sms && c.phone) channel = "sms";
    else if (c.consent_email && c.email) channel = "email";
    else return std::nullopt;
    const std::string what = w.bike_label ? "Your " + *w.bike_label : "Your repair";
    return Message{channel, what + " is ready for pickup at " + shop.name + " (ticket " + w.number + ")."};
}

}  // namespace helm::service
