// The host's Debian mirror, from both apt source formats.
#include "drivers/image/apt_sources.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "unit/temp_dir.hpp"

namespace harness {
namespace {

TEST(AptSources, OneLineFormat) {
  auto v = parse_sources_list(
      "# comment\n"
      "deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main contrib\n"
      "deb-src http://mirror.example/debian bookworm main\n"
      "deb http://security.example/debian-security bookworm-security main # trailing\n"
      "deb [broken http://x/ y z\n");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].uri, "http://mirror.example/debian");
  EXPECT_EQ(v[0].suite, "bookworm");
  EXPECT_EQ(v[0].components, (std::vector<std::string>{"main", "contrib"}));
  EXPECT_EQ(v[1].suite, "bookworm-security");
  EXPECT_EQ(v[1].components, (std::vector<std::string>{"main"}));
}

TEST(AptSources, Deb822Format) {
  auto v = parse_deb822_sources(
      "Types: deb deb-src\n"
      "# http://snapshot.debian.org/archive/debian/20250520T000000Z\n"
      "URIs: http://deb.debian.org/debian\n"
      "Suites: bookworm bookworm-updates\n"
      "Components: main\n"
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
      "\n"
      "Types: deb\n"
      "URIs: http://off.example/debian\n"
      "Suites: bookworm\n"
      "Components: main\n"
      "Enabled: no\n"
      "\n"
      "Types: deb-src\n"
      "URIs: http://src.example/debian\n"
      "Suites: bookworm\n"
      "Components: main\n"
      "\n"
      "Types: deb\n"
      "URIs: http://deb.debian.org/debian-security\n"
      "Suites: bookworm-security\n"
      "Components: main\n"
      "Signed-By:\n"
      " -----BEGIN PGP PUBLIC KEY BLOCK-----\n"
      " Suites: trap\n");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].suite, "bookworm");
  EXPECT_EQ(v[1].suite, "bookworm-updates");
  EXPECT_EQ(v[1].uri, "http://deb.debian.org/debian");
  EXPECT_EQ(v[2].uri, "http://deb.debian.org/debian-security");
  EXPECT_EQ(v[2].suite, "bookworm-security");
}

TEST(AptSources, KeepsOnlyTheSuiteItsUpdatesAndSecurityWithMain) {
  std::vector<AptSource> all{{"http://a/debian", "bookworm", {"main"}},
                             {"http://a/debian", "bookworm-backports", {"main"}},
                             {"http://a/debian", "trixie", {"main"}},
                             {"https://other/apt", "cloud-sdk-bookworm", {"main"}},
                             {"http://a/debian", "bookworm-updates", {"contrib"}},
                             {"http://a/debian", "bookworm", {"main", "non-free"}},
                             {"http://s/debian-security", "bookworm-security", {"main"}}};
  EXPECT_EQ(debian_mirrors(all, "bookworm"),
            (std::vector<std::string>{"deb http://a/debian bookworm main",
                                      "deb http://s/debian-security bookworm-security main"}));
}

// A trixie image on a host whose sources list only bookworm (this machine kind's
// debian.sources): the same archives, with trixie's suites; third-party sources are not used.
TEST(AptSources, ASuiteTheHostDoesNotListComesFromTheSameDebianArchives) {
  std::vector<AptSource> host{{"http://deb.debian.org/debian", "bookworm", {"main"}},
                              {"http://deb.debian.org/debian", "bookworm-updates", {"main"}},
                              {"http://deb.debian.org/debian-security", "bookworm-security", {"main"}},
                              {"https://deb.nodesource.com/node_20.x", "nodistro", {"main"}},
                              {"https://packages.cloud.google.com/apt", "cloud-sdk-bookworm", {"main"}}};
  EXPECT_EQ(debian_mirrors(host, "trixie"),
            (std::vector<std::string>{"deb http://deb.debian.org/debian trixie main",
                                      "deb http://deb.debian.org/debian trixie-updates main",
                                      "deb http://deb.debian.org/debian-security trixie-security main"}));
  // A suite the host does list is taken as listed, nothing derived.
  EXPECT_EQ(debian_mirrors(host, "bookworm").size(), 3u);
  EXPECT_TRUE(debian_mirrors({{"https://deb.nodesource.com/node_20.x", "nodistro", {"main"}}}, "trixie").empty());
}

TEST(AptSources, ReadsTheDirectoryLikeAptIgnoringDisabledFiles) {
  TempDir tmp;
  auto apt = tmp.path() / "apt";
  std::filesystem::create_directories(apt / "sources.list.d");
  write_file(apt / "sources.list.d" / "debian.sources",
             "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n"
             "Components: main\n");
  write_file(apt / "sources.list.d" / "google.list.disabled-by-farm",
             "deb http://evil.example/debian bookworm main\n");
  write_file(apt / "sources.list.d" / "a-security.list",
             "deb http://deb.debian.org/debian-security bookworm-security main\n");
  EXPECT_EQ(host_debian_mirrors("bookworm", apt),
            (std::vector<std::string>{"deb http://deb.debian.org/debian-security bookworm-security main",
                                      "deb http://deb.debian.org/debian bookworm main",
                                      "deb http://deb.debian.org/debian bookworm-updates main"}));
  EXPECT_TRUE(host_debian_mirrors("bookworm", tmp.path() / "nothing").empty());
}

}  // namespace
}  // namespace harness
