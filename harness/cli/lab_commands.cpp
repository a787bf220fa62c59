// The lab, cleanup and image subcommands. Progress goes to stderr; results to stdout.
#include "harness/cli/lab_commands.hpp"
#include "harness/cli/lab_deploy.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "drivers/image/build_source.hpp"
#include "drivers/image/image_store.hpp"
#include "drivers/image/recipe.hpp"
#include "drivers/libvirt/cached_image.hpp"
#include "drivers/libvirt/lab_cleanup.hpp"
#include "drivers/libvirt/lab_ssh.hpp"
#include "drivers/libvirt/lab_sut.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "drivers/sut/health_probe.hpp"
#include "drivers/remote/shell_quote.hpp"
#include "harness/core/errors.hpp"
#include "harness/runner/io_thread.hpp"
#include "harness/runner/stop_control.hpp"
#include "harness/core/clock.hpp"

namespace harness {

namespace {
struct LabArgs {
  std::string lab = "default";
  std::string accel = "auto";
  std::string image = "default";
  std::string image_dir;
  std::vector<std::string> nodes;
  bool no_deploy = false;
  double timeout_s = 300;
  int memory_mib = 1024;
  int tb_cache_mib = 256;
  bool force = false;
  bool json = false;
  std::string node;
  std::vector<std::string> command;
  std::string cleanup_uri;
  bool dry_run = false;
  bool keep = false;
  bool no_health = false;
  LabDeployArgs deploy;
};

auto stderr_progress(const CliContext& ctx) {
  return [&ctx](const std::string& line) {
    if (!ctx.quiet) std::cerr << line << std::endl;
  };
}

ImageInfo lab_image(const LabArgs& a) {
  if (!a.image_dir.empty()) {
    auto info = lab::image_from_dir(a.image_dir, a.image);
    if (!info) throw UsageError("--image-dir " + a.image_dir + ": no built image there");
    return *info;
  }
  return lab::find_cached_image(a.image);
}

int lab_up(const CliContext& ctx, const LabArgs& a) {
  auto clock = make_system_clock();
  // A bad --scenario or a partial lab to deploy on is a usage error before any VM starts.
  if (!a.no_deploy && !a.nodes.empty())
    throw UsageError("--nodes brings up part of the lab: the storage stack needs n1, n2 and "
                     "initiator (add --no-deploy)");
  Tunables tunables = lab_tunables(a.deploy);
  lab::LibvirtLabOptions o;
  o.lab_name = a.lab;
  o.uri = lab_uri(ctx);
  o.accel = a.accel;
  o.image = lab_image(a);
  o.memory_mib = a.memory_mib;
  o.tb_cache_mib = a.tb_cache_mib;
  o.persistent = true;
  o.nodes = a.nodes;
  o.fence_agent = tunables.fence.agent;  // the host side the scenario's agent talks to
  o.progress = stderr_progress(ctx);
  lab::LibvirtLab lab(o, *clock);
  // SIGINT/SIGTERM stop the provisioning; provision() removes what it created on any failure.
  StopControl stop;
  IoThread io;
  io.handle_signals(stop);
  lab.provision(Deadline::after(*clock, a.timeout_s, stop.stop_token()));
  io.stop();
  if (!a.no_deploy) {
    try {
      deploy_lab_stack(ctx, lab, tunables, a.deploy);
    } catch (const Error&) {
      if (!a.keep) {
        stderr_progress(ctx)("removing the lab (--keep to leave it up for a look)");
        lab.teardown(Deadline::after(*clock, 120));
      }
      throw;
    }
  }
  for (const auto& n : lab.nodes())
    std::cout << fmt::format("{}\t{}\t{}\n", n.name, n.role, n.addresses.at("mgmt"));
  return 0;
}

int lab_deploy(const CliContext& ctx, const LabArgs& a) {
  auto clock = make_system_clock();
  Tunables tunables = lab_tunables(a.deploy);
  auto lab = lab::LibvirtLab::attach(a.lab, *clock, stderr_progress(ctx));
  deploy_lab_stack(ctx, *lab, tunables, a.deploy);
  return 0;
}

int lab_down(const CliContext& ctx, const LabArgs& a) {
  auto clock = make_system_clock();
  auto lab = lab::LibvirtLab::attach(a.lab, *clock, stderr_progress(ctx));
  const auto& r = lab->record();
  if (!a.force && r.owner_pid != getpid() && lab::process_alive(r.owner_pid, r.owner_start) &&
      !r.persistent)
    throw LabError(fmt::format("lab {} belongs to running harness process {} (--force to remove)",
                               a.lab, r.owner_pid));
  auto t0 = clock->now_ns();
  lab->teardown(Deadline::after(*clock, 120));
  if (!ctx.quiet)
    std::cerr << fmt::format("lab {} down in {:.1f} s\n", a.lab, ns_to_seconds(clock->now_ns() - t0));
  return 0;
}

int lab_status(const CliContext&, const LabArgs& a) {
  auto clock = make_system_clock();
  auto lab = lab::LibvirtLab::attach(a.lab, *clock);
  const auto& r = lab->record();
  nlohmann::json j = {{"lab", r.lab},     {"run_id", r.run_id}, {"uri", r.uri},
                      {"accel", r.accel}, {"state", r.state},   {"dir", r.dir},
                      {"owner_pid", r.owner_pid},
                      {"owner_alive", lab::process_alive(r.owner_pid, r.owner_start)}};
  for (const auto& n : r.nodes) {
    nlohmann::json links = nlohmann::json::object();
    for (const auto& [net, mac] : n.macs) {
      auto up = lab->link_up(n.name, net);
      links[net] = up ? (*up ? "up" : "down") : "unknown";
    }
    j["nodes"].push_back({{"name", n.name}, {"role", n.role}, {"domain", n.domain},
                          {"state", lab->domain_state(n.name)}, {"addresses", n.addresses},
                          {"links", links}});
  }
  // The storage stack's health, when the lab has the whole topology and it is running.
  std::optional<HealthPicture> pic;
  std::vector<std::string> issues;
  bool all_running = r.nodes.size() == lab::default_topology().nodes.size();
  for (const auto& n : j["nodes"]) all_running = all_running && n["state"] == "running";
  if (!a.no_health && all_running) {
    auto topo = lab::libvirt_deploy_topology(*lab);
    pic = collect_health(*lab, topo, Deadline::after(*clock, 120));
    issues = problems(*pic, HealthExpectations::from(topo));
    j["health"] = health_to_json(*pic);
    j["problems"] = issues;
  }
  const int rc = issues.empty() ? 0 : 1;
  if (a.json) {
    std::cout << j.dump(2) << "\n";
    return rc;
  }
  std::cout << fmt::format("lab {} ({}): run {}, {} {}, dir {}\n", r.lab, r.state, r.run_id, r.uri,
                           r.accel, r.dir);
  for (const auto& n : j["nodes"]) {
    std::string links;
    for (auto it = n["links"].begin(); it != n["links"].end(); ++it)
      links += fmt::format(" {}:{}", it.key(), it.value().get<std::string>());
    std::cout << fmt::format("  {:<10} {:<10} {:<9} mgmt {:<15}{}\n", n["name"].get<std::string>(),
                             n["state"].get<std::string>(), n["role"].get<std::string>(),
                             n["addresses"]["mgmt"].get<std::string>(), links);
  }
  if (pic) {
    std::cout << "\n" << render_health_table(*pic);
    if (issues.empty()) std::cout << "\nhealthy\n";
    for (const auto& p : issues) std::cout << "problem: " << p << "\n";
  }
  return rc;
}

int lab_list(const CliContext&) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(lab::labs_root(), ec)) {
    if (!e.is_directory()) continue;
    try {
      auto r = lab::load_record(e.path());
      if (!r) continue;
      std::cout << fmt::format("{}\t{}\t{}\t{}\towner {} ({})\n", r->lab, r->state, r->run_id,
                               r->uri, r->owner_pid,
                               lab::process_alive(r->owner_pid, r->owner_start) ? "alive" : "gone");
    } catch (const std::exception& ex) {
      std::cerr << ex.what() << "\n";
    }
  }
  return 0;
}

