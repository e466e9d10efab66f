#include "ops/ops_settings.hpp"

#include <algorithm>
#include <array>

#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "ops/ops_sql.hpp"

namespace helm::ops {
namespace {

constexpr std::array fields{
    OpsSettingField{"daily_local_hour", "Nightly backup and checks, from (hour, 0-23)", &OpsSettings::daily_hour, nullptr, 0, 23},
    OpsSettingField{"weekly_local_hour", "Monday's weekly digest, from (hour, 0-23)", &OpsSettings::weekly_hour, nullptr, 0, 23},
    OpsSettingField{"monthly_local_hour", "The 1st's monthly reports, from (hour, 0-23)", &OpsSettings::monthly_hour, nullptr, 0, 23},
    OpsSettingField{"keep_daily", "Keep the newest nightly backups (1-400)", nullptr, &Retention::daily, 1, 400},
    OpsSettingField{"keep_weekly", "Also keep one backup of each of the newest weeks (0-260)", nullptr, &Retention::weekly, 0, 260},
    OpsSettingField{"keep_monthly", "Also keep one backup of each of the newest months (0-120)", nullptr, &Retention::monthly, 0, 120},
    OpsSettingField{"keep_export_days", "Delete data exports after (days, 1-365)", nullptr, &Retention::export_days, 1, 365},
};

// The setting's member, to read (const settings) or to write.
template <class Settings>
auto& slot(Settings& s, const OpsSettingField& f) {
    return f.hour ? s.*f.hour : s.keep.*f.kept;
}

Status set(OpsSettings& s, const OpsSettingField& f, std::int64_t n) {
    if (n < f.min || n > f.max)
        return invalid(std::string(f.name), std::string(f.name) + " must be from " + std::to_string(f.min) + " to " + std::to_string(f.max));
    slot(s, f) = int(n);
    return Ok{};
}

}  // namespace

std::span<const OpsSettingField> ops_setting_fields() { return fields; }

int value_of(const OpsSettings& s, const OpsSettingField& f) { return slot(s, f); }

Json ops_settings_json(const OpsSettings& s) {
    Json out = Json::object();
    for (const auto& f : fields) out[std::string(f.name)] = value_of(s, f);
    return out;
}

Task<Result<OpsSettings>> load_ops_settings(Context& cx) {
    HELM_CO_TRY(D1Result r, co_await cx.db.query(sql::settings));
    OpsSettings s;
    if (r.rows.empty()) co_return s;
    const Row row(r, 0);
    for (const auto& f : fields) slot(s, f) = int(row.integer(f.name, value_of(s, f)));
    co_return s;
}

Task<Result<OpsSettings>> change_ops_settings(Context& cx, const std::function<Result<OpsSettings>(OpsSettings)>& change) {
    HELM_CO_TRY(auto stored, co_await load_ops_settings(cx));
    HELM_CO_TRY(auto settings, change(std::move(stored)));
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto before, co_await load_ops_settings(cx));
        co_return audit::Change{{{std::string(sql::save_settings),
                                  {std::int64_t{settings.daily_hour}, std::int64_t{settings.weekly_hour}, std::int64_t{settings.monthly_hour},
                                   std::int64_t{settings.keep.daily}, std::int64_t{settings.keep.weekly}, std::int64_t{settings.keep.monthly},
                                   std::int64_t{settings.keep.export_days}}}},
                                {"settings.ops", "ops_settings", "1", ops_settings_json(before), ops_settings_json(settings)}};
    });
    if (!written) co_return std::move(written).error();
    co_return co_await load_ops_settings(cx);
}

Result<OpsSettings> ops_settings_from_json(std::string_view body, OpsSettings settings) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, [](std::string_view key) {
        return std::any_of(fields.begin(), fields.end(), [&](const OpsSettingField& f) { return f.name == key; });
    }));
    const auto object = doc.object();
    for (const auto& f : fields) {
        simdjson::dom::element value;
        if (object[f.name].get(value) != simdjson::SUCCESS) continue;
        HELM_TRY(auto n, json_integer(value, f.name));
        HELM_TRY(std::ignore, set(settings, f, n));
    }
    return settings;
}

Result<OpsSettings> ops_settings_from_form(const Form& form, OpsSettings settings) {
    for (const auto& f : fields) {
        if (!form_has(form, f.name)) continue;
        HELM_TRY(auto n, whole_number(f.name, trimmed(form_value(form, f.name))));
        HELM_TRY(std::ignore, set(settings, f, n));
    }
    return settings;
}

}  // namespace helm::ops
