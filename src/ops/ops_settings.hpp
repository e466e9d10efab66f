#pragma once
// The shop's operations settings (ops_settings, one row), which the owner sets under
// Settings › Backups and reports: the shop-local hour each scheduled job becomes due, and
// how many backups retention keeps. Saved through the audit log.
#include <functional>
#include <span>
#include <string_view>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "ops/schedule.hpp"

namespace helm::ops {

struct OpsSettings {
    int daily_hour = 3, weekly_hour = 6, monthly_hour = 7;
    Retention keep;
    int hour_of(Cadence c) const { return c == Cadence::daily ? daily_hour : c == Cadence::weekly ? weekly_hour : monthly_hour; }
};

// One setting: its name in JSON, forms and the table, what staff read, and its bounds
// (the table's CHECKs say the same).
struct OpsSettingField {
    std::string_view name, label;
    int OpsSettings::*hour;
    int Retention::*kept;
    int min, max;
};
std::span<const OpsSettingField> ops_setting_fields();
int value_of(const OpsSettings& s, const OpsSettingField& f);

Task<Result<OpsSettings>> load_ops_settings(Context& cx);
// Loads the settings, changes them by `change` (ops_settings_from_json or _from_form) and
// saves them: the settings as saved, or why nothing was.
Task<Result<OpsSettings>> change_ops_settings(Context& cx, const std::function<Result<OpsSettings>(OpsSettings)>& change);
Json ops_settings_json(const OpsSettings& s);

// The settings with the fields present in a JSON object or a form changed: a missing
// field keeps its value; one out of bounds, or not a whole number, is a 400 naming it.
Result<OpsSettings> ops_settings_from_json(std::string_view body, OpsSettings settings);
Result<OpsSettings> ops_settings_from_form(const Form& form, OpsSettings settings);

}  // namespace helm::ops
