#pragma once
// The fixed parts of the HTML report, compiled in so that an installed binary needs no data
// files and the page needs no network: the style sheet and the small hover script.
#include <filesystem>
#include <string>
#include <string_view>

namespace harness {

std::string_view html_style();
std::string_view html_script();

// <!DOCTYPE html> ... with `title` (escaped here) and `body` (already HTML) in between. The page
// is also well-formed XML, which lets the tests parse it.
std::string html_page(std::string_view title, std::string_view body);

// Appends <tag class="cls">text</tag>, the text and class escaped.
void append_element(std::string& out, std::string_view tag, std::string_view text,
                    std::string_view cls = {});
// Appends <a href="href">text</a>, both escaped (href already a URL: see relative_href).
void append_link(std::string& out, std::string_view href, std::string_view text,
                 std::string_view cls = {}, std::string_view title = {});

// A link from a page in `from_dir` to `target`, as a relative URL: both made absolute against the
// working directory, each path segment percent-encoded (a run directory may hold '#', '?', ' ').
std::string relative_href(const std::filesystem::path& target, const std::filesystem::path& from_dir);

}  // namespace harness
