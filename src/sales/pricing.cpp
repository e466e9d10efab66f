#include "sales/pricing.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace helm::sales {
namespace {

std::int64_t sign_of(std::int64_t v) { return v < 0 ? -1 : 1; }

std::string line_field(std::size_t index, std::string_view name) {
    return "lines[" + std::to_string(index) + "]." + std::string(name);
}

// The discount a Discount takes off `amount` (same sign as the amount).
Result<std::int64_t> discount_off(const Discount& d, std::int64_t amount, const std::string& field) {
    if (!d.given()) return std::int64_t{0};
    if (d.value < 0) return invalid(field, "a discount cannot be negative");
    if (d.kind == Discount::Kind::percent) {
        if (d.value > ppm_one) return invalid(field, "a discount cannot be more than 100%");
        return round_div(amount * d.value, ppm_one);
    }
    if (d.value > std::abs(amount)) return invalid(field, "the discount is larger than what it discounts");
    return sign_of(amount) * d.value;
}

std::vector<const TaxRate*> rates_of(std::span<const TaxRate> rates, const std::string& tax_class) {
    std::vector<const TaxRate*> out;
    for (const auto& r : rates)
        if (r.tax_class == tax_class) out.push_back(&r);
    return out;
}

LineTax line_tax(const TaxRate& r, Cents base, std::int64_t tax) { return {r.id, r.name, r.rate_ppm, base, Cents{tax}}; }

// Prices before tax: each rate on each line's base.
void tax_on_top(Totals& t, std::span<const LineInput> lines, std::span<const TaxRate> rates, bool per_invoice) {
    for (std::size_t i = 0; i < lines.size(); ++i) t.lines[i].base = t.lines[i].total;
    for (const auto& r : rates) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (lines[i].tax_class == r.tax_class) members.push_back(i);
        if (members.empty()) continue;
        std::vector<std::int64_t> taxes;
        if (per_invoice) {
            std::vector<std::int64_t> bases;
            for (auto i : members) bases.push_back(t.lines[i].base.value);
            const std::int64_t sum = std::accumulate(bases.begin(), bases.end(), std::int64_t{0});
            taxes = allocate(round_div(sum * r.rate_ppm, ppm_one), bases);
        } else {
            for (auto i : members) taxes.push_back(round_div(t.lines[i].base.value * r.rate_ppm, ppm_one));
        }
        for (std::size_t k = 0; k < members.size(); ++k) {
            auto& line = t.lines[members[k]];
            line.taxes.push_back(line_tax(r, line.base, taxes[k]));
            line.tax += Cents{taxes[k]};
        }
    }
    for (auto& line : t.lines) line.total = line.base + line.tax;
}

// Splits the tax inside `amount` over the class's rates: each rate on the base, the last
// one taking what is left so that base + taxes = amount.
void split_included(LineAmounts& line, std::int64_t base, const std::vector<const TaxRate*>& class_rates) {
    line.base = Cents{base};
    line.tax = line.total - line.base;
    std::int64_t left = line.tax.value;
    for (std::size_t k = 0; k < class_rates.size(); ++k) {
        const std::int64_t tax = k + 1 == class_rates.size() ? left : round_div(base * class_rates[k]->rate_ppm, ppm_one);
        left -= tax;
        line.taxes.push_back(line_tax(*class_rates[k], line.base, tax));
    }
}

// Prices with tax included: the base comes out of what the customer pays.
void tax_included(Totals& t, std::span<const LineInput> lines, std::span<const TaxRate> rates, bool per_invoice) {
    std::map<std::string, std::vector<std::size_t>> by_class;
    for (std::size_t i = 0; i < lines.size(); ++i) by_class[lines[i].tax_class].push_back(i);
    for (const auto& [tax_class, members] : by_class) {
        const auto class_rates = rates_of(rates, tax_class);
        std::int64_t combined = ppm_one;
        for (const auto* r : class_rates) combined += r->rate_ppm;
        auto base_of = [&](std::int64_t amount) { return round_div(amount * ppm_one, combined); };
        std::vector<std::int64_t> bases;
        if (per_invoice) {
            std::vector<std::int64_t> amounts;
            for (auto i : members) amounts.push_back(t.lines[i].total.value);
            bases = allocate(base_of(std::accumulate(amounts.begin(), amounts.end(), std::int64_t{0})), amounts);
        } else {
            for (auto i : members) bases.push_back(base_of(t.lines[i].total.value));
        }
        for (std::size_t k = 0; k < members.size(); ++k) split_included(t.lines[members[k]], bases[k], class_rates);
    }
}

}  // namespace

