// A SaleRequest from and to JSON: the API's body, and the cart a held sale keeps.
#include <algorithm>

#include "core/fields.hpp"
#include "sales/sales.hpp"

namespace helm::sales {
namespace {

using Object = simdjson::dom::object;
using Element = simdjson::dom::element;

std::string at(std::string_view list, std::size_t index, std::string_view key) {
    return std::string(list) + "[" + std::to_string(index) + "]." + field_name(key);
}

Result<Cents> cents(Element value, const std::string& field) {
    HELM_TRY(auto n, json_integer(value, field));
    if (n < 0 || n > max_money.value) return invalid(field, field + " must be from 0 to 1000000000 cents");
    return Cents{n};
}

// {"percent_ppm": 100000} (10%) or {"amount_cents": 500}; null or {} for none.
Result<Discount> discount_from(Element value, const std::string& field) {
    Discount d;
    if (value.is_null()) return d;
    Object obj;
    if (value.get_object().get(obj) != simdjson::SUCCESS) return invalid(field, field + " must be an object");
    for (auto [key, v] : obj) {
        if (d.kind != Discount::Kind::none) return invalid(field, field + " is a percentage or an amount, not both");
        HELM_TRY(d.value, json_integer(v, field));
        if (key == "percent_ppm") {
            d.kind = Discount::Kind::percent;
            if (d.value < 0 || d.value > ppm_one) return invalid(field, "a discount is from 0% to 100%");
        } else if (key == "amount_cents") {
            d.kind = Discount::Kind::amount;
            if (d.value < 0 || d.value > max_money.value) return invalid(field, "a discount amount is from 0 to 1000000000 cents");
        } else {
            return invalid(field, field + " has percent_ppm or amount_cents");
        }
    }
    return d;
}

Json discount_json(const Discount& d) {
    if (!d.given()) return nullptr;
    return {{d.kind == Discount::Kind::percent ? "percent_ppm" : "amount_cents", d.value}};
}

template <class T, class Parse>
Result<std::vector<T>> list_of(Element value, std::string_view name, std::size_t max, Parse parse) {
    simdjson::dom::array items;
    if (value.get_array().get(items) != simdjson::SUCCESS) return invalid(std::string(name), std::string(name) + " must be a list");
    std::vector<T> out;
    for (Element item : items) {
        if (out.size() == max) return invalid(std::string(name), std::string(name) + " has at most " + std::to_string(max) + " entries");
        Object obj;
        if (item.get_object().get(obj) != simdjson::SUCCESS) return invalid(at(name, out.size(), ""), "each entry must be an object");
        HELM_TRY(auto parsed, parse(obj, out.size()));
        out.push_back(std::move(parsed));
    }
    return out;
}

Result<LineRequest> line_from(Object obj, std::size_t i) {
    LineRequest line;
    for (auto [key, v] : obj) {
        const std::string field = at("lines", i, key);
        if (key == "product_id") {
            HELM_TRY(line.product_id, json_id(v, field));
        } else if (key == "code") {
            HELM_TRY(line.code, typed_text(v, field, 64));
        } else if (key == "quantity") {
            HELM_TRY(line.quantity, json_integer(v, field));
            if (line.quantity == 0 || line.quantity < -max_line_quantity || line.quantity > max_line_quantity)
                return invalid(field, "a quantity is a whole number from -" + std::to_string(max_line_quantity) + " to " +
                                          std::to_string(max_line_quantity) + ", not 0");
        } else if (key == "unit_price_cents") {
            if (!v.is_null()) {
                HELM_TRY(line.unit_price, cents(v, field));
            }
        } else if (key == "price_reason") {
            HELM_TRY(line.price_reason, typed_text(v, field, 200));
        } else if (key == "discount") {
            HELM_TRY(line.discount, discount_from(v, field));
        } else if (key == "serial_unit_id") {
            if (!v.is_null()) {
                HELM_TRY(line.serial_unit_id, json_id(v, field));
            }
        } else if (key == "gift_card_code") {
            HELM_TRY(line.gift_card_code, typed_text(v, field, 40));
        } else if (key == "deposit") {
            HELM_TRY(line.deposit, json_bool(v, field));
        } else if (key == "amount_cents") {
            if (!v.is_null()) {
                HELM_TRY(line.amount, cents(v, field));
            }
        } else if (key == "custom_labor") {
            HELM_TRY(line.custom_labor, json_bool(v, field));
        } else if (key == "description") {
            HELM_TRY(line.description, typed_text(v, field, 200));
        } else {
            return invalid(field, "unknown field");
        }
    }
    const int names = int(line.product_id.has_value()) + int(line.code.has_value()) + int(line.deposit) + int(line.custom_labor);
    if (names != 1)
        return invalid(at("lines", i, "product_id"), "each line names one product (product_id or code), or is a deposit or custom labor");
    if (line.custom_labor != line.description.has_value())
        return invalid(at("lines", i, "description"), "custom labor, and only custom labor, says what it is in a description");
    if (line.custom_labor && !line.unit_price) return invalid(at("lines", i, "unit_price_cents"), "custom labor says its price");
    if ((line.deposit || line.gift_card_code) && !line.amount)
        return invalid(at("lines", i, "amount_cents"), "a gift card or deposit line says its amount");
    return line;
}

Result<ReturnRequest> return_from(Object obj, std::size_t i) {
    ReturnRequest r;
    bool named = false;
    for (auto [key, v] : obj) {
        const std::string field = at("returns", i, key);
        if (key == "line_id") {
            HELM_TRY(r.line_id, json_id(v, field));
            named = true;
        } else if (key == "quantity") {
            HELM_TRY(r.quantity, json_integer(v, field));
            if (r.quantity < 1 || r.quantity > max_line_quantity)
                return invalid(field, "a returned quantity is from 1 to " + std::to_string(max_line_quantity));
        } else if (key == "restock") {
            HELM_TRY(r.restock, json_bool(v, field));
        } else {
            return invalid(field, "unknown field");
        }
    }
    if (!named) return invalid(at("returns", i, "line_id"), "each return names the receipt's line_id");
    return r;
}

Result<PaymentRequest> payment_from(Object obj, std::size_t i) {
    PaymentRequest p;
    bool has_amount = false;
    for (auto [key, v] : obj) {
        const std::string field = at("payments", i, key);
        if (key == "tender") {
            HELM_TRY(p.tender, json_text(v, field));
            if (std::find(std::begin(tenders), std::end(tenders), p.tender) == std::end(tenders))
                return invalid(field, "tender is one of cash, card, cheque, gift_card, store_credit, deposit");
        } else if (key == "amount_cents") {
            HELM_TRY(auto n, json_integer(v, field));
            if (n == 0 || n < -max_money.value || n > max_money.value)
                return invalid(field, "a payment is a non-zero amount within 1000000000 cents (negative: a refund)");
            p.amount = Cents{n};
            has_amount = true;
        } else if (key == "tendered_cents") {
            if (!v.is_null()) {
                HELM_TRY(p.tendered, cents(v, field));
            }
        } else if (key == "reference") {
            HELM_TRY(p.reference, typed_text(v, field, 80));
        } else {
            return invalid(field, "unknown field");
        }
    }
    if (p.tender.empty()) return invalid(at("payments", i, "tender"), "each payment names its tender");
    if (!has_amount) return invalid(at("payments", i, "amount_cents"), "each payment says its amount");
    if (p.tendered && p.tender != "cash") return invalid(at("payments", i, "tendered_cents"), "only cash is tendered");
    return p;
}

Result<Approval> approval_from(Element value) {
    Object obj;
    if (value.get_object().get(obj) != simdjson::SUCCESS) return invalid("approval", "approval is {staff_id, pin}");
    Approval a;
    HELM_TRY(a.staff_id, json_id(obj, "staff_id"));
    HELM_TRY(a.pin, json_text(obj, "pin"));
    return a;
}

}  // namespace

Result<SaleRequest> sale_request_from_json(std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"idempotency_key", "register_id", "customer_id", "lines", "discount",
                                                        "original_sale_id", "returns", "reason", "payments", "note", "approval",
                                                        "draft_id", "draft_version", "work_order_id"}));
    const Object obj = doc.object();
    SaleRequest rq;
    for (auto [key, v] : obj) {
        const std::string field(key);
        if (key == "idempotency_key") {
            HELM_TRY(rq.idempotency_key, json_text(v, field));
            if (rq.idempotency_key.size() < 8 || rq.idempotency_key.size() > 100 ||
                !std::all_of(rq.idempotency_key.begin(), rq.idempotency_key.end(),
                             [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }))
                return invalid(field, "idempotency_key is 8 to 100 letters, digits, - or _");
        } else if (key == "register_id") {
            HELM_TRY(rq.register_id, json_id(v, field));
        } else if (key == "customer_id") {
            if (!v.is_null()) {
                HELM_TRY(rq.customer_id, json_id(v, field));
            }
        } else if (key == "lines") {
            HELM_TRY(rq.lines, list_of<LineRequest>(v, "lines", max_sale_lines, line_from));
        } else if (key == "discount") {
            HELM_TRY(rq.discount, discount_from(v, field));
        } else if (key == "original_sale_id") {
            if (!v.is_null()) {
                HELM_TRY(rq.original_sale_id, json_id(v, field));
            }
        } else if (key == "returns") {
            HELM_TRY(rq.returns, list_of<ReturnRequest>(v, "returns", max_sale_lines, return_from));
        } else if (key == "reason") {
            HELM_TRY(rq.reason, typed_text(v, field, 200));
        } else if (key == "payments") {
            HELM_TRY(rq.payments, list_of<PaymentRequest>(v, "payments", 20, payment_from));
        } else if (key == "note") {
            HELM_TRY(rq.note, typed_text(v, field, 500));
        } else if (key == "approval") {
            if (!v.is_null()) {
                HELM_TRY(rq.approval, approval_from(v));
            }
        } else if (key == "draft_id") {
            if (!v.is_null()) {
                HELM_TRY(rq.draft_id, json_id(v, field));
            }
        } else if (key == "draft_version") {
            if (!v.is_null()) {
                HELM_TRY(rq.draft_version, json_integer(v, field));
            }
        } else if (key == "work_order_id") {
            if (!v.is_null()) {
                HELM_TRY(rq.work_order_id, json_id(v, field));
            }
        }
    }
    if (!rq.returns.empty() && !rq.original_sale_id) return invalid("original_sale_id", "returns name the sale they come from");
    if (rq.draft_id.has_value() != rq.draft_version.has_value())
        return invalid("draft_version", "a held sale is completed with its draft_id and draft_version");
    return rq;
}

