// ImageStore: hashing, cache lookup and the build (temporary directory, lock, atomic publish).
#include "drivers/image/image_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "drivers/image/apt_sources.hpp"
#include "drivers/image/build_facts.hpp"
#include "drivers/image/safe_remove.hpp"
#include "drivers/remote/process.hpp"
#include "harness/core/data_dir.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kHashPrefix = 12;
constexpr std::size_t kTailLines = 25;
constexpr std::int64_t kPollNs = 100 * kNsPerMs;

std::string read_first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

// An flock(2) on <cache>/.lock-<image>: held for the whole build, released when the fd closes
// (also when the process dies, so a crashed build never blocks the next one).
class BuildLock {
 public:
  BuildLock(const fs::path& file, const Deadline& deadline) {
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw LabError(fmt::format("{}: cannot open lock: {}", file.string(), std::strerror(errno)));
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) {
        int e = errno;
        ::close(fd_);
        throw LabError(fmt::format("{}: flock: {}", file.string(), std::strerror(e)));
      }
      try {
        deadline.check(fmt::format("waiting for another build of this image ({})", file.string()));
      } catch (...) {
        ::close(fd_);
        throw;
      }
      deadline.sleep_until(deadline.clock().now_ns() + kPollNs);
    }
  }
  ~BuildLock() { ::close(fd_); }
  BuildLock(const BuildLock&) = delete;
  BuildLock& operator=(const BuildLock&) = delete;

 private:
  int fd_ = -1;
};

// Removes the temporary build directory on every way out of build() but the successful rename.
struct TmpDirGuard {
  fs::path dir;
  ~TmpDirGuard() { remove_tree_safely(dir); }
};

bool is_complete(const fs::path& dir, const std::string& hash) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / ".build-ok", ec) || !fs::is_regular_file(dir / "root.qcow2", ec))
    return false;
  try {
    std::ifstream in(dir / "image.json");
    auto j = nlohmann::json::parse(in);
    return j.value("hash", "") == hash;  // guards against a collision of the 12-digit prefix
  } catch (const std::exception&) {
    return false;
  }
}
}  // namespace

ImageStore::ImageStore(ImageStoreOptions options) : options_(std::move(options)) {
  if (options_.cache_dir.empty()) options_.cache_dir = default_cache_dir();
  if (options_.build_script.empty()) options_.build_script = default_build_script();
}

fs::path ImageStore::default_cache_dir() {
  if (const char* env = std::getenv("HARNESS_IMAGE_DIR"); env && *env) return env;
  return "/var/lib/harness/images";
}

fs::path ImageStore::default_build_script() {
  return data_path("vm-images/build-image.sh");
}

std::string ImageStore::image_dir_name(const Recipe& recipe, const std::string& hash) {
  return recipe.name + "-" + hash.substr(0, kHashPrefix);
}

std::string ImageStore::tmp_dir_name(const Recipe& recipe, const std::string& hash, long pid) {
  return ".tmp-" + image_dir_name(recipe, hash) + "-" + std::to_string(pid);
}

std::vector<std::string> ImageStore::mirrors(const std::string& suite) const {
  if (options_.mirrors) return *options_.mirrors;
  auto m = host_debian_mirrors(suite, options_.apt_dir);
  if (m.empty())
    throw LabError(fmt::format("no Debian mirror for {} in the host's apt sources ({})", suite,
                               options_.apt_dir.string()));
  return m;
}

std::string ImageStore::hash(const Recipe& recipe) const {
  if (!fs::is_regular_file(options_.build_script))
    throw LabError(fmt::format("image build script {} not found", options_.build_script.string()));
  return recipe_hash(recipe, options_.build_script, mirrors(recipe.suite));
}

std::string ImageStore::hash(const Recipe& recipe, const std::vector<BuildSource>& sources) const {
  return image_hash(hash(recipe), sources);
}

ImageInfo ImageStore::info_for(const Recipe& recipe, const std::string& hash) const {
  ImageInfo info;
  info.recipe = recipe.name;
  info.hash = hash;
  info.dir = options_.cache_dir / image_dir_name(recipe, hash);
  info.disk = info.dir / "root.qcow2";
  info.kernel = info.dir / "vmlinuz";
  info.initrd = info.dir / "initrd.img";
  info.manifest = info.dir / "manifest.txt";
  std::string cmdline = read_first_line(info.dir / "cmdline");
  info.cmdline = cmdline.empty() ? recipe.cmdline : cmdline;
  return info;
}