int lab_ssh(const CliContext&, const LabArgs& a) {
  auto clock = make_system_clock();
  lab::check_lab_name(a.lab);
  auto rec = lab::load_record(lab::lab_dir(a.lab));
  if (!rec) throw LabError(fmt::format("no lab named '{}'; `harness lab up` makes one", a.lab));
  const lab::RecordedNode* n = rec->node(a.node);
  if (!n) throw UsageError(fmt::format("lab {} has no node '{}'", a.lab, a.node));
  if (a.command.empty()) {
    auto argv = lab::ssh_argv(*rec, *n, true);
    std::vector<char*> cargv;
    for (auto& s : argv) cargv.push_back(s.data());
    cargv.push_back(nullptr);
    ::execvp("ssh", cargv.data());
    throw LabError(std::string("cannot run ssh: ") + std::strerror(errno));
  }
  auto argv = lab::ssh_argv(*rec, *n, false);
  argv.push_back("--");
  argv.push_back(shell_join(a.command));  // ssh hands the remote shell one string
  int rc = run_inheriting_stdio(argv);
  if (rc == 255) throw LabError(fmt::format("{}: ssh to {} failed (exit 255)", a.node, n->addresses.at("mgmt")));
  return rc;
}

int cleanup(const CliContext& ctx, const LabArgs& a, bool lab_given) {
  auto clock = make_system_clock();
  lab::CleanupOptions o;
  o.uri = a.cleanup_uri.empty() ? lab_uri(ctx) : a.cleanup_uri;
  if (lab_given) o.lab = a.lab;
  o.dry_run = a.dry_run;
  o.force = a.force;
  auto r = lab::cleanup_labs(o, *clock, stderr_progress(ctx));
  for (const auto& s : r.removed) std::cout << (a.dry_run ? "" : "removed ") << s << "\n";
  for (const auto& s : r.kept) std::cout << "kept " << s << "\n";
  for (const auto& s : r.errors) std::cerr << "error: " << s << "\n";
  if (r.removed.empty() && r.errors.empty() && !ctx.quiet) std::cerr << "nothing to clean up\n";
  if (!r.errors.empty()) throw LabError(fmt::format("cleanup incomplete: {} errors", r.errors.size()));
  return 0;
}

