#pragma once
// A whole shop natively: the real migrations on a fresh SQLite file, R2 and KV in a
// temporary directory, and the same App the Worker runs. Requests go through App::serve
// exactly as they do in workerd; only the ports underneath differ.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "bindings/native/native.hpp"
#include "core/app.hpp"

namespace helm::testing {

inline std::filesystem::path fresh_dir(std::string_view name) {
    static int counter = 0;
    auto dir = std::filesystem::temp_directory_path() /
               ("helm-test-" + std::to_string(::getpid()) + "-" + std::string(name) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

inline Shop test_shop() {
    Shop shop;
    shop.slug = "test-shop";
    shop.name = "Test Cycles";
    shop.timezone = "America/Vancouver";
    shop.currency = "CAD";
    shop.build = {"0.0.0-test", "abc1234", "2026-11-23T00:00:00Z"};
    return shop;
}

struct Reply {
    int status = 0;
    Headers headers;
    std::string body;
    Json json() const { return Json::parse(body, nullptr, false); }
};

class TestShop {
public:
    TestShop() : dir_(fresh_dir("shop")), ports_{open_db(dir_), native::DirectoryStore(dir_ / "r2"), native::DirectoryStore(dir_ / "kv")}, app_(test_shop()) {
        previous_sink_ = native::set_log_sink([this](std::string_view line) { logs.emplace_back(line); });
    }
    ~TestShop() {
        native::set_log_sink(previous_sink_);
        std::filesystem::remove_all(dir_);
    }

    Reply request(std::string method, std::string target, std::string body = {}, Headers headers = {}) {
        Context cx(app_.shop(), "req-" + std::to_string(++requests_));
        Request rq;
        rq.method = std::move(method);
        set_target(rq, target);
        rq.body = std::move(body);
        rq.headers = std::move(headers);
        auto task = app_.serve(cx, rq);
        Response res = native::drive(task, cx.channel, ports_);
        return {res.status, res.headers, res.body};
    }

    // Starts a request without finishing it, so a test can interleave others with it.
    struct Pending {
        std::unique_ptr<Context> cx;
        std::unique_ptr<Request> rq;
        Task<Response> task;
    };
    Pending start(std::string method, std::string target, std::string body = {}) {
        auto cx = std::make_unique<Context>(app_.shop(), "req-" + std::to_string(++requests_));
        auto rq = std::make_unique<Request>();
        rq->method = std::move(method);
        set_target(*rq, target);
        rq->body = std::move(body);
        auto task = app_.serve(*cx, *rq);
        task.start();
        return {std::move(cx), std::move(rq), std::move(task)};
    }
    // Performs the pending request's operations until the next one it waits for is a
    // D1 batch (its write), leaving that one unperformed.
    void run_until_batch(Pending& p) {
        while (p.cx->channel.waiting() && !std::holds_alternative<op::D1Batch>(p.cx->channel.pending())) {
            p.cx->channel.complete(ports_.perform(p.cx->channel.take_pending()));
            p.cx->channel.resume();
        }
        REQUIRE(p.cx->channel.waiting());
    }
    Reply finish(Pending& p) {
        Response res = native::drive_started(p.task, p.cx->channel, ports_);
        return {res.status, res.headers, res.body};
    }

    Reply post_json(std::string target, const Json& body) {
        return request("POST", std::move(target), to_text(body), {{"content-type", "application/json"}});
    }

    void cron(std::string expression) {
        Context cx(app_.shop(), "run-" + std::to_string(++requests_));
        auto task = app_.on_cron(cx, std::move(expression));
        native::drive(task, cx.channel, ports_);
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

    native::Ports& ports() { return ports_; }
    const App& app() const { return app_; }
    std::vector<std::string> logs;

private:
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
};

}  // namespace helm::testing
