#pragma once
// A document's receipt: one renderer for the sale's page (inline) and the printable page
// (/sales/:id/receipt, 80 mm thermal paper). It prints what the document stored, never
// what the catalog says now, so a reprint is the receipt the customer got.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/context.hpp"
#include "core/shop.hpp"
#include "sales/sales.hpp"

namespace helm::sales {

// The receipt as an HTML fragment (<article class="receipt">), every text escaped. A gift
// card's code shows by its last four characters (it is what spends the card).
std::string receipt_html(const Shop& shop, const Sale& sale);

// The whole printable page: the receipt alone, with a way back and (with script) a
// Print button; print CSS sizes it for 80 mm paper.
// Just completed at the register: above it, "Sale complete", the change due in large type
// and New sale focused (Enter or F2), so the clerk is back at an empty register in one key.
// At a register set to print by itself, the print dialog opens at once as well.
enum class Landing { reprint, just_completed, just_completed_printing };
// `shop` is the shop as kept (identity::shop_as_kept): its details as Settings › Shop has them.
std::string receipt_document(const Context& cx, const Shop& shop, const Sale& sale, Landing landing = Landing::reprint);

}  // namespace helm::sales
