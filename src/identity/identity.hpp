#pragma once
// The shop's own details as its owner keeps them on Settings › Shop: its address, phone,
// tax registration numbers, the receipt's footer, opening hours and logo. A new shop starts
// from shop-overrides/<slug>/shop.json (the Worker's config, cx.shop); the first save
// stores every field in D1, and from then on D1 is what prints.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/shop.hpp"
#include "core/task.hpp"

namespace helm::identity {

struct Details {
    std::vector<std::string> address, tax_numbers, footer, hours;  // line by line
    std::string phone;
    std::optional<std::string> logo_svg;  // none: the overrides' logo (or Helm's)
    std::int64_t version = 0;             // 0: never saved, the overrides' values
};
Json details_json(const Details& d);
// Lines as one text, as a textarea shows them and a column stores them.
std::string joined_lines(const std::vector<std::string>& lines);

// What is stored, or the overrides' values when nothing is yet.
Task<Result<Details>> load_details(Context& cx);
// cx.shop with the details applied: what a receipt or a drop-off receipt prints.
Task<Result<Shop>> shop_as_kept(Context& cx);

// A form's fields: address, phone, tax_numbers, footer, hours (one item a line), logo_svg
// (empty: keep the current logo; remove_logo=1: Helm's own), version. Each line is checked
// as typed text; a logo is an SVG document of at most 64 KiB.
Result<Details> details_from_form(const Form& form, const Details& current);
// Saves over `expected_version` (409 when someone saved meanwhile); audited.
Task<Result<Details>> save_details(Context& cx, const Details& details, std::int64_t expected_version);

// The head of a printed document (a sale's receipt, a drop-off receipt): the shop's name,
// address, phone and tax numbers.
std::string printed_head_html(const Shop& shop);

}  // namespace helm::identity
