// shell_quote: exact forms, and round trips through real shells (dash as sh, and bash, the
// root login shell on the guests) that echo the argument vector back NUL-separated.
#include "drivers/remote/shell_quote.hpp"

#include <gtest/gtest.h>

#include "drivers/remote/process.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

using Strings = std::vector<std::string>;

Strings split_nul(const std::string& s) {
  Strings out;
  std::size_t start = 0;
  for (std::size_t z; (z = s.find('\0', start)) != std::string::npos; start = z + 1)
    out.push_back(s.substr(start, z - start));
  return out;
}

// What `shell -c "<quoted argv>"` passes to printf, as the remote shell would see it.
Strings round_trip(const std::string& shell, const Strings& argv) {
  auto clock = make_system_clock();
  std::string script = "printf '%s\\0' " + shell_join(argv);
  auto r = run_process({shell, "-c", script}, Deadline::after(*clock, 10));
  EXPECT_EQ(r.exit_status, 0) << r.err;
  return split_nul(r.out);
}

const Strings& nasty() {
  static const Strings v = {
      "plain",
      "",
      " ",
      "two words",
      "it's",
      "'",
      "''",
      "'\\''",
      "\"double\"",
      "back\\slash",
      "\\",
      "$HOME",
      "${HOME}",
      "$(touch /tmp/harness-quote-pwned)",
      "`touch /tmp/harness-quote-pwned`",
      "*",
      "/etc/*",
      "?",
      "[a-z]",
      "{a,b}",
      "~",
      "~root",
      "a=b",
      "#comment",
      "semi;colon",
      "pipe|amp&",
      "redir>out<in",
      "line\nbreak",
      "\n",
      "tab\there",
      "cr\rhere",
      "trailing newline\n",
      "!bang",
      "-n",
      "--",
      "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbe",  // UTF-8
      "\xff\xfe invalid utf-8",
      "\x01\x1b[31mcontrol",
  };
  return v;
}

TEST(ShellQuote, ExactForms) {
  EXPECT_EQ(shell_quote("abc-1.2/x:y@z,%+"), "abc-1.2/x:y@z,%+");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote("'"), "''\\'''");
  EXPECT_EQ(shell_quote("a=b"), "'a=b'");  // would be an assignment as a first word
  EXPECT_EQ(shell_quote("~"), "'~'");
  EXPECT_EQ(shell_quote("$x"), "'$x'");
  EXPECT_EQ(shell_join({"echo", "a b", ""}), "echo 'a b' ''");
  EXPECT_EQ(shell_join({}), "");
  EXPECT_EQ(shell_join({"-n", "-n"}), "'-n' -n");
}

TEST(ShellQuote, NulByteIsRefused) {
  EXPECT_THROW(shell_quote(std::string("a\0b", 3)), LabError);
}

TEST(ShellQuote, RoundTripsThroughDash) {
  std::remove("/tmp/harness-quote-pwned");
  EXPECT_EQ(round_trip("sh", nasty()), nasty());
  EXPECT_NE(access("/tmp/harness-quote-pwned", F_OK), 0) << "a command substitution ran";
}

TEST(ShellQuote, RoundTripsThroughBash) {
  if (!program_exists("bash")) GTEST_SKIP() << "bash not installed";
  std::remove("/tmp/harness-quote-pwned");
  EXPECT_EQ(round_trip("bash", nasty()), nasty());
  EXPECT_NE(access("/tmp/harness-quote-pwned", F_OK), 0) << "a command substitution ran";
}

TEST(ShellQuote, EachNastyWordAloneAsTheFirstWord) {
  // First-word position is where assignments and reserved words bite: `a=b` or `!` as argv[0].
  for (const auto& w : nasty()) {
    if (w.empty()) continue;
    auto clock = make_system_clock();
    auto r = run_process({"sh", "-c", shell_join({w}) + " 2>/dev/null; echo \"$?\""},
                         Deadline::after(*clock, 10));
    EXPECT_EQ(r.out, "127\n") << "word ran as something other than a command name: " << w;
  }
}

TEST(ShellQuote, LongArgumentsSurvive) {
  std::string big;
  for (int i = 0; i < 20000; ++i) big += static_cast<char>(1 + (i * 7) % 255);
  EXPECT_EQ(round_trip("sh", {big, "tail"}), (Strings{big, "tail"}));
}

}  // namespace
}  // namespace harness
