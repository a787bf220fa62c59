// Deployment, health and integrity of the two-node ALUA target cluster (docs/DEPLOY.md).
#include "drivers/sut/alua_cluster.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "drivers/drbd/drbd_commands.hpp"
#include "drivers/drbd/drbd_conf.hpp"
#include "drivers/drbd/drbd_steps.hpp"
#include "drivers/iscsi/iscsi_conf.hpp"
#include "drivers/iscsi/iscsi_sessions.hpp"
#include "drivers/multipath/multipath_conf.hpp"
#include "drivers/multipath/multipath_paths.hpp"
#include "drivers/multipath/persistent_reservation.hpp"
#include "drivers/node_exec.hpp"
#include "drivers/pacemaker/cib_xml.hpp"
#include "drivers/pacemaker/cluster_commands.hpp"
#include "drivers/pacemaker/pacemaker_steps.hpp"
#include "drivers/parallel.hpp"
#include "drivers/sut/health_probe.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

// Render every file once: the renderers throw ScenarioError for unusable tunables.
void render_all(const DeployTopology& topo, const Tunables& tun, const TargetDriver& target) {
  (void)cluster_files(topo, tun);
  (void)cib_file(topo, tun, target.cluster_agent(topo));
  (void)iscsi_files(topo, tun.iscsi);
  (void)multipath_files(tun.multipath, target.scsi_vendor());
  for (const auto& n : topo.targets) (void)target.node_files(topo, n.name);
}

DeployTopology sample_topology() {
  auto target = [](const std::string& name, int octet) {
    NodeInfo n{name, "target", {}};
    int i = 0;
    for (const char* net : {"mgmt", "ring0", "ring1", "san0", "san1"})
      n.addresses[net] = fmt::format("10.0.{}.{}", i++, octet);
    return n;
  };
  NodeInfo ini{"initiator", "initiator",
               {{"mgmt", "10.0.0.21"}, {"san0", "10.0.3.21"}, {"san1", "10.0.4.21"}}};
  DeployInputs in;
  in.cluster_name = "sample";
  in.domains = {{"n1", "sample-n1"}, {"n2", "sample-n2"}};
  in.host_mgmt_address = "10.0.0.1";
  in.fence_key_path = "/etc/harness/fence_key";
  in.bmc_ports = {{"n1", 16231}, {"n2", 16232}};  // fence_ipmilan needs each node's BMC
  return make_deploy_topology({target("n1", 11), target("n2", 12), ini}, in);
}

}  // namespace

void AluaCluster::check_tunables(const Tunables& tunables, const TargetOptions& target) {
  render_all(sample_topology(), tunables, *make_target_driver(target));
}

AluaCluster::AluaCluster(Lab& lab, AluaClusterOptions opts)
    : lab_(lab), opts_(std::move(opts)), target_(make_target_driver(opts_.target)) {
  check_topology(opts_.topo);
  agent_ = target_->cluster_agent(opts_.topo);
  render_all(opts_.topo, opts_.tunables, *target_);
}

void AluaCluster::say(const std::string& line) const {
  if (opts_.progress) opts_.progress(line);
}

std::vector<std::string> AluaCluster::target_names() const {
  std::vector<std::string> v;
  for (const auto& t : opts_.topo.targets) v.push_back(t.name);
  return v;
}

std::vector<GuestFile> AluaCluster::target_node_files(const std::string& node) const {
  auto files = cluster_files(opts_.topo, opts_.tunables);
  for (auto& f : target_->files(opts_.topo)) files.push_back(std::move(f));
  for (auto& f : target_->node_files(opts_.topo, node)) files.push_back(std::move(f));
  return files;
}

std::string AluaCluster::drbd_state(const std::string& node, const Deadline& deadline) {
  return harness::drbd_state(lab_.remote(node), opts_.topo, deadline);
}

