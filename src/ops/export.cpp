#include "ops/export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "audit/audit.hpp"
#include "core/csv.hpp"
#include "core/hex.hpp"
#include "core/time.hpp"
#include "ops/dump.hpp"
#include "ops/tar.hpp"

namespace helm::ops {

// Named (not anonymous) namespace: clang 14 cannot build a Task<T> of an internal T.
namespace export_detail {

constexpr std::size_t chunk_bytes = 1 << 20;  // CSV text handed to a scratch stream at a time
constexpr std::string_view root = "helm-export/";

// One file of the archive: its bytes are in R2 (`source`) or, for the two small
// documents, in `text`.
struct Member {
    std::string path;
    std::int64_t size = 0;
    std::string source;
    std::string text;
};

// What a build has open or written, so that a failure leaves nothing behind.
struct Work {
    Context& cx;
    std::string scratch;               // exports/.work-<name>/
    std::vector<std::string> written;  // scratch keys
    std::string open_stream;

    Task<Status> write(const std::string& stream, std::string& pending, bool all) {
        if (pending.empty() || (!all && pending.size() < chunk_bytes)) co_return Ok{};
        Blob chunk(pending.begin(), pending.end());
        pending.clear();
        HELM_CO_TRY(std::ignore, co_await cx.assets.write(stream, std::move(chunk)));
        co_return Ok{};
    }
    Task<Result<StreamHandle>> open(const std::string& key, bool gzip, std::string_view type) {
        Result<StreamHandle> opened = Error{};  // g++ 12: no co_await inside ?:
        if (gzip) opened = co_await cx.assets.open_gzip(key, std::string(type));
        else opened = co_await cx.assets.open_plain(key, std::string(type));
        if (!opened) co_return std::move(opened).error();
        open_stream = opened->id;
        if (!gzip) written.push_back(key);
        co_return *opened;
    }
    Task<Result<std::int64_t>> close() {
        HELM_CO_TRY(WrittenObject stored, co_await cx.assets.close(std::exchange(open_stream, {}), true));
        co_return stored.size;
    }
    Task<void> clean_up() {
        if (!open_stream.empty()) (void)co_await cx.assets.close(std::exchange(open_stream, {}), false);
        for (const auto& key : written) (void)co_await cx.assets.remove(key);
    }
};

Task<Result<std::int64_t>> write_csv(Work& work, const TableShape& shape, const std::string& key) {
    HELM_CO_TRY(StreamHandle stream, co_await work.open(key, false, "text/csv"));
    const std::size_t skip = shape.added_rowid ? 1 : 0;  // the hidden rowid is no column of the table
    std::vector<csv::Cell> fields(shape.columns.begin() + std::ptrdiff_t(skip), shape.columns.end());
    std::string pending = csv::line(fields);
    TablePages pages(shape, Secrets::withheld);
    for (;;) {
        HELM_CO_TRY(std::vector<std::vector<Value>> rows, co_await pages.next(work.cx));
        if (rows.empty()) break;
        for (const auto& row : rows) {
            for (std::size_t i = skip; i < row.size(); ++i) fields[i - skip] = csv_field(row[i]);
            pending += csv::line(fields);
        }
        HELM_CO_TRY(std::ignore, co_await work.write(stream.id, pending, false));
    }
    HELM_CO_TRY(std::ignore, co_await work.write(stream.id, pending, true));
    co_return co_await work.close();
}

// Every object of the shop but its exports and its backups (which keep the PINs' hashes,
// as a restore needs them: dump.sql is the database without them), with the sizes R2 lists.
Task<Result<std::vector<Member>>> r2_members(Context& cx) {
    std::vector<Member> out;
    std::string cursor;
    for (;;) {
        HELM_CO_TRY(ObjectListing page, co_await cx.assets.list("", cursor));
        for (auto& o : page.objects)
            if (!o.key.starts_with(export_prefix) && !o.key.starts_with("backups/")) out.push_back({std::string(root) + "r2/" + o.key, o.size, o.key, {}});
        if (!page.truncated) break;
        cursor = page.cursor;
    }
    co_return out;
}

Task<Result<ExportReport>> assemble(Work& work, const std::string& name, ExportReport& report) {
    Context& cx = work.cx;
    HELM_CO_TRY(std::vector<SchemaObject> schema, co_await read_schema(cx));
    const DumpPlan plan = plan_dump(schema);
    std::vector<Member> members;

    const std::string dump_key = work.scratch + "dump.sql";
    HELM_CO_TRY(StreamHandle dump_stream, co_await work.open(dump_key, false, "application/sql"));
    HELM_CO_TRY(DumpReport dump, co_await write_dump(cx, dump_stream.id, business_date(cx.shop.timezone, cx.now_ms()), Secrets::withheld));
    HELM_CO_TRY(std::int64_t dump_size, co_await work.close());
    members.push_back({std::string(root) + "dump.sql", dump_size, dump_key, {}});
    report.tables = dump.tables;
    report.rows = dump.rows;

    std::vector<TableShape> shapes;
    for (const auto& table : plan.tables) {
        const bool wr = std::find(plan.without_rowid.begin(), plan.without_rowid.end(), table) != plan.without_rowid.end();
        HELM_CO_TRY(TableShape shape, co_await table_shape(cx, table, wr));
        const std::string key = work.scratch + "csv/" + table + ".csv";
        HELM_CO_TRY(std::int64_t size, co_await write_csv(work, shape, key));
        members.push_back({std::string(root) + "csv/" + table + ".csv", size, key, {}});
        shapes.push_back(std::move(shape));
    }
    for (auto text : {schema_markdown(cx.shop.slug, shapes, schema), restore_markdown(cx.shop.slug)}) {
        const bool is_schema = text.starts_with("# Schema");
        const auto size = std::int64_t(text.size());
        members.push_back({std::string(root) + (is_schema ? "SCHEMA.md" : "RESTORE.md"), size, {}, std::move(text)});
    }
    HELM_CO_TRY(std::vector<Member> objects, co_await r2_members(cx));
    report.r2_objects = std::int64_t(objects.size());
    for (auto& o : objects) members.push_back(std::move(o));

    report.key = std::string(export_prefix) + name + ".tar.gz";
    HELM_CO_TRY(StreamHandle archive, co_await work.open(report.key, true, "application/gzip"));
    const std::int64_t mtime_s = cx.now_ms() / 1000;
    std::string pending;
    for (const auto& m : members) {
        HELM_CO_TRY(std::string header, tar::member_header(m.path, m.size, mtime_s));
        pending += header;
        if (m.source.empty()) {
            pending += m.text;
        } else {
            HELM_CO_TRY(std::ignore, co_await work.write(archive.id, pending, true));
            HELM_CO_TRY(WrittenObject copied, co_await cx.assets.copy_into(archive.id, m.source));
            // The header already promised m.size bytes: an object that changed since it was
            // listed would shift every member after it.
            if (copied.size != m.size)
                co_return Error{Code::conflict, m.source + " changed while it was exported: export again", ""};
        }
        pending += tar::padding(m.size);
        HELM_CO_TRY(std::ignore, co_await work.write(archive.id, pending, false));
    }
    pending += tar::end_of_archive();
    HELM_CO_TRY(std::ignore, co_await work.write(archive.id, pending, true));
    HELM_CO_TRY(report.bytes, co_await work.close());
    report.members = std::int64_t(members.size());
    co_return report;
}

}  // namespace export_detail

Task<Result<ExportReport>> export_shop(Context& cx) {
    const std::int64_t now = cx.now_ms();
    // exports/<date>-<HHMM><random>: sorts by time within a day, never collides.
    const std::string name = export_stamp(cx.shop.timezone, now) + random_hex(3);
    export_detail::Work work{cx, std::string(export_prefix) + ".work-" + name + "/", {}, {}};
    ExportReport report;
    auto built = co_await export_detail::assemble(work, name, report);
    if (!built) {
        co_await work.clean_up();
        co_return std::move(built).error();
    }
    co_await work.clean_up();  // the scratch files
    const Json after = {{"key", report.key}, {"bytes", report.bytes}, {"members", report.members},
                        {"tables", report.tables}, {"rows", report.rows}, {"r2_objects", report.r2_objects}};
    auto recorded = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        co_return audit::Change{{}, {"data.export", "export", report.key, nullptr, after}};
    });
    if (!recorded) {
        (void)co_await cx.assets.remove(report.key);  // no export the audit log does not know of
        co_return std::move(recorded).error();
    }
    co_return report;
}