// `sources`: build source kind → the path given with its option (--with-scst PATH).
int image_build(const CliContext& ctx, const std::string& recipe_name, double timeout_s,
                const std::map<std::string, std::filesystem::path>& sources) {
  auto clock = make_system_clock();
  ImageStore store;
  Recipe recipe = load_recipe(resolve_recipe_dir(recipe_name));
  auto info = store.build(
      recipe, resolve_build_sources(recipe, sources),
      [&ctx](std::string_view line) {
        if (!ctx.quiet) std::cerr << line << std::endl;
      },
      Deadline::after(*clock, timeout_s));
  std::cout << info.dir.string() << "\n";
  return 0;
}

int image_list() {
  ImageStore store;
  for (const auto& l : store.list()) {
    std::cout << fmt::format("{}\t{}\t{} MiB\t{} packages\tkernel {}\t{}", l.info.recipe,
                             l.info.hash.substr(0, 12), l.size_bytes >> 20, l.package_count,
                             l.kernel_version, l.info.dir.string());
    for (const auto& [kind, sha] : l.sources) std::cout << fmt::format("\t{} source {}", kind, sha.substr(0, 12));
    std::cout << "\n";
  }
  return 0;
}
}  // namespace

std::string lab_uri(const CliContext& ctx) {
  return ctx.libvirt_uri.empty() ? std::string("qemu:///system") : ctx.libvirt_uri;
}