std::int64_t round_div(std::int64_t numerator, std::int64_t denominator) {
    const std::int64_t magnitude = (std::abs(numerator) * 2 + denominator) / (denominator * 2);
    return numerator < 0 ? -magnitude : magnitude;
}

std::vector<std::int64_t> allocate(std::int64_t total, std::span<const std::int64_t> weights) {
    std::vector<std::int64_t> parts(weights.size(), 0);
    std::int64_t sum = 0;
    for (auto w : weights) sum += std::abs(w);
    if (weights.empty()) return parts;
    if (sum == 0) {
        parts.front() = total;  // nothing to weigh by: the first takes it all
        return parts;
    }
    const std::int64_t magnitude = std::abs(total);
    std::int64_t given = 0;
    std::vector<std::pair<std::int64_t, std::size_t>> remainders;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const std::int64_t w = std::abs(weights[i]);
        parts[i] = magnitude * w / sum;
        given += parts[i];
        remainders.push_back({magnitude * w % sum, i});
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](auto a, auto b) { return a.first > b.first; });
    for (std::size_t k = 0; given < magnitude; ++k, ++given) ++parts[remainders[k].second];
    if (total < 0)
        for (auto& p : parts) p = -p;
    return parts;
}

Result<Totals> price(std::span<const LineInput> lines, Discount sale_discount, std::span<const TaxRate> rates, TaxRules rules) {
    Totals t;
    t.lines.resize(lines.size());
    std::int64_t gross_magnitude = 0;
    std::vector<std::int64_t> discountable_after_line(lines.size(), 0);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& in = lines[i];
        auto& out = t.lines[i];
        if (in.unit_price.value < 0 || in.unit_price.value > max_money.value)
            return invalid(line_field(i, "unit_price_cents"), "a price is between 0 and 10,000,000.00");
        gross_magnitude += std::abs(in.quantity) * in.unit_price.value;
        if (std::abs(in.quantity) > 10'000 || gross_magnitude > max_money.value)
            return invalid(line_field(i, "quantity"), "the sale comes to more than 10,000,000.00");
        out.gross = in.unit_price * in.quantity;
        if (in.discount.given() && !in.discountable) return invalid(line_field(i, "discount"), "this item takes no discount");
        HELM_TRY(auto off, discount_off(in.discount, out.gross.value, line_field(i, "discount")));
        out.line_discount = Cents{off};
        if (in.discountable) discountable_after_line[i] = out.gross.value - off;
    }
    const std::int64_t discountable = std::accumulate(discountable_after_line.begin(), discountable_after_line.end(), std::int64_t{0});
    if (sale_discount.given() && discountable == 0) return invalid("discount", "nothing in this sale takes a discount");
    HELM_TRY(auto whole_off, discount_off(sale_discount, discountable, "discount"));
    const auto shares = allocate(whole_off, discountable_after_line);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto& line = t.lines[i];
        line.sale_discount = Cents{shares[i]};
        line.total = line.gross - line.line_discount - line.sale_discount;  // before tax is added or taken out
    }
    if (rules.exempt) {
        // Exempt: no tax at all; a tax-inclusive price gives up the tax inside it.
        for (std::size_t i = 0; i < lines.size(); ++i) {
            auto& line = t.lines[i];
            if (rules.prices_include_tax) {
                std::int64_t combined = ppm_one;
                for (const auto* r : rates_of(rates, lines[i].tax_class)) combined += r->rate_ppm;
                line.total = Cents{round_div(line.total.value * ppm_one, combined)};
            }
            line.base = line.total;
        }
    } else if (rules.prices_include_tax) {
        tax_included(t, lines, rates, rules.round_per_invoice);
    } else {
        tax_on_top(t, lines, rates, rules.round_per_invoice);
    }
    std::map<std::int64_t, LineTax> by_rate;
    for (const auto& line : t.lines) {
        t.gross += line.gross;
        t.discount += line.line_discount + line.sale_discount;
        t.subtotal += line.base;
        t.tax += line.tax;
        t.total += line.total;
        for (const auto& tax : line.taxes) {
            auto [at, fresh] = by_rate.try_emplace(tax.rate_id, LineTax{tax.rate_id, tax.name, tax.rate_ppm, {}, {}});
            at->second.base += tax.base;
            at->second.tax += tax.tax;
        }
    }
    for (auto& [id, tax] : by_rate) t.by_rate.push_back(std::move(tax));
    return t;
}

}  // namespace helm::sales
