// Compiled (never linked) by test/native/html_holes_test.cpp with -DHOLES=<case>: only
// the call whose argument count matches its template's {} holes may compile.
#include "core/html.hpp"

void page(helm::Html& h) {
#if HOLES == 0
    h.add("<a href=\"/products/{}\">{}</a>", 42, "Chain");
#elif HOLES == 1
    h.add("<a href=\"/products/{}\">{}</a>", 42, "Chain", "one argument too many");
#elif HOLES == 2
    h.add("<a href=\"/products/{}\">{}</a>", 42);
#endif
}
