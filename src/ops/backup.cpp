#include "ops/backup.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "core/time.hpp"
#include "ops/dump.hpp"
#include "ops/ops_sql.hpp"

namespace helm::ops {

// Named (not anonymous) namespace: clang 14 cannot build a Task<T> of an internal T.
namespace backup_detail {

constexpr std::int64_t page_rows = 500;              // rows per D1 read
constexpr std::size_t chunk_bytes = 1 << 20;          // SQL handed to the R2 stream at a time

std::string join_columns(const std::vector<std::string>& columns) {
    std::string out;
    for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + (columns[i] == "rowid" ? "rowid" : quote_identifier(columns[i]));
    return out;
}

}  // namespace backup_detail

Task<Result<TableShape>> table_shape(Context& cx, const std::string& table, bool without_rowid) {
    using backup_detail::join_columns;
    TableShape t;
    t.name = table;
    t.without_rowid = without_rowid;
    HELM_CO_TRY(D1Result info, co_await cx.db.query("PRAGMA table_info(" + quote_identifier(table) + ")"));
    std::vector<std::pair<std::int64_t, std::string>> pk;  // (position in key, column)
    std::string alias;
    for (std::size_t i = 0; i < info.rows.size(); ++i) {
        Row row(info, i);
        t.columns.push_back(row.text("name"));
        if (row.integer("pk") > 0) pk.emplace_back(row.integer("pk"), row.text("name"));
        t.declared.push_back(row.text("type") + (row.integer("notnull") ? " NOT NULL" : "") + (row.integer("pk") > 0 ? " PRIMARY KEY" : ""));
        std::string type = row.text("type");
        for (char& c : type) c = char(std::toupper(static_cast<unsigned char>(c)));
        if (row.integer("pk") > 0 && type == "INTEGER") alias = row.text("name");
    }
    std::sort(pk.begin(), pk.end());
    const std::string quoted = quote_identifier(table);
    if (without_rowid) {
        if (pk.size() == 1) t.key_column = pk[0].second;
        std::string order;
        for (const auto& [at, column] : pk) order += (order.empty() ? "" : ", ") + quote_identifier(column);
        t.select = "SELECT " + join_columns(t.columns) + " FROM " + quoted + " ORDER BY " + order + " LIMIT ?1 OFFSET ?2";
    } else {
        if (pk.size() != 1) alias.clear();  // INTEGER in a composite key is no rowid alias
        t.added_rowid = alias.empty();
        if (t.added_rowid) {
            t.columns.insert(t.columns.begin(), "rowid");
            t.declared.insert(t.declared.begin(), "INTEGER");
        }
        t.select = "SELECT " + join_columns(t.columns) + " FROM " + quoted + " WHERE rowid > ?1 ORDER BY rowid LIMIT ?2";
    }
    const auto key = std::find(t.columns.begin(), t.columns.end(), without_rowid ? t.key_column : (alias.empty() ? "rowid" : alias));
    t.key_index = key == t.columns.end() ? 0 : std::size_t(key - t.columns.begin());
    HELM_CO_TRY(D1Result keys, co_await cx.db.query("PRAGMA foreign_key_list(" + quoted + ")"));
    for (std::size_t i = 0; i < keys.rows.size(); ++i) t.parents.push_back(Row(keys, i).text("table"));
    co_return t;
}

namespace backup_detail {

// Hands the SQL gathered so far to the stream once there is enough of it.
struct Output {
    Context& cx;
    std::string stream;
    std::string pending;
    std::int64_t sql_bytes = 0;
    Secrets secrets = Secrets::kept;