std::string export_stamp(std::string_view timezone, std::int64_t epoch_ms) {
    const std::string local = local_date_time(timezone, epoch_ms);  // "2026-11-23 09:30"
    return local.substr(0, 10) + "-" + local.substr(11, 2) + local.substr(14, 2);
}

bool export_started_by(std::string_view key, std::string_view stamp) {
    constexpr std::size_t stamp_length = 15;  // "2026-11-23-0930"
    if (!is_export_key(key)) return false;
    const auto name = key.substr(export_prefix.size());
    return name.size() > stamp_length && name.substr(0, stamp_length) <= stamp;
}

Task<Result<std::int64_t>> remove_exports_up_to(Context& cx, const std::string& stamp) {
    HELM_CO_TRY(std::vector<ExportFile> exports, co_await list_exports(cx));
    std::int64_t removed = 0;
    for (const auto& file : exports) {
        if (!export_started_by(file.key, stamp)) continue;
        HELM_CO_TRY(std::ignore, co_await cx.assets.remove(file.key));
        ++removed;
    }
    co_return removed;
}

bool is_export_key(std::string_view key) {
    if (!key.starts_with(export_prefix) || !key.ends_with(".tar.gz")) return false;
    const auto name = key.substr(export_prefix.size());
    if (name.size() <= 7 || name.front() == '.') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

Task<Result<std::vector<ExportFile>>> list_exports(Context& cx) {
    std::vector<ExportFile> out;
    std::string cursor;
    for (;;) {
        HELM_CO_TRY(ObjectListing page, co_await cx.assets.list(std::string(export_prefix), cursor));
        for (auto& o : page.objects)
            if (is_export_key(o.key)) out.push_back({o.key, o.key.substr(export_prefix.size()), o.size});
        if (!page.truncated) break;
        cursor = page.cursor;
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key > b.key; });
    co_return out;
}