void AluaCluster::wait_cluster_online(const std::vector<std::string>& nodes,
                                      const Deadline& deadline) {
  // Every second, now that a poll is a node_state query rather than crm_mon on each node.
  wait_for(deadline, kPollS, "Pacemaker: nodes online", [&] {
    std::string missing;
    for (const auto& observer : nodes)
      missing += members_offline(lab_.remote(observer), observer, target_names(), deadline);
    return missing;
  });
}

void AluaCluster::deploy_initiator(const Deadline& deadline) {
  run_plan(lab_.remote(opts_.topo.initiator.name), iscsi_login_commands(opts_.topo, opts_.tunables.iscsi),
           deadline);
}

// "<prefix>: <what> (<seconds since start> s)": where a long step spends its time.
std::function<void(const std::string&)> AluaCluster::stepper(std::string prefix,
                                                             const Clock& clock) const {
  const std::int64_t t0 = clock.now_ns();
  return [this, prefix = std::move(prefix), t0, &clock](const std::string& what) {
    say(fmt::format("{}: {} ({:.1f} s)", prefix, what, ns_to_seconds(clock.now_ns() - t0)));
  };
}

void AluaCluster::deploy(const Deadline& deadline) {
  auto step = stepper("deploy", deadline.clock());
  const auto targets = target_names();
  const std::string first = targets.front();
  std::vector<std::string> all = targets;
  all.push_back(opts_.topo.initiator.name);

  on_each_node(all, [&](const std::string& node) {
    std::vector<GuestFile> files;
    if (node == opts_.topo.initiator.name) {
      files = iscsi_files(opts_.topo, opts_.tunables.iscsi);
      for (auto& f : multipath_files(opts_.tunables.multipath, target_->scsi_vendor()))
        files.push_back(std::move(f));
    } else {
      files = target_node_files(node);
      if (node == first) files.push_back(cib_file(opts_.topo, opts_.tunables, agent_));
    }
    put_files(lab_.remote(node), files, deadline);
  });
  step("files on every node");

  // Three independent paths at once: the guests' vCPUs are the bottleneck, but much of each
  // path is waiting (Pacemaker's DC election, DRBD's handshakes, ssh round trips).
  in_parallel({
      [&] {  // storage: DRBD up, in sync and Primary on both, then the target on top of it
        on_each_node(targets, [&](const std::string& n) {
          drbd_prepare(lab_.remote(n), opts_.topo, true, deadline);
        });
        step("DRBD metadata and up on both targets");
        drbd_skip_initial_sync(lab_.remote(first), opts_.topo, deadline);
        step("DRBD UpToDate on both without a full sync");
        // One after the other: two concurrent cluster-wide state changes are refused by the peer.
        for (const auto& n : targets) drbd_promote(lab_.remote(n), n, opts_.topo, deadline);
        step("DRBD Primary on both");
        on_each_node(targets, [&](const std::string& n) {
          run_plan(lab_.remote(n), target_->setup_commands(opts_.topo, n), deadline);
        });
        step(fmt::format("{} target on both", target_->name()));
      },
      [&] {  // membership: no resources yet (the configuration is loaded once storage is up)
        on_each_node(targets, [&](const std::string& n) {
          seed_cib(lab_.remote(n), n, opts_.tunables, deadline);
          start_cluster(lab_.remote(n), deadline);
        });
        wait_cluster_online({first}, deadline);
        step("corosync and Pacemaker: both nodes online");
      },
      [&] {  // the initiator's multipathd, ready before the first login
        run_plan(lab_.remote(opts_.topo.initiator.name), multipath_start_commands(), deadline);
        step("initiator: multipathd running");
      },
  });
  run_plan(lab_.remote(first), cib_load_commands(), deadline);
  step("cluster configuration loaded");
  // The initiator logs in only once the cluster has set both groups' states: a LUN first seen
  // through "unavailable" ports has READ CAPACITY fail, and multipath then keeps size 0 paths.
  wait_for(deadline, kPollS, "cluster: ALUA states set", [&] {
    return alua_started_problem(lab_, *target_, opts_.topo, deadline);
  });
  step("ALUA: one group active/optimized, the other active/non-optimized");
  deploy_initiator(deadline);
  step("initiator logged in on every portal");
  // The new paths reach multipathd through udev and the ALUA handler, seconds under TCG: wait
  // for them with one cheap command a second rather than with settle's whole health picture
  // (a dozen commands, crm_mon among them, every 2-4 s).
  const std::size_t want = 2 * opts_.topo.targets.size();
  wait_for(deadline, kPollS, "initiator: every path in the multipath map", [&] {
    auto r = lab_.remote(opts_.topo.initiator.name).run(multipathd_paths_argv(), deadline.capped(20));
    if (r.exit_status != 0) return fmt::format("multipathd exit {}", r.exit_status);
    return paths_not_ready(parse_multipathd_paths(r.out), want);
  });
  step("multipath: every path active/ready");
  check_reservations(deadline);
  step("persistent reservations: a key registers and unregisters through every path");
}

