#pragma once
// HTML is escaped by default: in Html::add the template is trusted markup and every
// argument is escaped, except one wrapped in raw() (markup we built ourselves).
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace helm {

struct Raw {
    std::string_view markup;
};
inline Raw raw(std::string_view markup) { return {markup}; }

void append_escaped(std::string& out, std::string_view text);
std::string escape(std::string_view text);

class Html {
public:
    // add("<a href=\"/products/{}\">{}</a>", id, name): each {} takes the next argument.
    template <class... Args>
    Html& add(std::string_view tmpl, const Args&... args) {
        (void)std::initializer_list<int>{(emit_until_hole(tmpl), append(args), 0)...};
        out_ += tmpl;
        return *this;
    }
    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void emit_until_hole(std::string_view& tmpl) {
        auto hole = tmpl.find("{}");
        out_ += tmpl.substr(0, hole);
        tmpl = hole == std::string_view::npos ? std::string_view{} : tmpl.substr(hole + 2);
    }
    void append(Raw r) { out_ += r.markup; }
    void append(std::string_view s) { append_escaped(out_, s); }
    void append(const std::string& s) { append_escaped(out_, s); }
    void append(const char* s) { append_escaped(out_, s); }
    template <class N, std::enable_if_t<std::is_integral_v<N>, int> = 0>
    void append(N n) {
        out_ += std::to_string(n);
    }
    std::string out_;
};

}  // namespace helm
