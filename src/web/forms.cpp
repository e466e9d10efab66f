#include "web/forms.hpp"

namespace helm::web {

Task<Response> settings_page(Context& cx, const Request& rq, SettingsRender render) {
    const FormOutcome<> none;
    co_return co_await render(cx, 200, none, rq.query_value("done") == "saved");
}

Task<Response> settings_post(Context& cx, const Request& rq, std::string_view path, SettingsSave save, SettingsRender render) {
    FormOutcome<> o;
    o.entered = parse_form(rq.body);
    auto saved = co_await save(cx, o.entered);
    if (saved) co_return Response::redirect(std::string(path) + "?done=saved");
    o.refused(std::move(saved).error());
    co_return co_await render(cx, Response::http_status(o.error->code), o, false);
}

}  // namespace helm::web