void AluaCluster::check_reservations(const Deadline& deadline) {
  // A target that cannot take a registration fails every cluster that fences with SCSI-3 PR or
  // serves VMware/Hyper-V: refuse the deployment instead of running scenarios on it. Every path
  // at once; each node serves two of them.
  Remote& ini = lab_.remote(opts_.topo.initiator.name);
  auto r = ini.run(multipathd_paths_argv(), deadline.capped(20));
  if (r.exit_status != 0) throw LabError(describe_failure(opts_.topo.initiator.name, multipathd_paths_argv(), r));
  std::vector<std::function<void()>> tasks;
  for (const auto& p : parse_multipathd_paths(r.out)) {
    tasks.push_back([&, dev = "/dev/" + p.dev] {
      for (const auto& argv : {pr_register_argv(dev, kDeployCheckPrKey),
                               pr_unregister_argv(dev, kDeployCheckPrKey)}) {
        auto res = ini.run(argv, deadline.capped(30));
        if (res.exit_status != 0)
          throw LabError("persistent reservations: the target refused a registration: " +
                         describe_failure(opts_.topo.initiator.name, argv, res));
      }
    });
  }
  in_parallel(tasks);
}

void AluaCluster::settle(const Deadline& deadline) {
  auto t0 = deadline.clock().now_ns();
  wait_for(deadline, 2 * kPollS, "settle: system under test healthy",
           [&] { return unhealthy(deadline); });
  say(fmt::format("settle: healthy after {:.1f} s", ns_to_seconds(deadline.clock().now_ns() - t0)));
}

void AluaCluster::audit(const Deadline& deadline) {
  auto t0 = deadline.clock().now_ns();
  wait_for(deadline, 2 * kPollS, "audit: reverted system under test healthy, fencing history clean",
           [&] { return audit_health_problems(lab_, opts_.topo, deadline); });
  say(fmt::format("audit: passed after {:.1f} s", ns_to_seconds(deadline.clock().now_ns() - t0)));
}

std::string AluaCluster::unhealthy(const Deadline& deadline) {
  return health_problems(lab_, opts_.topo, deadline);
}

void AluaCluster::apply_live_tunables(const Tunables& tunables, const Deadline& deadline) {
  check_tunables(tunables, opts_.target);
  opts_.tunables = tunables;  // what a later rejoin renders, too
  const auto targets = target_names();
  const std::string ini = opts_.topo.initiator.name;
  const Tunables& tun = opts_.tunables;
  auto step = stepper("live tunables", deadline.clock());
  in_parallel({
      [&] {  // one node: the CIB replicates
        const auto xml = render_cib_configuration(opts_.topo, tun.pacemaker, tun.fence, agent_);
        for (const auto& argv : cib_live_update_argvs(xml))
          lab_.remote(targets.front()).check(argv, deadline.capped(60));
      },
      [&] {
        on_each_node(targets, [&](const std::string& n) {
          Remote& r = lab_.remote(n);
          put_files(r,
                    {{drbd_resource_path(opts_.topo),
                      render_drbd_resource(opts_.topo, tun.drbd, tun.pacemaker.stonith_enabled), 0644}},
                    deadline);
          r.check(drbd_adjust_argv(opts_.topo), deadline.capped(60));
        });
      },
      [&] {
        Remote& r = lab_.remote(ini);
        put_files(r, multipath_files(tun.multipath, target_->scsi_vendor()), deadline);
        run_plan(r, multipath_reconfigure_commands(), deadline);
        put_files(r, iscsi_files(opts_.topo, tun.iscsi), deadline);
        run_plan(r, iscsi_live_commands(opts_.topo, tun.iscsi), deadline);
        for (const auto& s : iscsi_sessions_from(r.run(iscsi_session_argv(), deadline.capped(60))))
          r.check(iscsi_recovery_tmo_argv(s.sid), deadline.capped(30),
                  iscsi_replacement_timeout_value(tun.iscsi));
      },
  });
  step("cluster properties, DRBD net options, multipathd and iSCSI replacement timeout applied");
}

