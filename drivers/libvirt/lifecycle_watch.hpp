#pragma once
// libvirt lifecycle events of a lab's domains → History (kind lifecycle, docs/EVENTS.md).
// The lab marks its own intent before it calls virDomainDestroy & co; an event that matches a
// recent intent is cause "harness", anything else (fence_virsh from a guest, a crash) is
// "external". t_ns is the host monotonic time the event arrived, except for suspended and
// resumed: those carry QEMU's own stamp of its vCPUs stopping or starting (QMP STOP/RESUME,
// microseconds, data.stamp "qemu"). A suspend call returns only once the vCPUs have stopped,
// and under TCG that waits until the vCPU thread gets a host core again (up to hundreds of ms
// on a busy host), so neither the call nor the event's arrival says when the guest froze.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "drivers/libvirt/virt_ptr.hpp"
#include "harness/core/history.hpp"
#include "harness/core/clock.hpp"

namespace harness::lab {

struct TranslatedEvent {
  std::string what;    // destroyed, started, suspended, resumed, reset, shutdown, crashed
  std::string detail;  // libvirt's detail, e.g. "destroyed", "booted", "paused"
};
// VIR_DOMAIN_EVENT_* and its detail → EVENTS.md vocabulary; nullopt for events not recorded
// (defined, undefined, pmsuspended...).
std::optional<TranslatedEvent> translate_lifecycle(int event, int detail);

// Pending harness calls whose events must be told apart from external ones.
class IntentBook {
 public:
  // An event `what` on `node` arriving within `window_ns` after `start_ns` is ours.
  void expect(const std::string& node, const std::string& what, std::int64_t start_ns,
              std::int64_t window_ns = 30 * kNsPerS);
  void cancel(const std::string& node, const std::string& what);
  // Consumes the matching intent; returns its call start time.
  std::optional<std::int64_t> match(const std::string& node, const std::string& what,
                                    std::int64_t now_ns);

 private:
  struct Intent {
    std::string node, what;
    std::int64_t start_ns, until_ns;
  };
  std::vector<Intent> intents_;
};

// QEMU's stamps of its vCPUs stopping (QMP STOP) and starting (RESUME), kept until the lifecycle
// event they belong to (suspended, resumed) arrives; libvirt sends that one after them.
class VcpuStamps {
 public:
  // `qmp_event` STOP or RESUME (others are ignored); `t_ns` host monotonic.
  void note(const std::string& node, const std::string& qmp_event, std::int64_t t_ns);
  // The stamp for lifecycle event `what` on `node` noted at most `window_ns` before `now_ns`;
  // consumed. Older ones are dropped (a STOP of a shutdown has no suspended event).
  std::optional<std::int64_t> take(const std::string& node, const std::string& what,
                                   std::int64_t now_ns, std::int64_t window_ns = 10 * kNsPerS);

 private:
  struct Stamp {
    std::string node, what;
    std::int64_t t_ns;
  };
  std::vector<Stamp> stamps_;
};

class LifecycleWatch {
 public:
  // `domains`: libvirt domain name → node name; events of other domains are ignored.
  LifecycleWatch(virt::Connection conn, Clock& clock, History& history,
                 std::map<std::string, std::string> domains);
  ~LifecycleWatch();
  LifecycleWatch(const LifecycleWatch&) = delete;
  LifecycleWatch& operator=(const LifecycleWatch&) = delete;

  void expect(const std::string& node, const std::string& what, std::int64_t start_ns);
  void cancel(const std::string& node, const std::string& what);

  struct State;  // shared with the libvirt callbacks (freed by libvirt's free callback)

 private:
  virt::Connection conn_;
  std::shared_ptr<State> state_;
  int lifecycle_id_ = -1;
  int reboot_id_ = -1;
  int qemu_id_ = -1;
};

}  // namespace harness::lab
