#include "core/shop.hpp"

#include "bindings/platform.hpp"
#include "core/json.hpp"

namespace helm {
namespace {
void read(simdjson::dom::element obj, std::string_view path, std::string& into) {
    std::string_view value;
    if (obj.at_pointer(path).get_string().get(value) == simdjson::SUCCESS && !value.empty()) into = value;
}
void read(simdjson::dom::element obj, std::string_view path, std::vector<std::string>& into) {
    simdjson::dom::array items;
    if (obj.at_pointer(path).get_array().get(items) != simdjson::SUCCESS) return;
    for (auto item : items) {
        std::string_view value;
        if (item.get_string().get(value) == simdjson::SUCCESS && !value.empty()) into.emplace_back(value);
    }
}
}  // namespace

Result<Shop> shop_from_config(std::string_view json) {
    HELM_TRY(auto doc, JsonDocument::parse(json));
    auto root = doc.root();
    Shop shop;
    read(root, "/vars/SHOP_SLUG", shop.slug);
    read(root, "/vars/SHOP_NAME", shop.name);
    read(root, "/vars/SHOP_TIMEZONE", shop.timezone);
    read(root, "/vars/SHOP_CURRENCY", shop.currency);
    read(root, "/vars/OIDC_ISSUER", shop.oidc_issuer);
    read(root, "/vars/OIDC_CLIENT_ID", shop.oidc_client_id);
    read(root, "/vars/OIDC_CLIENT_SECRET", shop.oidc_client_secret);
    read(root, "/vars/HELM_RECOVERY_SECRET", shop.recovery_secret);
    read(root, "/vars/HELM_OPERATOR_TOKEN", shop.operator_token);
    if (shop.slug.empty()) return Error{Code::internal, "SHOP_SLUG is not set for this Worker", "SHOP_SLUG"};
    std::string overrides_slug;
    read(root, "/overrides/slug", overrides_slug);
    // A bundle built for another shop must not brand this one.
    if (overrides_slug == shop.slug) {
        read(root, "/overrides/theme/primary", shop.primary_color);
        read(root, "/overrides/theme/accent", shop.accent_color);
        read(root, "/overrides/copy/tagline", shop.tagline);
        read(root, "/overrides/logo_svg", shop.logo_svg);
        read(root, "/overrides/receipt/address", shop.receipt.address);
        read(root, "/overrides/receipt/tax_numbers", shop.receipt.tax_numbers);
        read(root, "/overrides/receipt/footer", shop.receipt.footer);
        read(root, "/overrides/receipt/phone", shop.receipt.phone);
        read(root, "/overrides/receipt/hours", shop.receipt.hours);
    }
    read(root, "/build/version", shop.build.version);
    read(root, "/build/commit", shop.build.commit);
    read(root, "/build/built_at", shop.build.built_at);
    read(root, "/build/environment", shop.build.environment);
    if (shop.name.empty()) shop.name = shop.slug;
    if (shop.timezone.empty()) shop.timezone = "UTC";
    // Every business date hangs on the zone: a misspelt one must stop the Worker, not
    // quietly book the shop's evenings on the wrong day.
    if (!platform::utc_offset_minutes(shop.timezone, 0))
        return Error{Code::internal, "SHOP_TIMEZONE " + shop.timezone + " is not a time zone", "SHOP_TIMEZONE"};
    return shop;
}

}  // namespace helm