Roles AluaCluster::roles(const Deadline& deadline) {
  return observe_roles(lab_, *target_, opts_.topo, deadline);
}

void AluaCluster::rejoin(const std::string& node, const Deadline& deadline) {
  const TargetNode& me = opts_.topo.target(node);
  const TargetNode& peer = opts_.topo.peer_of(node);
  auto step = stepper("rejoin " + node, deadline.clock());
  step("waiting for it to answer");
  lab_.wait_ready(node, deadline);
  step("answers");
  Remote& r = lab_.remote(node);
  put_files(r, target_node_files(node), deadline);
  drbd_prepare(r, opts_.topo, false, deadline);
  StandAloneWatch watch;
  wait_for(deadline, kPollS, fmt::format("rejoin {}: DRBD resync from {}", node, peer.name), [&] {
    auto s = drbd_state(node, deadline);
    if (watch.gave_up(node, s, deadline.clock().now_ns()))
      throw DrbdSplitBrain(fmt::format("rejoin {}: DRBD StandAlone for {:g} s (\"{}\")", node,
                                       kStandAloneS, s));
    return s.rfind("Connected", 0) == 0 && s.find("UpToDate/UpToDate") != std::string::npos
               ? std::string()
               : "at \"" + s + "\"";
  });
  step(fmt::format("DRBD connected and resynced from {}", peer.name));
  // crm-unfence-peer.sh would lift the survivor's "no promotion for the peer" constraint after
  // the resync, but it runs here, where the cluster is not up yet: the harness lifts it.
  run_plan(lab_.remote(peer.name), drbd_unfence_commands(opts_.topo), deadline);
  drbd_promote(r, node, opts_.topo, deadline);
  step("DRBD Primary");
  // The target's setup and the cluster's start at once (one after the other: 8-12 s and then
  // 20-25 s under TCG). Pacemaker may want this node's ALUA group before the setup is done: the
  // agent starts it only once the setup (lio-setup, scst-setup) has marked the target complete.
  in_parallel({
      [&] {
        run_plan(r, target_->setup_commands(opts_.topo, node), deadline);
        step(target_->name() + " target set up");
      },
      [&] {
        start_cluster(r, deadline);
        wait_cluster_online({node, peer.name}, deadline);
      },
  });
  // Again, now that the peer's cluster is surely up (both nodes may have been rejoining): a
  // fence constraint left in the CIB would have Pacemaker demote this node's DRBD.
  run_plan(lab_.remote(peer.name), drbd_unfence_commands(opts_.topo), deadline);
  step("online in the cluster");
  // The initiator kept its sessions to this node; a path whose capacity was read while the LU
  // was gone or unavailable stays at 0 sectors until rescanned. Rescan once the cluster has
  // made the group serve I/O again (active/non-optimized), as an operator would.
  wait_for(deadline, kPollS, fmt::format("rejoin {}: ALUA group serving I/O", node), [&] {
    int s = alua_state_of(lab_, *target_, opts_.topo, node, deadline);
    return s == 0 || s == 1 ? std::string() : fmt::format("alua_access_state {}", s);
  });
  lab_.remote(opts_.topo.initiator.name)
      .check(iscsi_rescan_argv(), deadline.capped(60));
  step(fmt::format("back in the cluster (nodeid {}), initiator rescanned", me.nodeid));
}

