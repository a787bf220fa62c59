#pragma once
// The vocabulary of layer events: what one layer of the storage stack did (a link went down,
// DRBD froze I/O, the fence completed, a path was reinstated), when, seen by whom, from which
// source and how exactly that source places it on the History's clock. The failover anatomy
// (harness/checks/anatomy.hpp) is built from these and nothing else: a log line or an
// observation counts only once a component's vocabulary (drivers/<component>/events.hpp) has
// read it as one of the signals below. docs/ANATOMY.md lists every signal with its sources.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace harness {

enum class Layer { hypervisor, cluster, drbd, target, initiator, workload };

// What happened, one word per thing a layer does in a failover. Each signal belongs to one layer
// (layer_of).
enum class Signal {
  // hypervisor: the fault as the harness made it, and the domain's power and vCPUs
  fault_injected, fault_removed, power_off, power_on, vcpus_stopped, vcpus_resumed,
  // cluster: Corosync's links and membership, Pacemaker's fencing and resource actions
  link_down, link_up, token_lost, node_lost, membership_formed, fence_requested, fence_delayed,
  fence_done, fence_failed, promote_started, promote_done,
  // drbd: the peer, its I/O freeze and the fence-peer handler, roles
  peer_lost, peer_connected, io_suspended, io_resumed, fence_peer_started, fence_peer_done,
  became_primary,
  // target: the ALUA state of a port group as the target reports it
  alua_optimized, alua_non_optimized, alua_standby, alua_transitioning, alua_unavailable,
  // initiator: iSCSI sessions, the SCSI layer's view of ALUA, dm-multipath's paths
  connection_error, session_failed, session_restored, alua_change_seen, path_failed,
  path_reinstated, path_group_switched,
  // workload
  io_completed,
};

// Where a layer event was read. The first ones exist today; the others are the guest listeners
// the vocabulary is ready for (docs/ANATOMY.md says what each would sharpen).
enum class Source {
  qemu_stamp,       // QEMU's own stamp of the vCPUs stopping or starting (lifecycle, stamp qemu)
  libvirt_event,    // a libvirt lifecycle event, stamped on arrival
  harness_call,     // the harness's own action: inject/heal, between the call's start and end
  journal,          // a journal line, on the guest's clock mapped to the host's
  poll,             // a change between two samples of the guest observer (harness-observe)
  fence_history,    // crm_mon's fencing history, stamped to the second
  fio_log,          // fio's per-I/O log, on the initiator's clock mapped to the host's
  udev_uevent,      // dm-multipath's PATH_FAILED / PATH_REINSTATED uevents (not recorded yet)
  pacemaker_alert,  // a Pacemaker alert agent's microsecond stamps (not recorded yet)
  drbd_events2,     // `drbdsetup events2 --timestamps` (not recorded yet)
  alua_agent,       // the target's ALUA agent's own stamp of a state it set (not recorded yet)
};

// The part of a source's error that is its own, before the node's clock mapping (guest
// sources) and the sampling interval (poll) are added: the true instant is at most `early_ns`
// before the stamp and `late_ns` after it. docs/ANATOMY.md explains each figure.
struct SourceBounds {
  std::int64_t early_ns = 0;
  std::int64_t late_ns = 0;
};
SourceBounds source_bounds(Source s);
// Stamped on a guest's clock and mapped to the host's: the node's mapping error applies.
bool guest_clock(Source s);

// One thing a layer did. The true instant lies in [t_ns - early_ns, t_ns + late_ns]: a polled
// change happened at most one sampling interval before the sample that saw it (early), a
// journal line is off by its clock mapping either way, a harness call happened between its start
// (t_ns) and its end (late).
struct LayerEvent {
  std::int64_t t_ns = 0;
  std::int64_t early_ns = 0;
  std::int64_t late_ns = 0;
  Signal signal = Signal::fault_injected;
  Source source = Source::harness_call;
  std::string node;     // who saw it ("n2", "initiator")
  std::string subject;  // what it is about: the peer node, a path device, a port group, a link
  std::string detail;   // the line or the change it was read from, for people
  std::size_t event = 0;  // index of the History event it came from (sorted events)

  Layer layer() const;
  std::int64_t error_ns() const { return early_ns + late_ns; }
};

Layer layer_of(Signal s);
std::string_view to_string(Layer l);
std::string_view to_string(Signal s);
std::string_view to_string(Source s);
std::optional<Signal> signal_from_string(std::string_view s);

// A signal read from one event, before the reader places it on the clock: what the components'
// vocabularies return (several when one line reports several changes).
struct SignalWord {
  Signal signal;
  std::string subject;
  bool operator==(const SignalWord&) const = default;
};

}  // namespace harness