csv::Cell csv_field(const Value& value) {
    struct Visit {
        csv::Cell operator()(std::nullptr_t) const { return ""; }
        csv::Cell operator()(std::int64_t i) const { return csv::number(i); }
        csv::Cell operator()(double d) const {
            if (std::isnan(d)) return "";
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", d);
            return csv::number(buf);
        }
        csv::Cell operator()(const std::string& s) const { return s; }
        csv::Cell operator()(const Blob& b) const { return to_hex(b); }
    };
    return std::visit(Visit{}, value);
}

std::string schema_markdown(std::string_view shop, const std::vector<TableShape>& tables, const std::vector<SchemaObject>& schema) {
    std::string out = "# Schema of shop " + std::string(shop) + "\n\n";
    out += "Each table has a CSV in csv/<table>.csv: a header row with the column names below, then every row.\n";
    out += "An empty field is NULL (or an empty text); a BLOB is written as hex. Money columns hold integer cents,\n";
    out += "tax rates parts per million, and times UTC epoch milliseconds (`*_at_ms`). dump.sql holds the same rows\n";
    out += "with their exact types, and the indexes, views and triggers below.\n";
    for (const auto& t : tables) {
        out += "\n## " + t.name + "\n\n| column | type |\n|---|---|\n";
        for (std::size_t i = t.added_rowid ? 1 : 0; i < t.columns.size(); ++i)
            out += "| " + t.columns[i] + " | " + (i < t.declared.size() ? t.declared[i] : std::string()) + " |\n";
        if (!t.parents.empty()) {
            out += "\nReferences:";
            for (const auto& p : t.parents) out += " " + p;
            out += "\n";
        }
    }
    out += "\n## Indexes, views and triggers\n\n";
    for (const auto& o : schema)
        if (o.type != "table" && !o.name.starts_with("sqlite_") && !o.name.starts_with("_cf_"))
            out += "- " + o.type + " `" + o.name + "` on " + o.table + "\n";
    return out;
}

std::string restore_markdown(std::string_view shop) {
    const std::string s(shop);
    return "# Restoring this export\n\n"
           "`dump.sql` is the whole database of shop " + s + " as plain SQL: tables, then rows in foreign-key order,\n"
           "then indexes, views and triggers. Load it into an EMPTY database. It holds no staff PIN (an export\n"
           "withholds their hashes): after loading it, the owner recovers the shop and sets each PIN again.\n\n"
           "Into a new SQLite file:\n\n"
           "    sqlite3 new.db < helm-export/dump.sql\n\n"
           "Into the shop's D1 again (from a checkout of Helm, after `npm install`; see docs/runbooks/restore.md):\n\n"
           "    npm run restore -- --env " + s + " --from helm-export/dump.sql\n\n"
           "The files under `r2/` are the shop's stored objects (backups, reports, the deploy log, the erasure\n"
           "journal) under their own keys: put them back into the shop's R2 bucket with\n"
           "`wrangler r2 object put <bucket>/<key> --file r2/<key>` if they are needed.\n";
}

}  // namespace helm::ops