bool AluaCluster::recover(const Deadline& deadline) {
  std::vector<std::string> lost;
  for (const auto& n : target_names())
    if (!cluster_running(lab_.remote(n), deadline)) lost.push_back(n);
  if (lost.empty()) return false;
  for (const auto& n : lost) {
    say(fmt::format("recover: {} is not in the cluster (fenced, killed or its daemons died): "
                    "bringing it back",
                    n));
    lab_.power_on(n, deadline);  // no-op when it runs
  }
  // Both lost (mutual fencing): each one's DRBD waits for the other to connect, so they rejoin
  // side by side.
  on_each_node(lost, [&](const std::string& n) { rejoin(n, deadline); });
  settle(deadline);
  return true;
}

void AluaCluster::verify(History& history, const Deadline& deadline) {
  const auto targets = target_names();
  const std::string first = targets.front();
  // A split brain shows as a DRBD that refuses its peer, here or while recover() rejoins a node.
  std::map<std::string, std::string> states;
  auto record_split_brain = [&](const std::string& why) {
    for (const auto& n : targets) {
      if (!states.count(n)) {
        try {
          states[n] = drbd_state(n, deadline.capped(30));
        } catch (const LabError& e) {
          states[n] = std::string("unknown: ") + e.what();
        }
      }
      history.add(deadline.clock().now_ns(), EventKind::verify, n, "drbd_verify",
                  {{"ok", false},
                   {"split_brain", states[n].rfind("StandAlone", 0) == 0},
                   {"state", states[n]},
                   {"detail", fmt::format("{}: DRBD refused its peer after the heal (split brain); "
                                          "no online verify is possible",
                                          why)}});
    }
    say("verify: DRBD split brain, the peers refuse each other; no online verify");
  };
  // The online verify needs only DRBD connected, in sync and Primary on both: it runs beside
  // the rest of a lost node's rejoin (its target, cluster join, ALUA group, settle), which takes
  // a minute under TCG. A node lost while it waits is brought back once the rejoin is over.
  enum Rejoin { running, done, failed };
  std::atomic<Rejoin> rejoin{running};
  StandAloneWatch watch;
  bool split_brain = false;
  bool compared = false;
  try {
    in_parallel({
        [&] {
          try {
            recover(deadline);
          } catch (...) {
            rejoin = failed;
            throw;
          }
          rejoin = done;
        },
        [&] {
         // DRBD 8.4 may drop the connection just as a verify starts on a node that has
         // finished its resync and promotion moments before (seen after a node-kill rejoin:
         // VerifyT, BrokenPipe, reconnected within a second); the verify is then refused with
         // "Need a connection". The drop is in the History as DRBD events; the verify is started
         // again once the peers are connected and in sync, at most twice more.
         for (int attempt = 1;; ++attempt) {
          wait_for(deadline, kPollS, "verify: DRBD connected and in sync", [&] {
            if (rejoin == failed) return std::string();  // its error is the one to report
            std::string missing;
            const std::int64_t now = deadline.clock().now_ns();
            for (const auto& n : targets) {
              std::string s;
              try {
                s = drbd_state(n, deadline);
              } catch (const LabError& e) {
                if (rejoin == running) return fmt::format("{} does not answer yet ({})", n, e.what());
                // Fenced while we wait: a failed demote or stop escalates to STONITH minutes
                // after the heal (seen under ring0 loss). Bring it back like any other lost node.
                if (!recover(deadline)) throw;
                watch.reset();
                return fmt::format("{} was lost while waiting ({}); brought back", n, e.what());
              }
              states[n] = s;
              if (watch.gave_up(n, s, now)) split_brain = true;
              if (s != "Connected Primary/Primary UpToDate/UpToDate")
                missing += n + " at \"" + s + "\"; ";
            }
            return split_brain ? std::string() : missing;
          });
          if (rejoin == failed || split_brain) return;
          auto step = stepper("verify", deadline.clock());
          step("DRBD connected and in sync on both");
          const auto argv = drbd_verify_argv(opts_.topo, opts_.verify_bytes);
          auto r = lab_.remote(first).run(argv, deadline);
          if (r.exit_status != 0 && attempt < 3 &&
              (r.out + r.err).find("Need a connection") != std::string::npos) {
            say(fmt::format("verify: DRBD dropped its connection as the verify started (attempt {}); "
                            "waiting for it again", attempt));
            continue;
          }
          if (r.exit_status != 0) throw LabError(describe_failure(first, argv, r));
          // cstate is VerifyS/VerifyT while the comparison runs, Connected again when it is done.
          // Any other state means the connection dropped under the verify (seen on a reverted
          // lab: VerifyS, then WFConnection, and the peer fenced minutes later); its count is
          // then partial, so it starts again once both are back, the lost node recovered by the
          // wait above.
          std::string interrupted;
          wait_for(deadline, kPollS, "verify: DRBD online verify", [&] {
            std::string s;
            try {
              s = drbd_state(first, deadline);
            } catch (const LabError& e) {
              interrupted = fmt::format("{} does not answer ({})", first, e.what());
              return std::string();
            }
            if (s.rfind("Connected ", 0) == 0) return std::string();
            if (s.rfind("Verify", 0) != 0) {
              interrupted = fmt::format("{} at \"{}\"", first, s);
              return std::string();
            }
            return "at \"" + s + "\"";
          });
          if (!interrupted.empty()) {
            if (attempt >= 3)
              throw LabError(fmt::format("verify: the DRBD online verify was interrupted {} times, "
                                         "last: {}", attempt, interrupted));
            say(fmt::format("verify: the online verify was interrupted ({}; attempt {}); "
                            "waiting for DRBD again",
                            interrupted, attempt));
            if (recover(deadline)) watch.reset();
            continue;
          }
          step("DRBD online verify done");
          compared = true;
          return;
         }
        },
    });
  } catch (const DrbdSplitBrain& e) {
    states.clear();
    record_split_brain(e.what());
    return;
  }
  if (split_brain) {
    record_split_brain(fmt::format("StandAlone for {:g} s", kStandAloneS));
    return;
  }
  if (!compared) throw LabError("verify: the DRBD online verify did not run");
  for (const auto& n : targets) {
    auto proc = lab_.remote(n).check({"cat", "/proc/drbd"}, deadline.capped(30));
    auto oos = drbd_out_of_sync_kib(proc.out, opts_.topo.drbd_minor);
    nlohmann::json data = {{"out_of_sync_kib", oos}, {"ok", oos == 0}};
    if (opts_.verify_bytes > 0) data["verified_kib"] = (opts_.verify_bytes + 1023) / 1024;
    history.add(deadline.clock().now_ns(), EventKind::verify, n, "drbd_verify", std::move(data));
  }
}

void AluaCluster::collect_logs(const std::filesystem::path& dir, const Deadline& deadline) {
  std::vector<std::string> all = target_names();
  all.push_back(opts_.topo.initiator.name);
  // Node by node took 30 s under TCG (targetcli and cibadmin are slow); the nodes are
  // independent, and each writes only its own directory.
  // Within a node too: the commands are independent, and their round trips overlap.
  on_each_node(all, [&](const std::string& node) {
    std::error_code ec;
    std::filesystem::create_directories(dir / node, ec);
    std::vector<std::function<void()>> tasks;
    for (const auto& [file, argv] :
         log_commands(node == opts_.topo.initiator.name, *target_, opts_.topo)) {
      tasks.push_back([&, file = file, argv = argv] {
        try {
          auto r = lab_.remote(node).run(argv, deadline.capped(60));
          std::ofstream(dir / node / file) << r.out << (r.err.empty() ? "" : "\n--- stderr\n")
                                           << r.err;
        } catch (const std::exception& e) {
          std::ofstream(dir / node / (file + ".error")) << e.what() << '\n';
        }
      });
    }
    in_parallel(tasks);
  });
}

}  // namespace harness