Json sale_request_json(const SaleRequest& rq) {
    Json lines = Json::array();
    for (const auto& l : rq.lines) {
        Json j = {{"quantity", l.quantity}};
        if (l.product_id) j["product_id"] = *l.product_id;
        if (l.code) j["code"] = *l.code;
        if (l.unit_price) j["unit_price_cents"] = l.unit_price->value;
        if (l.price_reason) j["price_reason"] = *l.price_reason;
        if (l.discount.given()) j["discount"] = discount_json(l.discount);
        if (l.serial_unit_id) j["serial_unit_id"] = *l.serial_unit_id;
        if (l.gift_card_code) j["gift_card_code"] = *l.gift_card_code;
        if (l.deposit) j["deposit"] = true;
        if (l.amount) j["amount_cents"] = l.amount->value;
        if (l.custom_labor) j["custom_labor"] = true;
        if (l.description) j["description"] = *l.description;
        lines.push_back(std::move(j));
    }
    Json out = {{"register_id", rq.register_id}, {"lines", std::move(lines)}};
    if (rq.customer_id) out["customer_id"] = *rq.customer_id;
    if (rq.discount.given()) out["discount"] = discount_json(rq.discount);
    if (rq.original_sale_id) out["original_sale_id"] = *rq.original_sale_id;
    if (!rq.returns.empty()) {
        Json returns = Json::array();
        for (const auto& r : rq.returns) returns.push_back({{"line_id", r.line_id}, {"quantity", r.quantity}, {"restock", r.restock}});
        out["returns"] = std::move(returns);
    }
    if (rq.reason) out["reason"] = *rq.reason;
    if (rq.note) out["note"] = *rq.note;
    if (rq.work_order_id) out["work_order_id"] = *rq.work_order_id;
    if (!rq.payments.empty()) {
        Json payments = Json::array();
        for (const auto& p : rq.payments) {
            Json j = {{"tender", p.tender}, {"amount_cents", p.amount.value}};
            if (p.tendered) j["tendered_cents"] = p.tendered->value;
            if (p.reference) j["reference"] = *p.reference;
            payments.push_back(std::move(j));
        }
        out["payments"] = std::move(payments);
    }
    return out;
}

}  // namespace helm::sales