std::optional<ImageInfo> ImageStore::find(const Recipe& recipe,
                                          const std::vector<BuildSource>& sources) const {
  std::string h = hash(recipe, sources);
  fs::path dir = options_.cache_dir / image_dir_name(recipe, h);
  if (!is_complete(dir, h)) return std::nullopt;
  return info_for(recipe, h);
}

std::optional<ImageInfo> ImageStore::find(const Recipe& recipe) const {
  if (recipe.build_sources.empty()) return find(recipe, {});
  // By name: the newest finished image whose image.json says it was built from this recipe
  // (its recipe part) and whose name is what that recipe part and the recorded sources give.
  const std::string rh = hash(recipe);
  std::optional<ImageInfo> best;
  std::int64_t best_created = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(options_.cache_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(recipe.name + "-") || !e.is_directory(ec)) continue;
    std::vector<BuildSource> recorded;
    std::int64_t created = 0;
    try {
      std::ifstream in(e.path() / "image.json");
      auto j = nlohmann::json::parse(in);
      if (j.value("recipe", "") != recipe.name || j.value("recipe_hash", "") != rh) continue;
      const auto sources = j.value("sources", nlohmann::json::object());
      for (const auto& [kind, src] : sources.items())
        recorded.push_back(BuildSource{kind, src.value("path", ""), false, src.value("sha256", "")});
      created = j.value("created_unix", std::int64_t{0});
    } catch (const std::exception&) {
      continue;  // not a finished image of ours
    }
    const std::string h = image_hash(rh, recorded);
    if (name != image_dir_name(recipe, h) || !is_complete(e.path(), h)) continue;
    if (!best || created > best_created || (created == best_created && e.path() > best->dir)) {
      best = info_for(recipe, h);
      best_created = created;
    }
  }
  return best;
}

ImageInfo ImageStore::build(const Recipe& recipe, const ImageProgress& progress,
                            const Deadline& deadline) {
  return build(recipe, {}, progress, deadline);
}

