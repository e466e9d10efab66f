#pragma once
// The shop's identity is configuration, never data: the env's vars plus the
// shop-overrides/<slug>/ bundled for that shop only, handed over once per instance.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace helm {

struct BuildInfo {
    std::string version;
    std::string commit;
    std::string built_at;
    std::string environment;  // development, dry-run or production (scripts/lib.mjs writeBuildInfo)
};

// What every receipt prints about the shop, from its overrides: the law wants the
// address and the tax registration numbers on it.
struct ReceiptIdentity {
    std::string address;                   // may hold line breaks
    std::vector<std::string> tax_numbers;  // "GST 123456789 RT0001"
    std::string footer;                    // the return policy, a thank-you
    std::string phone;
    std::string hours;  // may hold line breaks: "Mon–Fri 10–6\nSat 10–5"
};

struct Shop {
    std::string slug;
    std::string name;
    std::string timezone;
    std::string currency;
    std::string primary_color = "#1f4e79";
    std::string accent_color = "#f2a900";
    std::string tagline;
    std::string logo_svg;
    ReceiptIdentity receipt;
    BuildInfo build;
    // Sign-in (layer 1): the OpenID Connect issuer and this shop's client at it. The
    // secrets come from `wrangler secret put`, never from wrangler.jsonc.
    std::string oidc_issuer;
    std::string oidc_client_id;
    std::string oidc_client_secret;
    std::string recovery_secret;  // HELM_RECOVERY_SECRET: resets a locked-out owner
    std::string operator_token;   // HELM_OPERATOR_TOKEN: the operator's routes (access::operator_token)
};

// {"vars":{SHOP_SLUG,...,OIDC_ISSUER,OIDC_CLIENT_ID,OIDC_CLIENT_SECRET,HELM_RECOVERY_SECRET,HELM_OPERATOR_TOKEN},"overrides":{"slug","theme":{"primary","accent"},"copy":{"tagline"},"logo_svg",
//  "receipt":{"address","tax_numbers":[...],"footer","phone","hours"}},
//  "build":{"version","commit","built_at"}}
Result<Shop> shop_from_config(std::string_view json);

}  // namespace helm
