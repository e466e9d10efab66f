// The core's own cost per request, natively: App::serve with real SQLite (in memory) and
// no HTTP in front, for the rows npm run bench also measures in workerd. Prints one line
// per route; asserts nothing.
//
//   helm_bench [realistic-shop.sql lookups.tsv]
//
// With the two files (npm run bench writes them: scripts/realistic-shop.mjs's SQL and
// the lookups it also sends to workerd, one "name<TAB>path" a line), it loads the
// realistic shop into a second database and times each kind of lookup over it.
// rows_read here is D1Result.meta.rows_read as the native port counts it: the rows a
// query RETURNED (bindings/native/sqlite_d1.cpp), not the rows it scanned as D1 bills.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "bindings/native/native.hpp"
#include "app/app.hpp"
#include "core/hex.hpp"

using namespace helm;

namespace {

constexpr std::string_view origin = "https://bench.example";

struct Bench {
    native::Ports ports;
    App app;
    std::string cookie{};  // a trusted device's, with the owner signed in on it
    int served = 0;
    std::int64_t rows_read = 0;  // the last request's, over all its D1 calls (gate included)

    Response serve(std::string method, std::string target, std::string body = {}) {
        Context cx(app.shop(), "bench-" + std::to_string(++served));
        Request rq;
        rq.method = std::move(method);
        set_target(rq, std::string(origin) + target);
        rq.body = std::move(body);
        rq.headers.push_back({"cookie", cookie});
        rq.headers.push_back({"origin", std::string(origin)});
        if (!rq.body.empty()) rq.headers.push_back({"content-type", "application/json"});
        auto task = app.serve(cx, rq);
        Response res = native::drive(task, cx.channel, ports);
        rows_read = cx.channel.stats().d1_rows_read;
        return res;
    }
};

void must(const Status& ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "helm_bench: %s: %s\n", what, ok.error().message.c_str());
        std::exit(1);
    }
}

std::unique_ptr<native::SqliteD1> scratch_db() {
    auto db = native::SqliteD1::open(":memory:");
    if (!db) std::abort();
    must((*db)->apply_migrations(std::filesystem::path(HELM_SOURCE_DIR) / "migrations"), "migrations");
    return std::move(*db);
}

// Written straight to the database, as the native tests do: an allowlisted owner with a
// device session and the owner signed in on it by PIN (never checked again after that).
std::string sign_in_owner(native::SqliteD1& db) {
    const std::int64_t now = platform::now_ms();
    const std::string email = "owner@bench.example";
    const std::string token = random_hex(32);
    const std::string hash = to_hex(native::sha256(Blob(token.begin(), token.end())));
    auto run = [&](std::string sql, std::vector<Value> params) {
        auto r = db.query({std::move(sql), std::move(params)});
        if (!r) must(Status(std::move(r).error()), "sign-in");
    };
    run("INSERT INTO allowlist (email, added_at_ms) VALUES (?1, ?2)", {email, now});
    run("INSERT INTO staff (display_name, role_key, pin_hash, pin_salt, pin_iterations, idle_timeout_s, created_at_ms, updated_at_ms) "
        "VALUES ('Bench Owner', 'owner', ?1, ?2, 100000, 43200, ?3, ?3)",
        {std::string(64, '0'), std::string(32, '0'), now});
    run("INSERT INTO device_sessions (token_hash, allowlist_id, email, created_at_ms, seen_at_ms, expires_at_ms, staff_id, "
        "staff_started_at_ms, staff_seen_at_ms) "
        "SELECT ?1, id, email, ?2, ?2, ?2 + 2592000000, (SELECT max(id) FROM staff), ?2, ?2 FROM allowlist WHERE email = ?3",
        {hash, now, email});
    return "__Host-helm_device=" + token;
}

double since_us(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
}

