// LocalRemote: the Remote contract on the host itself.
#include "drivers/remote/local_remote.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

class LocalRemoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/harness-local-remote-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override { fs::remove_all(dir); }
  Deadline in(double s) { return Deadline::after(*clock, s); }

  std::unique_ptr<Clock> clock = make_system_clock();
  LocalRemote host{*clock};
  fs::path dir;
};

TEST_F(LocalRemoteTest, RunsArgvAndReportsExitStatus) {
  EXPECT_EQ(host.node(), "host");
  auto r = host.run({"sh", "-c", "cat; echo e >&2; exit 3"}, in(10), "in");
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.out, "in");
  EXPECT_EQ(r.err, "e\n");
  try {
    host.check({"sh", "-c", "echo broken >&2; exit 2"}, in(10));
    FAIL();
  } catch (const LabError& e) {
    EXPECT_EQ(std::string(e.what()), "host: `sh -c echo broken >&2; exit 2`: exit 2: broken");
  }
}

TEST_F(LocalRemoteTest, PutFileIsExactBinaryWithTheRequestedModeDespiteUmask) {
  std::string content;
  for (int i = 0; i < 300000; ++i) content += static_cast<char>(i * 31);
  auto path = (dir / "f").string();
  mode_t old = umask(077);
  host.put_file(content, path, 0644, in(10));
  umask(old);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_TRUE(host.get_file(path, in(10)) == content);
  host.put_file("", path, 0755, in(10));  // replaces
  EXPECT_EQ(host.get_file(path, in(10)), "");
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);  // no temp left
}

TEST_F(LocalRemoteTest, FileErrorsNameNodePathAndReason) {
  try {
    host.get_file((dir / "missing").string(), in(10));
    FAIL();
  } catch (const LabError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("host: get_file: cannot open " + (dir / "missing").string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("No such file or directory"), std::string::npos) << msg;
  }
  EXPECT_THROW(host.put_file("x", (dir / "nodir" / "f").string(), 0644, in(10)), LabError);
  EXPECT_THROW(host.put_file("x", (dir / "f").string(), 0644, Deadline(*clock, 0)), TimeoutError);
  EXPECT_FALSE(fs::exists(dir / "f"));
}

TEST_F(LocalRemoteTest, StreamDeliversLines) {
  std::atomic<int> n{0};
  auto s = host.stream({"printf", "a\\nb\\n"}, [&](std::int64_t, std::string_view) { ++n; });
  for (int i = 0; i < 500 && s->running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(s->running());
  EXPECT_EQ(n.load(), 2);
}

TEST_F(LocalRemoteTest, DeadlineAppliesToRun) {
  EXPECT_THROW(host.run({"sleep", "5"}, in(0.1)), TimeoutError);
}

}  // namespace
}  // namespace harness
