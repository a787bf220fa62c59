#pragma once
// The host's configured Debian mirror, read from its apt sources (one-line sources.list and
// deb822 .sources): images are built from the same archive the host uses, with no other download.
// The resolved list is part of the image hash, so a mirror change means a new image.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

// One "deb" entry: URI, suite, components.
struct AptSource {
  std::string uri;
  std::string suite;
  std::vector<std::string> components;
};

// Parses a one-line-style file ("deb [opts] URI SUITE COMP..."); deb-src and comments skipped.
std::vector<AptSource> parse_sources_list(std::string_view text);
// Parses a deb822 .sources file (paragraphs of Types/URIs/Suites/Components; Enabled: no skipped).
std::vector<AptSource> parse_deb822_sources(std::string_view text);

// Mirror lines for mmdebstrap, "deb URI SUITE main", for `suite`, `suite`-updates and
// `suite`-security, in file order, without duplicates. Reads <apt_dir>/sources.list and
// <apt_dir>/sources.list.d/*.list and *.sources (sorted by name, as apt does; other names such
// as *.disabled are ignored).
//
// A suite the host does not list (a trixie image on a bookworm host) is served by the same
// archives: each URI that serves some suite X (main archive) gives `suite` and `suite`-updates,
// each that serves some X-security gives `suite`-security.
std::vector<std::string> debian_mirrors(const std::vector<AptSource>& sources, std::string_view suite);
std::vector<std::string> host_debian_mirrors(std::string_view suite,
                                             const std::filesystem::path& apt_dir = "/etc/apt");

}  // namespace harness
