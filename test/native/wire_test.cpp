// The format between the Wasm core and worker/shim.js, checked natively: what the shim
// sends back for each operation decodes into the same values the SQLite port produces.
#include "harness.hpp"

#include "bindings/wire.hpp"

using namespace helm;

TEST_CASE("a D1 reply decodes rows by column, numbers as integers or doubles, and byte arrays as blobs") {
    op::D1Query q{{"SELECT ...", {}}};
    auto reply = wire::decode(q, R"({"results":[{"id":7,"name":"Tube","ratio":0.5,"note":null,"raw":[0,255]},
                                                {"id":8,"name":"Bell","ratio":2,"note":"x","raw":[]}],
                                     "meta":{"changes":0,"last_row_id":8,"rows_read":2,"rows_written":0}})",
                              {});
    REQUIRE(reply.ok());
    const auto& r = std::get<D1Result>(*reply);
    CHECK(r.columns == std::vector<std::string>{"id", "name", "ratio", "note", "raw"});
    REQUIRE(r.rows.size() == 2);
    CHECK(Row(r, 0).integer("id") == 7);
    CHECK(Row(r, 1).text("name") == "Bell");
    CHECK(std::get<double>(r.rows[0][2]) == 0.5);
    CHECK(Row(r, 0).is_null("note"));
    CHECK(std::get<Blob>(r.rows[0][4]) == Blob{0, 255});
    CHECK(r.meta.last_row_id == 8);
    CHECK(r.meta.rows_read == 2);
}

TEST_CASE("a D1 failure from the shim maps to the same error as SQLite's") {
    op::D1Batch b;
    auto unique = wire::decode(b, R"({"error":"D1_ERROR: UNIQUE constraint failed: products.barcode: SQLITE_CONSTRAINT"})", {});
    REQUIRE_FALSE(unique.ok());
    CHECK(unique.error().code == Code::already_exists);
    CHECK(unique.error().field == "barcode");
    auto check = wire::decode(b, R"({"error":"D1_ERROR: CHECK constraint failed: price_cents >= 0: SQLITE_CONSTRAINT"})", {});
    CHECK(check.error().code == Code::failed_precondition);
    auto other = wire::decode(op::R2Get{"k"}, R"({"error":"network lost"})", {});
    CHECK(other.error().code == Code::unavailable);
    CHECK_FALSE(wire::decode(b, "not json", {}).ok());
}

TEST_CASE("R2, KV, fetch and crypto replies decode with their bytes") {
    auto missing = wire::decode(op::R2Get{"a"}, R"({"found":false})", {});
    CHECK_FALSE(std::get<std::optional<StoredObject>>(*missing).has_value());
    auto found = wire::decode(op::R2Get{"a"}, R"({"found":true,"size":2,"etag":"e1","content_type":"text/plain"})", Blob{'h', 'i'});
    const auto& object = *std::get<std::optional<StoredObject>>(*found);
    CHECK(object.key == "a");
    CHECK(object.body == Blob{'h', 'i'});
    CHECK(object.content_type == "text/plain");
    auto value = wire::decode(op::KvGet{"k"}, R"({"value":"v"})", {});
    CHECK(std::get<std::optional<std::string>>(*value) == std::optional<std::string>("v"));
    auto absent = wire::decode(op::KvGet{"k"}, R"({"value":null})", {});
    CHECK_FALSE(std::get<std::optional<std::string>>(*absent).has_value());
    auto fetched = wire::decode(op::Fetch{}, R"({"status":201,"headers":[["content-type","text/plain"]]})", Blob{'o', 'k'});
    const auto& response = std::get<FetchResponse>(*fetched);
    CHECK(response.status == 201);
    CHECK(find_header(response.headers, "content-type") == "text/plain");
    CHECK(response.body == "ok");
}