ImageInfo ImageStore::build(const Recipe& recipe, const std::vector<BuildSource>& sources,
                            const ImageProgress& progress, const Deadline& deadline) {
  auto say = [&](std::string_view line) {
    if (progress) progress(line);
  };
  check_build_sources(recipe, sources);
  const std::string rh = hash(recipe);
  const std::string h = image_hash(rh, sources);
  const fs::path final_dir = options_.cache_dir / image_dir_name(recipe, h);
  if (is_complete(final_dir, h)) {
    say(fmt::format("[image] cache hit: {}", final_dir.string()));
    return info_for(recipe, h);
  }
  deadline.check(fmt::format("image build of {}", recipe.name));
  std::error_code ec;
  fs::create_directories(options_.cache_dir, ec);
  if (ec) throw LabError(fmt::format("{}: {}", options_.cache_dir.string(), ec.message()));
  remove_stale_tmp();

  BuildLock lock(options_.cache_dir / (".lock-" + image_dir_name(recipe, h)), deadline);
  if (is_complete(final_dir, h)) {  // another process built it while we waited
    say(fmt::format("[image] cache hit: {}", final_dir.string()));
    return info_for(recipe, h);
  }
  // Holding the lock, any temporary directory of this image is debris of a dead build.
  const std::string tmp_prefix = ".tmp-" + image_dir_name(recipe, h) + "-";
  for (const auto& e : fs::directory_iterator(options_.cache_dir, ec))
    if (e.path().filename().string().rfind(tmp_prefix, 0) == 0) remove_tree_safely(e.path());

  TmpDirGuard guard{options_.cache_dir / tmp_dir_name(recipe, h, static_cast<long>(::getpid()))};
  const fs::path& tmp = guard.dir;
  say(fmt::format("[image] building {} ({}) into {}", recipe.name, h.substr(0, kHashPrefix), tmp.string()));
  std::map<std::string, std::string> env;
  for (const auto& src : sources) {
    const SourceKind* kind = find_source_kind(src.name);
    env[std::string(kind->env)] = src.path.string();
    env[std::string(kind->env) + "_SHA256"] = src.sha256;
    say(fmt::format("[image] {} source: {} (sha256 {})", src.name, src.path.string(), src.sha256));
  }

  std::vector<std::string> argv{"bash", options_.build_script.string()};
  for (const auto& m : mirrors(recipe.suite)) {
    argv.push_back("--mirror");
    argv.push_back(m);
  }
  argv.push_back(recipe.dir.string());
  argv.push_back(tmp.string());

  std::mutex mu;
  std::deque<std::string> tail;
  BuildFacts facts;
  Clock& clock = deadline.clock();
  const std::int64_t started_ns = clock.now_ns();
  auto stream = stream_process(
      argv,
      [&](std::int64_t, std::string_view line) {
        {
          std::lock_guard l(mu);
          tail.emplace_back(line);
          if (tail.size() > kTailLines) tail.pop_front();
          facts.read_line(line);
        }
        say(line);
      },
      clock, env);
  while (stream->running()) {
    if (deadline.stop_requested() || deadline.expired()) {
      stream->stop();  // kills the script's process group (mmdebstrap included)
      deadline.check(fmt::format("image build of {}", recipe.name));
    }
    deadline.sleep_until(clock.now_ns() + kPollNs);
  }
  const auto* ps = dynamic_cast<const ProcessStream*>(stream.get());
  int status = ps ? ps->exit_status() : -1;
  stream.reset();
  if (status != 0 || !fs::is_regular_file(tmp / ".build-ok")) {
    std::lock_guard l(mu);
    std::string text;
    for (const auto& l2 : tail) text += "\n  " + l2;
    throw LabError(fmt::format("image build of {} failed (`{} {} {}`: exit {}):{}", recipe.name,
                               options_.build_script.string(), recipe.dir.string(), tmp.string(),
                               status, text));
  }
  for (const char* f : {"root.qcow2", "vmlinuz", "initrd.img", "manifest.txt"})
    if (!fs::is_regular_file(tmp / f))
      throw LabError(fmt::format("image build of {}: the script succeeded but left no {}", recipe.name, f));
  // The image is named by the sources as hashed before the build: one changed meanwhile would
  // put other content under that name.
  for (const auto& src : sources)
    if (read_build_source(*find_source_kind(src.name), src.path).sha256 != src.sha256)
      throw LabError(fmt::format("image build of {}: the {} source {} changed during the build; "
                                 "build again", recipe.name, src.name, src.path.string()));
  // `facts` without the lock: stream.reset() above joined the thread that read the lines.
  add_to_manifest(tmp / "manifest.txt", facts.manifest);

  nlohmann::json meta{{"recipe", recipe.name},
                      {"hash", h},
                      {"recipe_dir", recipe.dir.string()},
                      {"created_unix", clock.realtime_ns() / kNsPerS},
                      {"build_seconds", ns_to_seconds(clock.now_ns() - started_ns)},
                      {"mirrors", mirrors(recipe.suite)},
                      {"kernel_version", read_first_line(tmp / "kernel-version")},
                      {"recipe_hash", rh}};
  for (const auto& src : sources)
    meta["sources"][src.name] = {{"sha256", src.sha256},
                                 {"path", src.path.string()},
                                 {"kind", src.directory ? "directory" : "tarball"}};
  if (!facts.facts.empty()) meta["facts"] = facts.facts;
  {
    std::ofstream out(tmp / "image.json");
    out << meta.dump(2) << '\n';
    if (!out) throw LabError(fmt::format("{}: cannot write image.json", tmp.string()));
  }
  // Publish: one rename. A leftover incomplete directory of the same name is moved aside first.
  if (fs::exists(fs::symlink_status(final_dir, ec))) {
    fs::path aside = options_.cache_dir / (tmp_prefix + "old-" + std::to_string(::getpid()));
    fs::rename(final_dir, aside, ec);
    remove_tree_safely(aside);
  }
  fs::rename(tmp, final_dir, ec);
  if (ec) throw LabError(fmt::format("rename {} → {}: {}", tmp.string(), final_dir.string(), ec.message()));
  say(fmt::format("[image] ready: {}", final_dir.string()));
  return info_for(recipe, h);
}

}  // namespace harness
