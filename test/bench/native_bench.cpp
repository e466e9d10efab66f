// The core's own cost per request, natively: App::serve with real SQLite (in memory) and
// no HTTP in front, for the rows npm run bench also measures in workerd. Prints one line
// per route; asserts nothing.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "bindings/native/native.hpp"
#include "core/app.hpp"

using namespace helm;

namespace {

struct Bench {
    native::Ports ports;
    App app;
    int served = 0;

    Response serve(std::string method, std::string target, std::string body = {}) {
        Context cx(app.shop(), "bench-" + std::to_string(++served));
        Request rq;
        rq.method = std::move(method);
        set_target(rq, target);
        rq.body = std::move(body);
        auto task = app.serve(cx, rq);
        return native::drive(task, cx.channel, ports);
    }
};

std::unique_ptr<native::SqliteD1> scratch_db() {
    auto db = native::SqliteD1::open(":memory:");
    if (!db || !(*db)->apply_migrations(std::filesystem::path(HELM_SOURCE_DIR) / "migrations")) std::abort();
    return std::move(*db);
}

}  // namespace

int main() {
    native::set_log_sink([](std::string_view) {});  // the log line is built, not printed
    auto dir = std::filesystem::temp_directory_path() / "helm-native-bench";
    Shop shop;
    shop.slug = "bench";
    shop.build.version = "bench";
    Bench b{{scratch_db(), native::DirectoryStore(dir / "r2"), native::DirectoryStore(dir / "kv")}, App(shop)};

    const int products = 1000;
    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < products; ++i)
        b.serve("POST", "/api/products",
                R"({"sku":"SKU-)" + std::to_string(i) + R"(","name":"Bench part )" + std::to_string(i) +
                    R"(","barcode":")" + std::to_string(4000000000000 + i) + R"(","price_cents":)" + std::to_string(100 + i) + "}");
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("native  POST /api/products (audited, %d in a row)   %8.1f us/request\n", products, seconds / products * 1e6);

    struct Row {
        const char* name;
        const char* target;
    };
    for (auto [name, target] : {Row{"GET /brand/logo.svg (no D1)", "/brand/logo.svg"}, Row{"GET /api/health", "/api/health"},
                                Row{"GET /api/products?q=<barcode>", "/api/products?q=4000000000500"},
                                Row{"GET /api/products?q=<name part>", "/api/products?q=part%2099"}}) {
        const int n = 5000;
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i)
            if (b.serve("GET", target).status != 200) std::abort();
        auto us = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / n * 1e6;
        std::printf("native  %-40s %8.1f us/request\n", name, us);
    }
    std::filesystem::remove_all(dir);
}