TEST_CASE("operations encode as the JSON head the shim reads, with their bytes beside it") {
    auto query = wire::encode(op::D1Query{{"SELECT ?1, ?2, ?3", {Value(std::int64_t{5}), Value(std::string("a\"b")), Value(nullptr)}}});
    REQUIRE(query.ok());
    auto head = Json::parse(query->head, nullptr, false);
    CHECK(head["op"] == "d1.query");
    CHECK(head["params"] == Json::array({5, "a\"b", nullptr}));
    auto put = wire::encode(op::R2Put{"backups/x", Blob{1, 2, 3}, "application/gzip"});
    CHECK(Json::parse(put->head, nullptr, false)["content_type"] == "application/gzip");
    CHECK(put->body == Blob{1, 2, 3});
    auto blob = wire::encode(op::D1Query{{"SELECT ?1", {Value(Blob{9, 8})}}});
    CHECK(Json::parse(blob->head, nullptr, false)["params"][0]["blob"] == Json::array({9, 8}));
}

TEST_CASE("an RS256 check goes out with the key and signature in the head and the message as the body") {
    auto sent = wire::encode(op::VerifyRs256{"bW9kdWx1cw", "AQAB", Blob{'h', '.', 'p'}, Blob{7, 255}});
    REQUIRE(sent.ok());
    auto head = Json::parse(sent->head, nullptr, false);
    CHECK(head["op"] == "crypto.verify_rs256");
    CHECK(head["n"] == "bW9kdWx1cw");
    CHECK(head["e"] == "AQAB");
    CHECK(head["signature"] == Json::array({7, 255}));
    CHECK(sent->body == Blob{'h', '.', 'p'});

    auto verdict = [](std::string_view reply) { return std::get<Verdict>(*wire::decode(op::VerifyRs256{}, reply, {})).valid; };
    CHECK(verdict(R"({"valid":true})"));
    CHECK_FALSE(verdict(R"({"valid":false})"));
    CHECK_FALSE(verdict(R"({})"));  // a reply without a verdict fails closed
    CHECK_FALSE(verdict(R"({"valid":"true"})"));
}

TEST_CASE("a number from the shim beyond int64's range, a fraction or a bad byte is refused as a value, never converted") {
    op::D1Query q{{"SELECT ...", {}}};
    for (const char* meta : {R"({"changes":2e19})", R"({"changes":-1e19})", R"({"last_row_id":18446744073709551615})",
                             R"({"rows_read":1.5})", R"({"rows_written":9223372036854775808})"}) {
        auto reply = wire::decode(q, std::string(R"({"results":[],"meta":)") + meta + "}", {});
        REQUIRE_FALSE_MESSAGE(reply.ok(), meta);
        CHECK(reply.error().code == Code::internal);
    }
    auto exact = wire::decode(q, R"({"results":[],"meta":{"changes":3.0,"last_row_id":-9223372036854775808,"rows_read":9007199254740992}})", {});
    REQUIRE(exact.ok());
    CHECK(std::get<D1Result>(*exact).meta.changes == 3);
    CHECK(std::get<D1Result>(*exact).meta.rows_read == 9007199254740992);
    CHECK_FALSE(wire::decode(q, R"({"results":[{"raw":[0,256]}]})", {}).ok());
    CHECK_FALSE(wire::decode(q, R"({"results":[{"raw":[1.5]}]})", {}).ok());
    CHECK_FALSE(wire::decode(op::D1Batch{}, R"({"batch":[{"results":[],"meta":{"changes":1e300}}]})", {}).ok());
    CHECK_FALSE(wire::decode(op::R2Get{"a"}, R"({"found":true,"size":3e19})", {}).ok());
    CHECK_FALSE(wire::decode(op::R2List{}, R"({"objects":[{"key":"a","size":-3e19}]})", {}).ok());
    CHECK_FALSE(wire::decode(op::R2StreamClose{}, R"({"size":1e20})", {}).ok());
    CHECK_FALSE(wire::decode(op::Fetch{}, R"({"status":4294967496})", {}).ok());
    CHECK_FALSE(wire::decode(op::Fetch{}, R"({"status":2e19})", {}).ok());
}
