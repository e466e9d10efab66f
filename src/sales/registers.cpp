// The shop's registers: one query per question, shared by the register, the drawer and
// the service desk's invoice, and the one setting a register has of its own.
#include "audit/audit.hpp"
#include "sales/document.hpp"
#include "sales/sales.hpp"
#include "sales/sales_sql.hpp"

namespace helm::sales {
Register register_from_row(const Row& row) { return {row.integer("id"), row.text("name"), row.integer("auto_print") != 0}; }

Json register_json(const Register& r) { return {{"id", r.id}, {"name", r.name}, {"auto_print", r.auto_print}}; }

Task<Result<Register>> load_register(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::register_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "register " + std::to_string(id) + " not found", "register_id"};
    co_return register_from_row(Row(found, 0));
}

Task<Result<std::vector<Register>>> list_registers(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::registers));
    std::vector<Register> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) out.push_back(register_from_row(Row(found, i)));
    co_return out;
}

Task<Result<Register>> save_register_printing(Context& cx, std::int64_t id, bool auto_print) {
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto before, co_await load_register(cx, id));
        Register after = before;
        after.auto_print = auto_print;
        co_return audit::Change{{{std::string(sql::set_register_printing), {id, std::int64_t(auto_print)}}},
                                {"register.update", "register", std::to_string(id), register_json(before), register_json(after)}};
    });
    if (!written) co_return std::move(written).error();
    co_return co_await load_register(cx, id);
}

}  // namespace helm::sales
