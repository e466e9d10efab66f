// Documents read back (one batch of four queries), their JSON, and the register's settings.
#include <cctype>

#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "sales/document.hpp"
#include "sales/gift_cards.hpp"
#include "sales/sales_sql.hpp"

namespace helm::sales {
namespace {

Sale head_from_row(const Row& row) {
    Sale s;
    s.id = row.integer("id");
    s.number = row.text("number");
    s.kind = row.text("kind");
    s.original_sale_id = row.optional_integer("original_sale_id");
    s.original_number = row.optional_text("original_number");
    s.register_id = row.integer("register_id");
    s.staff_id = row.optional_integer("staff_id");
    s.staff_name = row.optional_text("staff_name");
    s.approved_by_staff_id = row.optional_integer("approved_by_staff_id");
    s.customer_id = row.optional_integer("customer_id");
    s.customer_name = row.optional_text("customer_name");
    s.tax_exempt_reference = row.optional_text("tax_exempt_reference");
    s.business_date = row.text("business_date");
    s.prices_include_tax = row.integer("prices_include_tax") != 0;
    s.tax_rounding = row.text("tax_rounding");
    s.subtotal = Cents{row.integer("subtotal_cents")};
    s.discount = Cents{row.integer("discount_cents")};
    s.tax = Cents{row.integer("tax_cents")};
    s.total = Cents{row.integer("total_cents")};
    s.change = Cents{row.integer("change_cents")};
    s.note = row.optional_text("note");
    s.reason = row.optional_text("reason");
    s.completed_at_ms = row.integer("completed_at_ms");
    s.voided_by_sale_id = row.optional_integer("voided_by_sale_id");
    s.work_order_id = row.optional_integer("work_order_id");
    s.work_order_number = row.optional_text("work_order_number");
    return s;
}

SaleLine line_from_row(const Row& row) {
    SaleLine l;
    l.id = row.integer("id");
    l.line_no = row.integer("line_no");
    l.kind = row.text("kind");
    l.product_id = row.optional_integer("product_id");
    l.sku = row.optional_text("sku");
    l.description = row.text("description");
    l.tax_class = row.text("tax_class_key");
    l.quantity = row.integer("quantity");
    l.list_price = Cents{row.integer("list_price_cents")};
    l.unit_price = Cents{row.integer("unit_price_cents")};
    l.price_override_reason = row.optional_text("price_override_reason");
    l.line_discount = Cents{row.integer("line_discount_cents")};
    l.sale_discount = Cents{row.integer("sale_discount_cents")};
    l.base = Cents{row.integer("base_cents")};
    l.tax = Cents{row.integer("tax_cents")};
    l.total = Cents{row.integer("total_cents")};
    l.unit_cost = Cents{row.integer("unit_cost_cents")};
    l.serial_unit_id = row.optional_integer("serial_unit_id");
    l.serial = row.optional_text("serial");
    l.account_code = row.optional_text("account_code");
    l.returns_line_id = row.optional_integer("returns_line_id");
    l.returned = row.integer("returned");
    return l;
}

template <class T>
Json optional_json(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
}

Json tax_json(const LineTax& t) {
    return {{"rate_id", t.rate_id}, {"name", t.name}, {"rate_ppm", t.rate_ppm}, {"base_cents", t.base.value}, {"tax_cents", t.tax.value}};
}

Json line_json(const SaleLine& l, CardCodes codes) {
    Json taxes = Json::array();
    for (const auto& t : l.taxes) taxes.push_back(tax_json(t));
    return {{"id", l.id},
            {"line_no", l.line_no},
            {"kind", l.kind},
            {"product_id", optional_json(l.product_id)},
            {"sku", optional_json(l.sku)},
            {"description", l.description},
            {"tax_class", l.tax_class},
            {"quantity", l.quantity},
            {"list_price_cents", l.list_price.value},
            {"unit_price_cents", l.unit_price.value},
            {"price_override_reason", optional_json(l.price_override_reason)},
            {"line_discount_cents", l.line_discount.value},
            {"sale_discount_cents", l.sale_discount.value},
            {"base_cents", l.base.value},
            {"tax_cents", l.tax.value},
            {"total_cents", l.total.value},
            {"serial_unit_id", optional_json(l.serial_unit_id)},
            {"serial", optional_json(l.serial)},
            {"account_code", l.account_code ? Json(card_code(*l.account_code, codes)) : Json(nullptr)},
            {"returns_line_id", optional_json(l.returns_line_id)},
            {"returned", l.returned},
            {"taxes", std::move(taxes)}};
}

Json taxes_json(const std::vector<LineTax>& taxes) {
    Json out = Json::array();
    for (const auto& t : taxes) out.push_back(tax_json(t));
    return out;
}


// "s-12", "S-00012", "12": the number as typed (upper case), and its digits in the
// register's format (S- and five digits).
std::pair<std::string, std::string> number_candidates(std::string_view typed) {
    std::string exact;
    for (char c : typed) exact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string digits;
    for (char c : exact)
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    const auto first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? std::string() : digits.substr(first);
    if (digits.empty() || digits.size() > 12) return {exact, exact};
    if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
    return {exact, "S-" + digits};
}

RelatedDocument related_from(const Row& row) {
    RelatedDocument d;
    d.id = row.integer("id");
    d.number = row.text("number");
    d.kind = row.text("kind");
    return d;
}

}  // namespace

namespace {

Json sale_json_with(const Sale& s, CardCodes codes) {
    Json lines = Json::array(), payments = Json::array();
    for (const auto& l : s.lines) lines.push_back(line_json(l, codes));
    for (const auto& p : s.payments) {
        // A gift card's code spends it: its payment names it by the last four characters only.
        Json reference = p.reference ? Json(p.tender == "gift_card" ? masked_card_code(*p.reference) : *p.reference) : Json(nullptr);
        payments.push_back({{"tender", p.tender},
                            {"amount_cents", p.amount.value},
                            {"tendered_cents", p.tender == "cash" && p.amount.value > 0 ? Json(p.tendered.value) : Json(nullptr)},
                            {"change_cents", p.change.value},
                            {"reference", std::move(reference)}});
    }
    return {{"id", s.id},
            {"number", s.number},
            {"kind", s.kind},
            {"original_sale_id", optional_json(s.original_sale_id)},
            {"original_number", optional_json(s.original_number)},
            {"voided_by_sale_id", optional_json(s.voided_by_sale_id)},
            {"register_id", s.register_id},
            {"staff_id", optional_json(s.staff_id)},
            {"staff_name", optional_json(s.staff_name)},
            {"approved_by_staff_id", optional_json(s.approved_by_staff_id)},
            {"customer_id", optional_json(s.customer_id)},
            {"customer_name", optional_json(s.customer_name)},
            {"tax_exempt_reference", optional_json(s.tax_exempt_reference)},
            {"business_date", s.business_date},
            {"prices_include_tax", s.prices_include_tax},
            {"tax_rounding", s.tax_rounding},
            {"subtotal_cents", s.subtotal.value},
            {"discount_cents", s.discount.value},
            {"tax_cents", s.tax.value},
            {"total_cents", s.total.value},
            {"change_cents", s.change.value},
            {"note", optional_json(s.note)},
            {"reason", optional_json(s.reason)},
            {"completed_at_ms", s.completed_at_ms},
            {"work_order_id", optional_json(s.work_order_id)},
            {"work_order_number", optional_json(s.work_order_number)},
            {"lines", std::move(lines)},
            {"taxes", taxes_json(s.taxes)},
            {"payments", std::move(payments)}};
}

}  // namespace

Json sale_json(const Sale& s) { return sale_json_with(s, CardCodes::masked); }
Json completed_sale_json(const Sale& s) { return sale_json_with(s, CardCodes::shown); }

Json quote_json(const Quote& q) {
    Json lines = Json::array();
    for (const auto& l : q.lines) lines.push_back(line_json(l, CardCodes::masked));  // a new card's code is made again at the sale
    return {{"lines", std::move(lines)},
            {"discount_cents", q.totals.discount.value},
            {"subtotal_cents", q.totals.subtotal.value},
            {"tax_cents", q.totals.tax.value},
            {"total_cents", q.totals.total.value},
            {"taxes", taxes_json(q.totals.by_rate)},
            {"paid_cents", q.paid.value},
            {"due_cents", q.due.value}};
}

Task<Result<WorkOrderPayments>> work_order_payments(Context& cx, std::int64_t work_order_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::work_order_payments, work_order_id));
    const Row row(found, 0);
    co_return WorkOrderPayments{Cents{row.integer("deposits_paid")}, Cents{row.integer("deposits_applied")}};
}

