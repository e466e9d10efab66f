#include "ops/views/export_page.hpp"

#include "core/html.hpp"
#include "web/forms.hpp"

namespace helm::ops {

std::string export_download_href(const ExportFile& file) { return "/settings/data/exports/" + file.name; }

std::string export_page_markup(const std::vector<ExportFile>& exports, std::string_view built, const std::optional<Error>& error) {
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › Data › Export</p>");
    if (!built.empty()) h.add("<p class=\"notice\" role=\"status\" id=\"export-built\">Export {} is ready.</p>", built);
    h.add("<form class=\"card\" id=\"data-export\" method=\"post\" action=\"/settings/data/export\">");
    web::form_error(h, error);
    h.add("<p>An export is one <code>.tar.gz</code> of everything the shop holds: the database as SQL (<code>dump.sql</code>), "
          "one CSV per table, every stored file (backups, reports, the deploy log), a description of the tables and how to "
          "load it all again. It stays in the shop's storage until you delete the shop.</p>");
    h.add("<button type=\"submit\" data-shortcut=\"e\">Build an export</button></form>");
    h.add("<h2>Exports</h2>");
    if (exports.empty()) {
        h.add("<p class=\"muted\" id=\"no-exports\">No export yet.</p>");
    } else {
        h.add("<table id=\"exports\"><thead><tr><th scope=\"col\">Export</th><th scope=\"col\">Size</th></tr></thead><tbody>");
        for (const auto& e : exports)
            h.add("<tr><td><a href=\"{}\" download>{}</a></td><td>{} bytes</td></tr>", export_download_href(e), e.name, e.bytes);
        h.add("</tbody></table>");
    }
    return h.take();
}

}  // namespace helm::ops
