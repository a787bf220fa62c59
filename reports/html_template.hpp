#pragma once
// The fixed parts of the HTML report, compiled in so that an installed binary needs no data
// files and the page needs no network: the style sheet and the small hover script.
#include <string>
#include <string_view>

namespace harness {

std::string_view html_style();
std::string_view html_script();

// <!DOCTYPE html> ... with `title` (escaped here) and `body` (already HTML) in between. The page
// is also well-formed XML, which lets the tests parse it.
std::string html_page(std::string_view title, std::string_view body);

}  // namespace harness