    Task<Status> flush(bool all) {
        if (pending.empty() || (!all && pending.size() < chunk_bytes)) co_return Ok{};
        sql_bytes += std::int64_t(pending.size());
        Blob chunk(pending.begin(), pending.end());
        pending.clear();
        HELM_CO_TRY(std::ignore, co_await cx.assets.write(stream, std::move(chunk)));
        co_return Ok{};
    }
};

}  // namespace backup_detail

TablePages::TablePages(const TableShape& shape, Secrets secrets) : shape_(shape) {
    if (secrets == Secrets::kept) return;
    for (std::size_t i = 0; i < shape.columns.size(); ++i)
        if (auto instead = withheld_from_export(shape.name, shape.columns[i])) withheld_.emplace_back(i, std::move(*instead));
}

Task<Result<std::vector<std::vector<Value>>>> TablePages::next(Context& cx) {
    std::vector<std::vector<Value>> rows;
    if (done_) co_return rows;
    Result<D1Result> page = Error{};  // g++ 12: no co_await inside ?:
    if (shape_.without_rowid) page = co_await cx.db.query(shape_.select, backup_detail::page_rows, offset_);
    else page = co_await cx.db.query(shape_.select, after_, backup_detail::page_rows);
    if (!page) co_return std::move(page).error();
    std::vector<std::size_t> at;  // result column of each of the shape's columns
    for (const auto& c : shape_.columns) at.push_back(page->column(c));
    rows.reserve(page->rows.size());
    for (const auto& values : page->rows) {
        std::vector<Value> row;
        row.reserve(at.size());
        for (auto i : at) row.push_back(i < values.size() ? values[i] : Value(nullptr));
        for (const auto& [column, instead] : withheld_) row[column] = instead;
        rows.push_back(std::move(row));
    }
    if (!rows.empty()) after_ = rows.back()[shape_.key_index];
    offset_ += backup_detail::page_rows;
    done_ = std::int64_t(rows.size()) < backup_detail::page_rows;
    co_return rows;
}

Task<Result<std::vector<SchemaObject>>> read_schema(Context& cx) {
    HELM_CO_TRY(D1Result schema_rows, co_await cx.db.query(sql::schema));
    std::vector<SchemaObject> schema;
    for (std::size_t i = 0; i < schema_rows.rows.size(); ++i) {
        Row row(schema_rows, i);
        schema.push_back({row.text("type"), row.text("name"), row.text("tbl_name"), row.text("sql")});
    }
    co_return schema;
}

namespace backup_detail {

Task<Result<std::int64_t>> dump_rows(Context& cx, const TableShape& t, Output& out) {
    InsertWriter writer(t.name, t.columns, t.key_column, t.key_index);
    TablePages pages(t, out.secrets);
    for (;;) {
        HELM_CO_TRY(std::vector<std::vector<Value>> rows, co_await pages.next(cx));
        if (rows.empty()) break;
        for (const auto& row : rows) {
            HELM_CO_TRY(std::ignore, writer.add(row, out.pending));
        }
        HELM_CO_TRY(std::ignore, co_await out.flush(false));
    }
    writer.finish(out.pending);
    co_return writer.rows();
}

Task<Status> write_dump(Context& cx, std::string_view local_date, Output& out, DumpReport& report) {
    HELM_CO_TRY(std::vector<SchemaObject> schema, co_await read_schema(cx));
    const DumpPlan plan = plan_dump(schema);
    std::map<std::string, TableShape> readers;
    std::map<std::string, std::vector<std::string>> parents;
    for (const auto& table : plan.row_tables) {
        const bool wr = std::find(plan.without_rowid.begin(), plan.without_rowid.end(), table) != plan.without_rowid.end();
        HELM_CO_TRY(TableShape reader, co_await table_shape(cx, table, wr));
        parents[table] = reader.parents;
        readers.emplace(table, std::move(reader));
    }
    out.pending = dump_header(cx.shop.slug, iso_utc(cx.now_ms()), local_date);
    for (const auto& create : plan.create_first) out.pending += create + ";\n";
    for (const auto& table : dependency_order(plan.row_tables, parents)) {
        HELM_CO_TRY(std::int64_t rows, co_await dump_rows(cx, readers.at(table), out));
        report.rows += rows;
        ++report.tables;
    }
    for (const auto& table : plan.rebuilt) {
        const auto quoted = quote_identifier(table);
        out.pending += "INSERT INTO " + quoted + " (" + quoted + ") VALUES ('rebuild');\n";
    }
    for (const auto& create : plan.create_last) out.pending += create + ";\n";
    out.pending += dump_footer(report.tables, report.rows);
    co_return co_await out.flush(true);
}

}  // namespace backup_detail

Task<Result<DumpReport>> write_dump(Context& cx, const std::string& stream, std::string_view local_date, Secrets secrets) {
    DumpReport report;
    backup_detail::Output out{cx, stream, {}, 0, secrets};
    if (auto written = co_await backup_detail::write_dump(cx, local_date, out, report); !written) co_return std::move(written).error();
    report.sql_bytes = out.sql_bytes;
    co_return report;
}

std::string backup_key(std::string_view local_date) { return std::string(backup_prefix) + std::string(local_date) + ".sql.gz"; }

Task<Result<BackupReport>> back_up(Context& cx, std::string_view local_date) {
    BackupReport report;
    report.key = backup_key(local_date);
    HELM_CO_TRY(StreamHandle stream, co_await cx.assets.open_gzip(report.key, "application/gzip"));
    auto written = co_await write_dump(cx, stream.id, local_date);
    if (!written) {
        (void)co_await cx.assets.close(stream.id, false);  // no half backup appears
        co_return std::move(written).error();
    }
    HELM_CO_TRY(WrittenObject stored, co_await cx.assets.close(stream.id, true));
    report.tables = written->tables;
    report.rows = written->rows;
    report.sql_bytes = written->sql_bytes;
    report.stored_bytes = stored.size;
    co_return report;
}

Task<Result<std::vector<std::string>>> object_keys(Context& cx, std::string prefix) {
    std::vector<std::string> keys;
    std::string cursor;
    for (;;) {
        HELM_CO_TRY(ObjectListing page, co_await cx.assets.list(prefix, cursor));
        for (auto& o : page.objects) keys.push_back(std::move(o.key));
        if (!page.truncated) break;
        cursor = page.cursor;
    }
    co_return keys;
}

Task<Result<std::int64_t>> prune_backups(Context& cx, const Retention& keep) {
    HELM_CO_TRY(std::vector<std::string> keys, co_await object_keys(cx, std::string(backup_prefix)));
    std::int64_t pruned = 0;
    for (const auto& key : backups_to_prune(keys, keep)) {
        HELM_CO_TRY(std::ignore, co_await cx.assets.remove(key));
        ++pruned;
    }
    co_return pruned;
}

}  // namespace helm::ops
