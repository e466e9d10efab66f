#pragma once
// A whole shop natively: the real migrations on a fresh SQLite file, R2 and KV in a
// temporary directory, and the same App the Worker runs. Requests go through App::serve
// exactly as they do in workerd; only the ports underneath differ.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <zlib.h>

#include "bindings/native/native.hpp"
#include "app/app.hpp"
#include "core/hex.hpp"
#include "core/time.hpp"
#include "ops/dump.hpp"

namespace helm::testing {

// Every user table's rows, in key order, as one string per table: what a checksum hashes.
inline std::map<std::string, std::string> table_contents(native::SqliteD1& db) {
    std::map<std::string, std::string> out;
    auto tables = db.query({"SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            "AND name NOT LIKE '%_data' AND name NOT LIKE '%_idx' AND name NOT LIKE '%_docsize' "
                            "AND name NOT LIKE '%_config' AND sql NOT LIKE 'CREATE VIRTUAL%'", {}});
    REQUIRE(tables.ok());
    for (std::size_t i = 0; i < tables->rows.size(); ++i) {
        const auto name = Row(*tables, i).text("name");
        const bool wr = Row(*tables, i).text("sql").find("WITHOUT ROWID") != std::string::npos;
        auto rows = db.query({"SELECT " + std::string(wr ? "" : "rowid, ") + "* FROM " + ops::quote_identifier(name) +
                                  " ORDER BY " + (wr ? "1, 2" : "rowid"), {}});
        REQUIRE(rows.ok());
        std::string text;
        for (const auto& row : rows->rows) {
            for (const auto& v : row) text += ops::sql_literal(v) + "|";
            text += "\n";
        }
        out[name] = text;
    }
    return out;
}

inline std::filesystem::path fresh_dir(std::string_view name) {
    static int counter = 0;
    auto dir = std::filesystem::temp_directory_path() /
               ("helm-test-" + std::to_string(::getpid()) + "-" + std::string(name) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// What the native R2 stored gzipped (backups, exports), as text.
inline std::string gunzip(const Blob& gz) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, 15 + 32) == Z_OK);
    z.next_in = const_cast<Bytef*>(gz.data());
    z.avail_in = uInt(gz.size());
    std::string out;
    char buffer[1 << 16];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        REQUIRE((rc == Z_OK || rc == Z_STREAM_END));
        out.append(buffer, sizeof buffer - z.avail_out);
    }
    inflateEnd(&z);
    return out;
}

inline Shop test_shop() {
    Shop shop;
    shop.slug = "test-shop";
    shop.name = "Test Cycles";
    shop.timezone = "America/Vancouver";
    shop.currency = "CAD";
    shop.build = {"0.0.0-test", "abc1234", "2026-11-23T00:00:00Z", "test"};
    return shop;
}

// The tests' clock: real time plus what a test moved it on by (idle times, lockouts).
inline std::int64_t clock_offset_ms = 0;
inline std::int64_t test_clock() { return platform::now_ms() + clock_offset_ms; }

// "2026-03-08T10:00Z" as UTC epoch milliseconds.
inline std::int64_t utc_ms(std::string_view iso) {
    const auto day = utc_day_start_ms(iso.substr(0, 10));
    const int h = std::stoi(std::string(iso.substr(11, 2))), m = std::stoi(std::string(iso.substr(14, 2)));
    return day + (h * 60 + m) * 60'000;
}
// The harness clock reads `iso` now (and moves on in real time from there).
inline void set_clock(std::string_view iso) { clock_offset_ms = utc_ms(iso) - platform::now_ms(); }

inline constexpr std::string_view test_origin = "https://test-shop.example";
inline constexpr std::string_view test_pin = "40917";

struct Reply {
    int status = 0;
    Headers headers;
    std::string body;
    Json json() const { return Json::parse(body, nullptr, false); }
};