std::vector<Statement> sale_reads(std::int64_t id) {
    return {{std::string(sql::sale_by_id), {id}},
            {std::string(sql::lines_of_sale), {id}},
            {std::string(sql::taxes_of_sale), {id}},
            {std::string(sql::payments_of_sale), {id}}};
}

Error sale_not_found(std::int64_t id) { return {Code::not_found, "sale " + std::to_string(id) + " not found", "id"}; }

Result<Sale> sale_from(std::span<const D1Result> results, std::int64_t id) {
    if (results.size() != 4 || results[0].rows.empty()) return sale_not_found(id);
    Sale s = head_from_row(Row(results[0], 0));
    for (std::size_t i = 0; i < results[1].rows.size(); ++i) s.lines.push_back(line_from_row(Row(results[1], i)));
    for (std::size_t i = 0; i < results[2].rows.size(); ++i) {
        const Row row(results[2], i);
        const std::int64_t line_no = row.integer("line_no");
        if (line_no < 1 || line_no > std::int64_t(s.lines.size())) continue;
        s.lines[std::size_t(line_no - 1)].taxes.push_back({row.integer("tax_rate_id"), row.text("name"), row.integer("rate_ppm"),
                                                           Cents{row.integer("base_cents")}, Cents{row.integer("tax_cents")}});
    }
    s.taxes = taxes_by_rate(s.lines);
    for (std::size_t i = 0; i < results[3].rows.size(); ++i) {
        const Row row(results[3], i);
        s.payments.push_back({row.text("tender"), Cents{row.integer("amount_cents")}, Cents{row.integer("tendered_cents")},
                              Cents{row.integer("change_cents")}, row.optional_text("reference")});
    }
    return s;
}

