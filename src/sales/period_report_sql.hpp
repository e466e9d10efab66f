#pragma once
// The period reports' own statements (business dates ?1 to ?2); lines and taxes are read
// with the Z report's (drawer_sql.hpp).
#include <string_view>

namespace helm::sales::sql {

// A void is of its sale's own business date, so a voided sale and its void fall in the
// same period and cancel out of the count.
constexpr std::string_view period_documents =
    "SELECT coalesce(sum(kind = 'sale'), 0) - coalesce(sum(kind = 'void'), 0) AS sales_count, "
    "coalesce(sum(kind = 'return'), 0) AS returns_count FROM sales WHERE business_date BETWEEN ?1 AND ?2";
// Revenue is the lines' base (after discounts, before tax), netted across sales, returns
// and voids; what nets to nothing is not a best seller. ?3: how many.
constexpr std::string_view period_top_products =
    "SELECT l.product_id, p.name, p.sku, sum(l.quantity) AS quantity, sum(l.base_cents) AS revenue_cents "
    "FROM sale_lines l JOIN sales s ON s.id = l.sale_id JOIN products p ON p.id = l.product_id "
    "WHERE s.business_date BETWEEN ?1 AND ?2 AND l.kind NOT IN ('gift_card', 'deposit') "
    "GROUP BY l.product_id HAVING sum(l.base_cents) > 0 ORDER BY revenue_cents DESC, l.product_id LIMIT ?3";
constexpr std::string_view period_top_customer =
    "SELECT s.customer_id, sum(l.base_cents) AS revenue_cents FROM sales s JOIN sale_lines l ON l.sale_id = s.id "
    "WHERE s.business_date BETWEEN ?1 AND ?2 AND s.customer_id IS NOT NULL AND l.kind NOT IN ('gift_card', 'deposit') "
    "GROUP BY s.customer_id HAVING sum(l.base_cents) > 0 ORDER BY revenue_cents DESC, s.customer_id LIMIT 1";
// Paying a ticket's invoice picks it up (the service schema's trigger names the sale).
constexpr std::string_view period_work_orders_picked_up =
    "SELECT count(*) AS n FROM work_orders w JOIN sales s ON s.id = w.sale_id WHERE s.business_date BETWEEN ?1 AND ?2";

}  // namespace helm::sales::sql
