#pragma once
// The register's part of an erasure (sales/erasure.hpp): ?1 a JSON array of erased
// customers' ids, ?2 now. Each matches only rows with something left to blank.
#include <string_view>

namespace helm::sales::sql {

#define HELM_ERASED_IDS "(SELECT value FROM json_each(?1))"
// Their documents, and the returns and voids of them (which may name no customer): ?1 only.
constexpr std::string_view erase_sale_words =
    "UPDATE sales SET note = NULL, tax_exempt_reference = NULL, reason = CASE WHEN reason IS NULL THEN NULL ELSE '(erased)' END "
    "WHERE (customer_id IN " HELM_ERASED_IDS " OR original_sale_id IN (SELECT id FROM sales WHERE customer_id IN " HELM_ERASED_IDS ")) "
    "AND (note IS NOT NULL OR tax_exempt_reference IS NOT NULL OR reason <> '(erased)')";
// Carts: the version moves, so a screen that showed the old cart cannot save it back.
constexpr std::string_view erase_cart_words =
    "UPDATE sale_drafts SET label = NULL, cart_json = json_remove(cart_json, '$.note'), version = version + 1, updated_at_ms = ?2 "
    "WHERE cart_json ->> '$.customer_id' IN " HELM_ERASED_IDS " AND (label IS NOT NULL OR cart_json ->> '$.note' IS NOT NULL)";
#undef HELM_ERASED_IDS

}  // namespace helm::sales::sql