Task<Result<Sale>> load_sale(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.batch(sale_reads(id)));
    co_return sale_from(found, id);
}

Task<Result<std::vector<Sale>>> list_sales(Context& cx, std::string_view business_date, std::int64_t customer_id, int limit) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::sales_listed, std::string(business_date), customer_id, std::int64_t{limit}));
    std::vector<Sale> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) out.push_back(head_from_row(Row(found, i)));
    co_return out;
}

Json settings_json(const RegisterSettings& s) {
    return {{"prices_include_tax", s.prices_include_tax},
            {"tax_rounding", s.round_per_invoice ? "invoice" : "line"},
            {"discount_limit_ppm", s.discount_limit_ppm},
            {"receiptless_returns", s.receiptless_returns},
            {"show_expected_cash", s.show_expected_cash}};
}

Result<RegisterSettings> settings_from_json(RegisterSettings current, std::string_view body) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"prices_include_tax", "tax_rounding", "discount_limit_ppm", "receiptless_returns", "show_expected_cash"}));
    for (auto [key, value] : doc.object()) {
        const std::string field(key);
        if (key == "prices_include_tax") {
            HELM_TRY(current.prices_include_tax, json_bool(value, field));
        } else if (key == "tax_rounding") {
            HELM_TRY(auto rounding, json_text(value, field));
            if (rounding != "line" && rounding != "invoice") return invalid(field, "tax_rounding is line or invoice");
            current.round_per_invoice = rounding == "invoice";
        } else if (key == "discount_limit_ppm") {
            HELM_TRY(current.discount_limit_ppm, json_integer(value, field));
            if (current.discount_limit_ppm < 0 || current.discount_limit_ppm > ppm_one)
                return invalid(field, "the discount limit is from 0 to 1000000 ppm (100%)");
        } else if (key == "receiptless_returns") {
            HELM_TRY(current.receiptless_returns, json_bool(value, field));
        } else if (key == "show_expected_cash") {
            HELM_TRY(current.show_expected_cash, json_bool(value, field));
        }
    }
    return current;
}

RegisterSettings settings_from(const D1Result& found) {
    const Row row(found, 0);
    RegisterSettings s;
    s.prices_include_tax = row.integer("prices_include_tax") != 0;
    s.round_per_invoice = row.text("tax_rounding") == "invoice";
    s.discount_limit_ppm = row.integer("discount_limit_ppm");
    s.receiptless_returns = row.integer("receiptless_returns") != 0;
    s.show_expected_cash = row.integer("show_expected_cash") != 0;
    return s;
}

Task<Result<RegisterSettings>> load_settings(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::settings));
    co_return settings_from(found);
}

Task<Result<RegisterSettings>> save_settings(Context& cx, const RegisterSettings& settings) {
    if (settings.discount_limit_ppm < 0 || settings.discount_limit_ppm > ppm_one)
        co_return invalid("discount_limit_ppm", "the discount limit is from 0% to 100%");
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto before, co_await load_settings(cx));
        co_return audit::Change{{{std::string(sql::save_settings),
                                  {std::int64_t(settings.prices_include_tax), settings.round_per_invoice ? "invoice" : "line",
                                   settings.discount_limit_ppm, std::int64_t(settings.receiptless_returns),
                                   std::int64_t(settings.show_expected_cash)}}},
                                {"settings.register", "shop_settings", "1", settings_json(before), settings_json(settings)}};
    });
    if (!written) co_return std::move(written).error();
    co_return co_await load_settings(cx);
}

Task<Result<std::optional<std::int64_t>>> sale_with_number(Context& cx, std::string_view typed) {
    const auto candidates = number_candidates(typed);
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::sale_by_number, candidates.first, candidates.second));
    if (found.rows.empty()) co_return std::optional<std::int64_t>{};
    co_return std::optional<std::int64_t>{Row(found, 0).integer("id")};
}

Task<Result<std::map<std::int64_t, std::string>>> tenders_on(Context& cx, const std::string& business_date, int limit) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::tenders_listed, business_date, std::int64_t{limit}));
    std::map<std::int64_t, std::string> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        Row row(found, i);
        std::string& tenders = out[row.integer("sale_id")];
        tenders += (tenders.empty() ? "" : ", ") + std::string(tender_label(row.text("tender")));
    }
    co_return out;
}

Task<Result<std::vector<RelatedDocument>>> documents_of(Context& cx, std::int64_t sale_id) {
    HELM_CO_TRY(D1Result found, co_await cx.db.query(sql::documents_of, sale_id));
    std::vector<RelatedDocument> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        out.push_back(related_from(Row(found, i)));
    }
    co_return out;
}

}  // namespace helm::sales