class TestShop {
public:
    // Requests come from a trusted device with an Owner signed in by PIN, unless a test
    // says otherwise (sign_out_device, sign_in_staff): the gate itself is tested on its own.
    explicit TestShop(Shop shop = test_shop())
        : dir_(fresh_dir("shop")), ports_{open_db(dir_), native::DirectoryStore(dir_ / "r2"), native::DirectoryStore(dir_ / "kv")}, app_(std::move(shop)) {
        previous_sink_ = native::set_log_sink([this](std::string_view line) { logs.emplace_back(line); });
        clock_offset_ms = 0;
        sign_in_device("owner@test-shop.example");
        sign_in_staff(add_staff("Olive Owner", "owner"));
    }
    ~TestShop() {
        native::set_log_sink(previous_sink_);
        std::filesystem::remove_all(dir_);
    }

    // Setup, written straight to the database: an allowlisted email with a device
    // session whose cookie the following requests carry.
    void sign_in_device(std::string email) {
        sql("INSERT OR IGNORE INTO allowlist (email, added_at_ms) VALUES (?1, ?2)", {email, test_clock()});
        device_token_ = random_hex(32);
        const std::string hash = to_hex(native::sha256(Blob(device_token_.begin(), device_token_.end())));
        sql("INSERT INTO device_sessions (token_hash, allowlist_id, email, created_at_ms, seen_at_ms, expires_at_ms) "
            "SELECT ?1, id, email, ?2, ?2, ?2 + 2592000000 FROM allowlist WHERE email = ?3",
            {hash, test_clock(), email});
        device_id_ = integer("SELECT id FROM device_sessions WHERE token_hash = ?1", {hash});
    }
    void sign_out_device() { device_token_.clear(); }
    // A staff member with the test PIN (hashed as the app hashes it).
    std::int64_t add_staff(std::string name, std::string role) {
        // One salt for every test staff member: PBKDF2 runs once per test binary, not per shop.
        static const std::string salt = random_hex(16);
        static const std::string hash = to_hex(native::pbkdf2_sha256(Blob(test_pin.begin(), test_pin.end()), from_hex(salt), 100000));
        sql("INSERT INTO staff (display_name, role_key, pin_hash, pin_salt, pin_iterations, created_at_ms, updated_at_ms) "
            "VALUES (?1, ?2, ?3, ?4, 100000, ?5, ?5)",
            {name, role, hash, salt, test_clock()});
        return integer("SELECT max(id) FROM staff");
    }
    void sign_in_staff(std::int64_t staff_id) {
        sql("UPDATE device_sessions SET staff_id = ?2, staff_started_at_ms = ?3, staff_seen_at_ms = ?3 WHERE id = ?1",
            {device_id_, staff_id, test_clock()});
    }
    void sign_out_staff() {
        sql("UPDATE device_sessions SET staff_id = NULL, staff_started_at_ms = NULL, staff_seen_at_ms = NULL WHERE id = ?1", {device_id_});
    }
    const std::string& device_token() const { return device_token_; }
    std::int64_t device_id() const { return device_id_; }

    // A request as this shop's own page sends it: to its origin, with the device cookie.
    Reply request(std::string method, std::string target, std::string body = {}, Headers headers = {}) {
        Context cx(app_.shop(), "req-" + std::to_string(++requests_), test_clock);
        Request rq;
        rq.method = std::move(method);
        set_target(rq, std::string(test_origin) + target);
        rq.body = std::move(body);
        rq.headers = with_session(std::move(headers));
        auto task = app_.serve(cx, rq);
        Response res = native::drive(task, cx.channel, ports_);
        ops::count_storage_ops(cx);  // as bindings/wasm/exports.cpp does when a run ends
        return {res.status, res.headers, res.body};
    }

