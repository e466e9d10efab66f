// What the sales module knows of a customer, for the register's customer panel and the
// customer's page: balances they can spend and their latest documents.
#include "sales/sales.hpp"
#include "sales/sales_sql.hpp"

namespace helm::sales {

Task<Result<std::vector<customers::Fact>>> customer_facts(Context& cx, std::int64_t customer_id) {
    std::vector<Statement> reads{{std::string(sql::customer_balances), {customer_id}},
                                 {std::string(sql::customer_documents), {customer_id, std::int64_t(recent_purchases)}}};
    HELM_CO_TRY(auto found, co_await cx.db.batch(std::move(reads)));
    std::vector<customers::Fact> facts;
    const auto& balances = (found)[0];
    for (std::size_t i = 0; i < balances.rows.size(); ++i) {
        const Row row(balances, i);
        facts.push_back({"Balances", std::string(tender_label(row.text("kind"))), format_cents(Cents{row.integer("balance_cents")}), ""});
    }
    const auto& documents = (found)[1];
    for (std::size_t i = 0; i < documents.rows.size(); ++i) {
        const Row row(documents, i);
        facts.push_back({"Recent purchases", row.text("number"),
                         std::string(kind_label(row.text("kind"))) + " · " + format_cents(Cents{row.integer("total_cents")}) + " · " +
                             row.text("business_date"),
                         "/sales/" + std::to_string(row.integer("id"))});
    }
    co_return facts;
}

}  // namespace helm::sales
