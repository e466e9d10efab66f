#include "sales/views/register_forms.hpp"

namespace helm::sales::register_screen {

void state_inputs(Html& h, const Draft& d) {
    h.add("<input type=\"hidden\" name=\"register\" value=\"{}\"><input type=\"hidden\" name=\"draft\" value=\"{}\">"
          "<input type=\"hidden\" name=\"version\" value=\"{}\">",
          d.register_id, d.id, d.version);
}

Result<std::int64_t> form_number(const Form& form, std::string_view name, std::int64_t fallback) {
    const std::string text = trimmed(form_value(form, name));
    if (text.empty()) return fallback;
    return whole_number(name, text);
}

Result<Seen> seen_from_form(const Form& form) {
    Seen s;
    auto register_id = form_number(form, "register", 1);
    auto draft_id = form_number(form, "draft", 0);
    auto version = form_number(form, "version", 0);
    if (!register_id || !draft_id || !version || *register_id < 1 || *draft_id < 0 || *version < 0)
        return invalid("version", "this form is out of date: reload the register");
    s.register_id = *register_id;
    s.draft_id = *draft_id;
    s.version = *version;
    return s;
}

}  // namespace helm::sales::register_screen
