#include "bindings/ports.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>

namespace helm {

std::string_view find_header(const Headers& headers, std::string_view lower_name) {
    for (const auto& h : headers)
        if (h.name == lower_name) return h.value;
    return {};
}

void PortStats::count(const Operation& op) {
    std::visit(
        [this](const auto& o) {
            using Op = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<Op, op::D1Query>) d1_queries += 1, d1_round_trips += 1;
            else if constexpr (std::is_same_v<Op, op::D1Batch>) d1_queries += std::int64_t(o.statements.size()), d1_round_trips += 1;
            else if constexpr (std::is_same_v<Op, op::R2Get> || std::is_same_v<Op, op::R2Put> || std::is_same_v<Op, op::R2Delete> ||
                               std::is_same_v<Op, op::R2List> || std::is_same_v<Op, op::R2StreamOpen> ||
                               std::is_same_v<Op, op::R2StreamWrite> || std::is_same_v<Op, op::R2StreamCopy> ||
                               std::is_same_v<Op, op::R2StreamClose>) {
                r2_ops += 1;
                if constexpr (std::is_same_v<Op, op::R2Put> || std::is_same_v<Op, op::R2List>) r2_class_a += 1;
                // A copy reads its source object whole: one GetObject.
                if constexpr (std::is_same_v<Op, op::R2Get> || std::is_same_v<Op, op::R2StreamCopy>) r2_class_b += 1;
            }
            else if constexpr (std::is_same_v<Op, op::KvGet> || std::is_same_v<Op, op::KvPut> || std::is_same_v<Op, op::KvDelete>)
                kv_ops += 1;
            else if constexpr (std::is_same_v<Op, op::Fetch>) external_calls += 1;
        },
        op);
}

void Channel::complete(Result<Reply> reply) {
    ++stats_.operations;
    if (reply) {
        auto count = [this](const D1Result& r) {
            stats_.d1_rows_read += r.meta.rows_read;
            stats_.d1_rows_written += r.meta.rows_written;
        };
        if (auto* one = std::get_if<D1Result>(&*reply)) count(*one);
        if (auto* many = std::get_if<std::vector<D1Result>>(&*reply))
            std::for_each(many->begin(), many->end(), count);
        if (auto* written = std::get_if<WrittenObject>(&*reply)) stats_.r2_class_a += written->class_a_ops;
    }
    reply_ = std::move(reply);
}

std::size_t D1Result::column(std::string_view name) const {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
}

const Value* Row::find(std::string_view column) const {
    auto at = result_.column(column);
    if (at >= result_.columns.size() || index_ >= result_.rows.size()) return nullptr;
    const auto& row = result_.rows[index_];
    return at < row.size() ? &row[at] : nullptr;
}

std::int64_t Row::integer(std::string_view column, std::int64_t fallback) const {
    const Value* v = find(column);
    if (!v) return fallback;
    if (auto* i = std::get_if<std::int64_t>(v)) return *i;
    // D1 hands every number over as a JS double; an integral one arrives as int64 from
    // the wire decoder, but a REAL column read natively is still a double.
    if (auto* d = std::get_if<double>(v)) return static_cast<std::int64_t>(*d);
    return fallback;
}

std::string Row::text(std::string_view column) const {
    const Value* v = find(column);
    if (!v) return {};
    if (auto* s = std::get_if<std::string>(v)) return *s;
    if (auto* i = std::get_if<std::int64_t>(v)) return std::to_string(*i);
    return {};
}

bool Row::is_null(std::string_view column) const {
    const Value* v = find(column);
    return !v || std::holds_alternative<std::nullptr_t>(*v);
}

std::optional<std::string> Row::optional_text(std::string_view column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Row::optional_integer(std::string_view column) const {
    if (is_null(column)) return std::nullopt;
    return integer(column);
}

Status check_statement(const Statement& statement) {
    if (statement.params.size() > 100)
        return Error{Code::internal, "a D1 statement binds at most 100 parameters", ""};
    for (const auto& p : statement.params)
        if (auto* i = std::get_if<std::int64_t>(&p); i && (*i > max_safe_integer || *i < -max_safe_integer))
            return Error{Code::internal, "an integer beyond 2^53 cannot cross into D1", ""};
    return Ok{};
}

}  // namespace helm
