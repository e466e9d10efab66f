#pragma once
// The pieces every screen's forms are made of, so that each form marks its faulty field,
// shows its error and reads its checkboxes the same way. Plain HTML: every form works
// without script.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/context.hpp"
#include "core/fields.hpp"
#include "core/html.hpp"
#include "core/http.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "core/words.hpp"

namespace helm::web {

// The forms of a page that has only one.
enum class OneForm { form };

// A form that came back refused: which of the page's forms sent it, what it held and why,
// so that the page draws it again with the error beside the field it is about. A screen
// whose page shows more (a notice, a search) derives its own from it.
template <class Part = OneForm>
struct FormOutcome {
    Part part{};
    Form entered;
    std::optional<Error> error;

    bool failed(Part p) const { return error && part == p; }
    bool at_fault(Part p, std::string_view field) const { return failed(p) && error->field == field; }
    bool at_fault(std::string_view field) const
        requires std::is_same_v<Part, OneForm>
    {
        return at_fault(OneForm::form, field);
    }
    // What the form held when it came back refused, else `otherwise` (what is stored).
    std::string value(Part p, std::string_view name, std::string otherwise = {}) const {
        return failed(p) ? form_value(entered, name) : std::move(otherwise);
    }
    void refused(Error e) { error = std::move(e); }
};

// What one of a record's forms does with what it sent; where to go when it worked.
using RecordWrite = Task<Result<std::string>> (*)(Context& cx, std::int64_t id, const Form& form);

// A post of one of a record's forms (the record's id in the path, named `record` in its
// error): 303 to where it leads, so that a reload does not post again, or the record's
// page again with the form's error and what it held.
template <class Outcome>
Task<Response> record_post(Context& cx, const Request& rq, std::string_view record, RecordWrite write, Outcome o,
                           Task<Response> (*render)(Context&, std::int64_t, int, const Outcome&)) {
    HELM_CO_TRY(auto id, path_id(rq, record));
    o.entered = parse_form(rq.body);
    auto written = co_await write(cx, id, o.entered);
    if (written) co_return Response::redirect(*written);
    o.refused(std::move(written).error());
    co_return co_await render(cx, id, Response::http_status(o.error->code), o);
}

// A settings page of one form. Its post saves what the form holds (or refuses it); its page
// is drawn with what is stored, or again with what a refused form held, and says "saved"
// after a post that worked.
using SettingsSave = Task<Status> (*)(Context& cx, const Form& form);
using SettingsRender = Task<Response> (*)(Context& cx, int status, const FormOutcome<>& o, bool saved);
Task<Response> settings_page(Context& cx, const Request& rq, SettingsRender render);
// 303 to `path?done=saved`, so that a reload does not post again, or the page with the error.
Task<Response> settings_post(Context& cx, const Request& rq, std::string_view path, SettingsSave save, SettingsRender render);

// Marks an input as the one the form's error is about (screen readers, CSS, focus).
inline Raw fault_marks(bool at_fault) { return raw(at_fault ? " aria-invalid=\"true\" aria-describedby=\"form-error\"" : ""); }

// The form's error, announced; nothing when there is none.
inline void form_error(Html& h, const std::optional<Error>& error) {
    if (error) h.add("<p class=\"error\" id=\"form-error\" role=\"alert\">{}</p>", error->message);
}

// A checkbox sends nothing when clear: a hidden 0 before it says so, and its 1 overrides.
inline void checkbox(Html& h, std::string_view id, std::string_view name, std::string_view label, bool checked, bool at_fault) {
    h.add("<label class=\"check\" for=\"{}\"><input type=\"hidden\" name=\"{}\" value=\"0\"><input id=\"{}\" name=\"{}\" "
          "type=\"checkbox\" value=\"1\"{}{}> {}</label>",
          id, name, id, name, raw(checked ? " checked" : ""), fault_marks(at_fault), label);
}
// Whether a checkbox written by checkbox() was ticked.
inline bool ticked(const Form& form, std::string_view name) {
    for (const auto& [key, value] : form)
        if (key == name && value == "1") return true;
    return false;
}

// A labelled select of fixed choices, each shown in its words.
inline void select(Html& h, std::string_view id, std::string_view name, std::string_view label, std::span<const Choice> options,
                   std::string_view chosen, bool at_fault) {
    h.add("<span class=\"field\"><label for=\"{}\">{}</label><select id=\"{}\" name=\"{}\"{}>", id, label, id, name, fault_marks(at_fault));
    for (const auto& o : options) h.add("<option value=\"{}\"{}>{}</option>", o.value, raw(o.value == chosen ? " selected" : ""), o.words);
    h.add("</select></span>");
}

// A labelled text input: `attrs` is trusted markup (required, maxlength, inputmode...).
struct TextInput {
    std::string_view id, name, label;
    std::string_view value;
    std::string_view attrs = {};
    bool at_fault = false;
    std::string_view key = {};  // the box's shortcut, shown after the label as a <kbd>
};
// A label and its control go in one span.field, so that a form that wraps its line never
// leaves a label at the end of one line and its box at the start of the next.
inline void text_input(Html& h, const TextInput& in) {
    h.add("<span class=\"field\"><label for=\"{}\">{}", in.id, in.label);
    if (!in.key.empty()) h.add(" <kbd>{}</kbd>", in.key);
    h.add("</label><input id=\"{}\" name=\"{}\" value=\"{}\" {}{}></span>", in.id, in.name, in.value, raw(in.attrs), fault_marks(in.at_fault));
}

// The same for text of several lines: the label above, the box the form's full width.
inline void text_area(Html& h, const TextInput& in) {
    h.add("<span class=\"field wide\"><label for=\"{}\">{}</label><textarea id=\"{}\" name=\"{}\" rows=\"3\" {}{}>{}</textarea></span>", in.id,
          in.label, in.id, in.name, raw(in.attrs), fault_marks(in.at_fault), in.value);
}

}  // namespace helm::web
