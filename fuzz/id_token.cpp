// ID tokens and the issuer's keys as a sign-in receives them: the token (first line) and
// the JWKS document (the rest). The signature check is the crypto port's; here it says yes,
// so that the fuzzer reaches every claim check behind it. Nothing may crash, and a token
// accepted has the issuer, audience and nonce expected.
#include "auth/id_token.hpp"
#include "fuzz.hpp"

using namespace helm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [token, jwks] = fuzz::split_line(fuzz::text(data, size));
    Shop shop;
    shop.slug = "fuzz";
    shop.timezone = "UTC";
    Context cx(shop, "fuzz", [] { return std::int64_t{1'800'000'000'000}; });
    const auth::IdTokenExpectations expect{"https://id.example", "helm", "n0nce", 1'800'000'000, 60};
    auto task = auth::verify_id_token(cx, token, jwks, expect);
    task.start();
    while (!task.done()) {
        Operation op = cx.channel.take_pending();
        Result<Reply> reply = Error{Code::internal, "not performed here", ""};
        if (std::holds_alternative<op::VerifyRs256>(op)) reply = Reply(Verdict{true});
        cx.channel.complete(std::move(reply));
        cx.channel.resume();
    }
    auto claims = task.take();
    if (claims) fuzz::require(claims->iss == "https://id.example" && claims->nonce == "n0nce", "an accepted token is the expected issuer's, for this sign-in");
    return 0;
}
