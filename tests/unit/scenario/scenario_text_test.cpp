// Bytes that are not a scenario: too big, empty, binary, nested too deep, not a regular file.
// Each must give a clear ScenarioError quickly, never a crash or a hang.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/scenario/scenario.hpp"
#include "drivers/fio/options.hpp"
#include "drivers/libvirt/options.hpp"
#include "harness/scenario/scenario_names.hpp"
#include "harness/scenario/scenario_text.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::string error_of(std::string_view text) {
  try {
    parse_scenario(text, "x.json");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

// A scratch directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "scenario-test-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

TEST(ScenarioText, SyntaxErrorGivesLineAndColumn) {
  // The stray comma is on line 2, column 11.
  const std::string msg = error_of("{\"name\": \"a\",\n  \"lab\": {,}}");
  EXPECT_EQ(msg.rfind("x.json:2:11: invalid JSON: ", 0), 0u) << msg;
}

TEST(ScenarioText, ColumnsCountCharactersNotBytes) {
  const std::string text = "{\"d\": \"\xc3\xa9\xc3\xa9\", x}";  // two 2-byte characters
  EXPECT_EQ(text_position(text, text.find('x')).column, 13u);  // 15 in bytes
  EXPECT_EQ(text_position(text, text.find('x')).line, 1u);
  EXPECT_EQ(text_position("a\nbc", 3).line, 2u);
  EXPECT_EQ(text_position("a\nbc", 3).column, 2u);
  EXPECT_EQ(text_position("ab", 99).column, 3u);  // clamped to the end
}

TEST(ScenarioText, OversizeRejectedBeforeParsing) {
  const std::string big(kMaxScenarioBytes + 1, ' ');
  const auto t0 = std::chrono::steady_clock::now();
  const std::string msg = error_of(big);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(200));
  EXPECT_EQ(msg, "x.json: file is 4194305 bytes; scenario files are at most 4 MiB (4194304 bytes)");
}

TEST(ScenarioText, DeepNestingIsAnErrorNotAStackOverflow) {
  const std::string deep(100000, '[');
  EXPECT_NE(error_of(deep).find("x.json:1:65: expected JSON nested at most 64 levels deep"),
            std::string::npos);
  const std::string objects = [] {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "{\"a\":";
    return s;
  }();
  EXPECT_NE(error_of(objects).find("nested at most 64"), std::string::npos);
}

TEST(ScenarioText, BracketsInsideStringsDoNotCount) {
  const std::string desc = std::string(200, '[') + "\\\"" + std::string(200, '{');
  const std::string text = R"({"name": "t", "description": ")" + desc + R"(",
    "steps": [], "expect": {"path_switch_max_s": 1, "fenced": [], "survivors": []}})";
  EXPECT_NO_THROW(parse_scenario(text, "x.json"));
}

TEST(ScenarioText, BinaryAndControlCharacters) {
  EXPECT_NE(error_of(std::string("{\"a\"\x01: 1}", 9)).find("binary data at byte 4 (0x01)"),
            std::string::npos);
  EXPECT_NE(error_of("\xff\xfe{}").find("x.json:1:1: expected UTF-8 text, found binary data at byte 0"),
            std::string::npos);
  // Overlong encoding of '/', and a surrogate: invalid UTF-8 even though the bytes look right.
  EXPECT_NE(error_of("{\"a\": \"\xc0\xaf\"}").find("binary data at byte 7"), std::string::npos);
  EXPECT_NE(error_of("{\"a\": \"\xed\xa0\x80\"}").find("binary data at byte 7"), std::string::npos);
  // A UTF-8 byte order mark is text.
  EXPECT_EQ(error_of("\xef\xbb\xbf[]").find("binary"), std::string::npos);
}

TEST(ScenarioText, EmptyAndWhitespace) {
  EXPECT_EQ(error_of(""), "x.json: expected a JSON object (a scenario), found an empty file");
  EXPECT_EQ(error_of(" \n\t\r\n"), "x.json: expected a JSON object (a scenario), found an empty file");
}

TEST(ScenarioText, NumberOverflowIsReportedWithPosition) {
  EXPECT_NE(error_of("{\"a\": 1e400}").find("x.json:1:11: invalid JSON: number overflow"),
            std::string::npos)
      << error_of("{\"a\": 1e400}");
}

TEST(ScenarioText, LongStringsAreCutInMessages) {
  const std::string name(1 << 20, 'a');
  const std::string msg = error_of(R"({"name": ")" + name + R"(", "x": 1})");
  EXPECT_LT(msg.size(), 2000u);
  EXPECT_NE(msg.find("aaa...\""), std::string::npos);
}

TEST(ScenarioLoad, MissingDirectoryAndFifoFailFast) {
  TempDir dir;
  EXPECT_THROW(load_scenario(dir.path / "absent.json"), ScenarioError);
  try {
    load_scenario(dir.path);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a regular file, found a directory"),
              std::string::npos);
  }
  const fs::path fifo = dir.path / "pipe.json";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Opening a FIFO for reading would block forever without a writer.
  EXPECT_THROW(load_scenario(fifo), ScenarioError);
  EXPECT_THROW(load_scenario("/dev/zero"), ScenarioError);
}

TEST(ScenarioLoad, OversizeFileRejectedFromItsSize) {
  TempDir dir;
  const fs::path big = dir.path / "big.json";
  {
    std::ofstream out(big);
    out << std::string(5 * 1024 * 1024, ' ');
  }
  try {
    load_scenario(big);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              big.string() + ": file is 5242880 bytes; scenario files are at most 4 MiB (4194304 bytes)");
  }
}

TEST(ScenarioNames, Shapes) {
  EXPECT_TRUE(is_valid_step_id("cut"));
  EXPECT_TRUE(is_valid_step_id("a1_b-c"));
  EXPECT_FALSE(is_valid_step_id("_a"));
  EXPECT_FALSE(is_valid_step_id("Cut"));
  EXPECT_FALSE(is_valid_step_id(std::string(33, 'a')));
  EXPECT_TRUE(is_valid_step_id(std::string(32, 'a')));
  EXPECT_TRUE(is_valid_libvirt_uri("qemu:///system"));
  EXPECT_TRUE(is_valid_libvirt_uri("qemu+ssh://root@host/system?keyfile=/k"));
  EXPECT_FALSE(is_valid_libvirt_uri("qemu:///system x"));
  EXPECT_FALSE(is_valid_libvirt_uri("qemu:///sys\ntem"));
  EXPECT_FALSE(is_valid_libvirt_uri("/var/run/libvirt"));
  EXPECT_FALSE(is_valid_libvirt_uri("://x"));
  EXPECT_FALSE(is_valid_recipe_name("../etc"));
  EXPECT_TRUE(is_valid_recipe_name("debian-12.base"));
}

TEST(ScenarioNames, FioSizes) {
  EXPECT_EQ(parse_fio_size("4k"), 4096u);
  EXPECT_EQ(parse_fio_size("4K"), 4096u);
  EXPECT_EQ(parse_fio_size("256M"), 256u << 20);
  EXPECT_EQ(parse_fio_size("1g"), 1u << 30);
  EXPECT_EQ(parse_fio_size("512"), 512u);
  EXPECT_FALSE(parse_fio_size("4kb"));
  EXPECT_FALSE(parse_fio_size("04k"));
  EXPECT_FALSE(parse_fio_size("k"));
  EXPECT_FALSE(parse_fio_size(""));
  EXPECT_FALSE(parse_fio_size("-4k"));
  EXPECT_FALSE(parse_fio_size("99999999999G"));  // beyond 2^50 bytes
}

}  // namespace
}  // namespace harness