    // Starts a request without finishing it, so a test can interleave others with it.
    struct Pending {
        std::unique_ptr<Context> cx;
        std::unique_ptr<Request> rq;
        Task<Response> task;
    };
    Pending start(std::string method, std::string target, std::string body = {}) {
        auto cx = std::make_unique<Context>(app_.shop(), "req-" + std::to_string(++requests_), test_clock);
        auto rq = std::make_unique<Request>();
        rq->method = std::move(method);
        set_target(*rq, std::string(test_origin) + target);
        rq->body = std::move(body);
        rq->headers = with_session({});
        auto task = app_.serve(*cx, *rq);
        task.start();
        return {std::move(cx), std::move(rq), std::move(task)};
    }
    // Performs the pending request's operations until the next one it waits for is a
    // D1 batch that writes (its change), leaving that one unperformed. Batches that only
    // read (a sale's inputs, the chain's head with a new id) are performed.
    void run_until_batch(Pending& p) {
        const auto writes = [](const Operation& op) {
            const auto* batch = std::get_if<op::D1Batch>(&op);
            return batch && std::any_of(batch->statements.begin(), batch->statements.end(),
                                        [](const Statement& s) { return !s.sql.starts_with("SELECT "); });
        };
        while (p.cx->channel.waiting() && !writes(p.cx->channel.pending())) {
            p.cx->channel.complete(ports_.perform(p.cx->channel.take_pending()));
            p.cx->channel.resume();
        }
        REQUIRE(p.cx->channel.waiting());
    }
    Reply finish(Pending& p) {
        Response res = native::drive_started(p.task, p.cx->channel, ports_);
        ops::count_storage_ops(*p.cx);
        return {res.status, res.headers, res.body};
    }

    Reply post_json(std::string target, const Json& body) {
        return request("POST", std::move(target), to_text(body), {{"content-type", "application/json"}});
    }
    // A form as a browser posts it: "name=value&...", percent-encoded by the caller.
    Reply post_form(std::string target, std::string body) {
        return request("POST", std::move(target), std::move(body), {{"content-type", "application/x-www-form-urlencoded"}});
    }

    void cron(std::string expression) {
        Context cx(app_.shop(), "run-" + std::to_string(++requests_), test_clock);
        auto task = app_.on_cron(cx, std::move(expression));
        native::drive(task, cx.channel, ports_);
        ops::count_storage_ops(cx);
    }

    // Reads the database directly, as an auditor would, to see what a request wrote.
    D1Result sql(std::string statement, std::vector<Value> params = {}) {
        auto r = ports_.db->query({std::move(statement), std::move(params)});
        REQUIRE(r.ok());
        return *r;
    }
    std::int64_t count(std::string table) {
        auto result = sql("SELECT count(*) AS n FROM " + table);
        return Row(result, 0).integer("n");
    }
    std::int64_t integer(std::string statement, std::vector<Value> params = {}) {
        auto result = sql(std::move(statement), std::move(params));
        REQUIRE(result.rows.size() == 1);
        return Row(result, 0).integer(result.columns.at(0));
    }

    std::string text(std::string statement, std::vector<Value> params = {}) {
        auto result = sql(std::move(statement), std::move(params));
        REQUIRE(result.rows.size() == 1);
        return Row(result, 0).text(result.columns.at(0));
    }

    native::Ports& ports() { return ports_; }
    const App& app() const { return app_; }
    std::vector<std::string> logs;

private:
    Headers with_session(Headers headers) const {
        auto has = [&](std::string_view name) { return !find_header(headers, name).empty(); };
        if (!device_token_.empty() && !has("cookie")) headers.push_back({"cookie", "__Host-helm_device=" + device_token_});
        if (!has("origin")) headers.push_back({"origin", std::string(test_origin)});
        return headers;
    }

    static std::unique_ptr<native::SqliteD1> open_db(const std::filesystem::path& dir) {
        auto db = native::SqliteD1::open((dir / "d1.sqlite").string());
        REQUIRE(db.ok());
        auto migrated = (*db)->apply_migrations(std::filesystem::path(HELM_SOURCE_DIR) / "migrations");
        REQUIRE_MESSAGE(migrated.ok(), (migrated.ok() ? "" : migrated.error().message));
        return std::move(*db);
    }

    std::filesystem::path dir_;
    native::Ports ports_;
    App app_;
    native::LogSink previous_sink_;
    int requests_ = 0;
    std::string device_token_;
    std::int64_t device_id_ = 0;
};

}  // namespace helm::testing
