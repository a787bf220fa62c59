// harness-observe's section framing.
#include "drivers/observers/sample_sections.hpp"

#include <charconv>

namespace harness {

void SectionReader::feed(std::int64_t host_ns, std::string_view line) {
  if (line.rfind("@@ ", 0) == 0) {
    std::string_view rest = line.substr(3);
    if (rest == "end") {
      if (open_) sink_(cur_);
      open_ = false;
      return;
    }
    auto sp = rest.find(' ');
    std::int64_t g = 0;
    if (sp == std::string_view::npos ||
        std::from_chars(rest.data() + sp + 1, rest.data() + rest.size(), g).ec != std::errc{}) {
      open_ = false;  // a header we cannot read: skip until the next one
      return;
    }
    cur_ = Section{std::string(rest.substr(0, sp)), g, host_ns, {}};
    open_ = true;
    return;
  }
  if (!open_) return;
  cur_.text.append(line);
  cur_.text.push_back('\n');
}

}  // namespace harness
