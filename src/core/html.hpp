#pragma once
// HTML is escaped by default: in Html::add the template is trusted markup and every
// argument is escaped, except one wrapped in raw() (markup we built ourselves).
#include <cstddef>
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

// The number of {} holes in a template, counted the way Html::add fills them.
constexpr std::size_t count_holes(std::string_view tmpl) {
    std::size_t holes = 0;
    for (auto at = tmpl.find("{}"); at != std::string_view::npos; at = tmpl.find("{}", at + 2)) ++holes;
    return holes;
}

// Not constexpr on purpose: reaching it while compiling a template's constructor makes
// the call to Html::add ill-formed, and this name is what the compiler error shows.
inline void html_template_holes_do_not_match_arguments() {}

// A literal template whose holes are counted at compile time against the arguments given
// (as std::format_string does): an extra argument or a {} left empty does not compile.
template <class... Args>
class HtmlTemplate {
public:
    template <class S, std::enable_if_t<std::is_convertible_v<const S&, std::string_view>, int> = 0>
    consteval HtmlTemplate(const S& text) : text_(text) {
        if (count_holes(text_) != sizeof...(Args)) html_template_holes_do_not_match_arguments();
    }
    constexpr std::string_view text() const { return text_; }

private:
    std::string_view text_;
};

class Html {
public:
    // add("<a href=\"/products/{}\">{}</a>", id, name): each {} takes the next argument,
    // and the template must have exactly one {} per argument.
    template <class... Args>
    Html& add(HtmlTemplate<std::type_identity_t<Args>...> tmpl, const Args&... args) {
        return fill(tmpl.text(), args...);
    }
    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    template <class... Args>
    Html& fill(std::string_view tmpl, const Args&... args) {
        (void)std::initializer_list<int>{(emit_until_hole(tmpl), append(args), 0)...};
        out_ += tmpl;
        return *this;
    }
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
