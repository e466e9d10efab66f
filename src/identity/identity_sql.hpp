#pragma once
// The statements the identity module owns: the one row of shop_details.
#include <string_view>

namespace helm::identity::sql {

constexpr std::string_view details = "SELECT address, phone, tax_numbers, footer, hours, logo_svg, version FROM shop_details WHERE id = 1";
constexpr std::string_view save_details =
    "INSERT INTO shop_details (id, address, phone, tax_numbers, footer, hours, logo_svg, version, updated_at_ms) "
    "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET address = excluded.address, phone = excluded.phone, "
    "tax_numbers = excluded.tax_numbers, footer = excluded.footer, hours = excluded.hours, logo_svg = excluded.logo_svg, "
    "version = excluded.version, updated_at_ms = excluded.updated_at_ms";

}  // namespace helm::identity::sql