int run_inheriting_stdio(const std::vector<std::string>& argv) {
  std::vector<char*> cargv;
  std::vector<std::string> copy = argv;
  for (auto& s : copy) cargv.push_back(s.data());
  cargv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw LabError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::execvp(cargv[0], cargv.data());
    _exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

void add_lab_commands(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<LabArgs>();
  auto* lab = app.add_subcommand("lab", "Stand up, inspect, enter and remove a libvirt lab");
  lab->require_subcommand(1);
  auto add_lab_opt = [args](CLI::App* c) {
    return c->add_option("--lab", args->lab, "Lab name (default: default)")->capture_default_str();
  };

  auto* up = lab->add_subcommand("up", "Create the lab's networks and VMs, wait until SSH answers, deploy the storage stack and wait until it is healthy");
  add_lab_opt(up);
  up->add_option("--accel", args->accel, "auto|kvm|tcg")
      ->check(CLI::IsMember({"auto", "kvm", "tcg"}))
      ->capture_default_str();
  up->add_option("--image", args->image, "Image recipe")->capture_default_str();
  up->add_option("--image-dir", args->image_dir, "A finished image directory to boot instead");
  up->add_option("--nodes", args->nodes, "Only these nodes (n1, n2, initiator)")->delimiter(',');
  up->add_flag("--no-deploy", args->no_deploy, "Bare VMs, no storage stack");
  up->add_flag("--keep", args->keep, "Leave the VMs up when the deployment fails");
  auto add_deploy_opts = [args](CLI::App* c) {
    c->add_option("--scenario", args->deploy.scenario,
                  "Take the tunables of the system under test from this scenario file");
    c->add_option("--deploy-timeout", args->deploy.deploy_timeout_s,
                  "Seconds for deploying the storage stack")
        ->capture_default_str();
    c->add_option("--settle-timeout", args->deploy.settle_timeout_s,
                  "Seconds until the deployed stack is healthy")
        ->capture_default_str();
  };
  add_deploy_opts(up);
  up->add_option("--timeout", args->timeout_s, "Seconds until SSH-ready on all nodes")
      ->capture_default_str();
  up->add_option("--memory", args->memory_mib, "MiB per node")->capture_default_str();
  up->add_option("--tb-cache", args->tb_cache_mib, "TCG translation cache per node, MiB (0: QEMU's)")
      ->capture_default_str();
  up->callback([&ctx, args] { ctx.action = [&ctx, args] { return lab_up(ctx, *args); }; });

  auto* deploy = lab->add_subcommand(
      "deploy", "Deploy the storage stack onto a lab brought up with --no-deploy, and settle it");
  add_lab_opt(deploy);
  add_deploy_opts(deploy);
  deploy->callback([&ctx, args] { ctx.action = [&ctx, args] { return lab_deploy(ctx, *args); }; });

  auto* down = lab->add_subcommand("down", "Remove everything the lab created");
  add_lab_opt(down);
  down->add_flag("--force", args->force, "Even if the harness process that owns it is running");
  down->callback([&ctx, args] { ctx.action = [&ctx, args] { return lab_down(ctx, *args); }; });

  auto* status = lab->add_subcommand(
      "status",
      "Nodes, domain states, addresses and links, then the storage stack's health: cluster "
      "nodes, rings, resources, fencing, DRBD, ALUA per group, paths, sessions. Exit 1 when "
      "something is not healthy");
  add_lab_opt(status);
  status->add_flag("--no-health", args->no_health, "Only the VMs (do not ask the nodes)");
  status->add_flag("--json", args->json, "Machine-readable");
  status->callback([&ctx, args] { ctx.action = [&ctx, args] { return lab_status(ctx, *args); }; });

  auto* list = lab->add_subcommand("list", "Labs recorded on this host");
  list->callback([&ctx] { ctx.action = [&ctx] { return lab_list(ctx); }; });

  auto* ssh = lab->add_subcommand("ssh", "A shell on NODE, or run one command and exit with its status");
  add_lab_opt(ssh);
  ssh->add_option("node", args->node, "n1, n2 or initiator")->required();
  ssh->add_option("command", args->command, "Command and arguments (after --)");
  ssh->callback([&ctx, args] { ctx.action = [&ctx, args] { return lab_ssh(ctx, *args); }; });

  auto* clean = app.add_subcommand(
      "cleanup", "Remove what killed runs left (tagged with their run id), and nothing else");
  auto* lab_opt = clean->add_option("--lab", args->lab, "Only this lab");
  clean->add_option("--uri", args->cleanup_uri, "libvirt URI to scan (default --libvirt-uri)");
  clean->add_flag("--dry-run", args->dry_run, "Say what would be removed");
  clean->add_flag("--force", args->force, "Also labs that are up or whose process is alive");
  clean->callback([&ctx, args, lab_opt] {
    bool given = lab_opt->count() > 0;
    ctx.action = [&ctx, args, given] { return cleanup(ctx, *args, given); };
  });

  auto* image = app.add_subcommand("image", "Build and list VM images");
  image->require_subcommand(1);
  auto recipe = std::make_shared<std::string>("default");
  auto timeout = std::make_shared<double>(3600);
  auto* build = image->add_subcommand("build", "Build (or find cached) the image of a recipe");
  build->add_option("recipe", *recipe, "Recipe name or directory")->capture_default_str();
  build->add_option("--timeout", *timeout, "Seconds")->capture_default_str();
  // One option per build source kind (drivers/image/build_source.cpp), named by the kind.
  struct SourceOption {
    std::string kind;
    std::shared_ptr<std::string> path;
    CLI::Option* option;
  };
  auto source_options = std::make_shared<std::vector<SourceOption>>();
  for (const auto& kind : source_kinds()) {
    auto path = std::make_shared<std::string>();
    auto* opt = build->add_option(
        std::string(kind.option), *path,
        fmt::format("Build from {}. Needed by, and only accepted for, a recipe whose "
                    "recipe.json lists \"{}\" in \"build_sources\"; its content's SHA-256 is "
                    "part of the image's name",
                    kind.what, kind.name));
    opt->type_name("PATH");
    source_options->push_back({std::string(kind.name), path, opt});
  }
  build->callback([&ctx, recipe, timeout, source_options] {
    std::map<std::string, std::filesystem::path> given;
    for (const auto& s : *source_options)
      if (s.option->count() > 0) given[s.kind] = *s.path;
    ctx.action = [&ctx, recipe, timeout, given] {
      return image_build(ctx, *recipe, *timeout, given);
    };
  });
  auto* ilist = image->add_subcommand("list", "Cached images");
  ilist->callback([&ctx] { ctx.action = [] { return image_list(); }; });
}

}  // namespace harness