// The realistic shop: the same SQL file and lookups npm run bench sends to workerd.
void realistic(const std::filesystem::path& sql_file, const std::filesystem::path& lookups_file, const std::filesystem::path& dir) {
    auto db = scratch_db();
    // apply_migrations runs a file of many statements; give it a folder of this one file.
    const auto data_dir = dir / "realistic";
    std::filesystem::create_directories(data_dir);
    std::filesystem::copy_file(sql_file, data_dir / "9999_realistic_shop.sql", std::filesystem::copy_options::overwrite_existing);
    auto t0 = std::chrono::steady_clock::now();
    must(db->apply_migrations(data_dir), "loading the realistic shop");
    std::printf("native  realistic shop loaded into SQLite in %.1f s\n", since_us(t0) / 1e6);

    std::vector<std::pair<std::string, std::vector<std::string>>> kinds;
    std::ifstream in(lookups_file);
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        std::string name = line.substr(0, tab);
        if (kinds.empty() || kinds.back().first != name) kinds.push_back({name, {}});
        kinds.back().second.push_back(line.substr(tab + 1));
    }

    Shop shop;
    shop.slug = "bench";
    shop.build.version = "bench";
    Bench b{{std::move(db), native::DirectoryStore(dir / "r2"), native::DirectoryStore(dir / "kv")}, App(shop)};
    b.cookie = sign_in_owner(*b.ports.db);
    for (const auto& [name, paths] : kinds) {
        const int n = 2000;
        std::int64_t rows = 0, most = 0;
        int other = 0, last_status = 0;
        t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) {
            const int status = b.serve("GET", paths[std::size_t(i) % paths.size()]).status;
            if (status != 200) ++other, last_status = status;
            rows += b.rows_read;
            most = std::max(most, b.rows_read);
        }
        const double us = since_us(t0) / n;
        std::printf("native  %-40s %8.1f us/request   rows_read/request avg %.1f max %lld   non-200: %d%s\n", name.c_str(), us,
                    double(rows) / n, static_cast<long long>(most), other,
                    other ? (" (last " + std::to_string(last_status) + ")").c_str() : "");
    }
}

}  // namespace

int main(int argc, char** argv) {
    native::set_log_sink([](std::string_view) {});  // the log line is built, not printed
    auto dir = std::filesystem::temp_directory_path() / ("helm-native-bench-" + std::to_string(::getpid()));
    Shop shop;
    shop.slug = "bench";
    shop.build.version = "bench";
    Bench b{{scratch_db(), native::DirectoryStore(dir / "r2"), native::DirectoryStore(dir / "kv")}, App(shop)};
    b.cookie = sign_in_owner(*b.ports.db);

    const int products = 1000;
    int refused = 0;
    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < products; ++i)
        refused += b.serve("POST", "/api/products",
                           R"({"sku":"SKU-)" + std::to_string(i) + R"(","name":"Bench part )" + std::to_string(i) + R"(","barcodes":[")" +
                               std::to_string(4000000000000 + i) + R"("],"price_cents":)" + std::to_string(100 + i) + "}")
                       .status != 201;
    std::printf("native  POST /api/products (audited, %d in a row)   %8.1f us/request   not 201: %d\n", products,
                since_us(started) / products, refused);

    struct Row {
        const char* name;
        const char* target;
    };
    for (auto [name, target] : {Row{"GET /static/shell.js (no D1)", "/static/shell.js"}, Row{"GET /api/health", "/api/health"},
                                Row{"GET /api/products?q=<barcode>", "/api/products?q=4000000000500"},
                                Row{"GET /api/products?q=<name part>", "/api/products?q=part%2099"}}) {
        const int n = 5000;
        int other = 0;
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) other += b.serve("GET", target).status != 200;
        std::printf("native  %-40s %8.1f us/request   non-200: %d\n", name, since_us(t0) / n, other);
    }
    if (argc >= 3) realistic(argv[1], argv[2], dir);
    std::filesystem::remove_all(dir);
}
