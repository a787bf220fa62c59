#pragma once
// OpenSSH hands the remote side ONE string, which the user's login shell parses. To keep argv
// an argument vector end to end, each word is quoted for POSIX sh (dash, bash, busybox alike):
// inside single quotes nothing is special, and a ' becomes '\'' (close, escaped quote, reopen).
#include <string>
#include <string_view>
#include <vector>

namespace harness {

// One word that any POSIX shell reads back as exactly `arg`. Words made only of characters
// that no shell treats specially are left bare, for readable logs. Throws LabError if `arg`
// contains a NUL byte (no argv element can).
std::string shell_quote(std::string_view arg);

// The words of `argv`, each quoted, joined by single spaces. A first word starting with '-' is
// quoted too, so that the string, given to `sh -c`, is never taken for an option.
std::string shell_join(const std::vector<std::string>& argv);

}  // namespace harness
