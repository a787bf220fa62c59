// Lifecycle event subscription. Callbacks run on the libvirt event-loop thread; they only take
// a mutex and append to the (thread-safe) History.
#include "drivers/libvirt/lifecycle_watch.hpp"

#include <algorithm>
#include <mutex>

#include <libvirt/libvirt-qemu.h>

#include "drivers/libvirt/events.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace {
// The History's words are the vocabulary's (drivers/libvirt/events.hpp), which checks read.
std::string word(Lifecycle l) { return std::string(to_string(l)); }
}  // namespace

std::optional<TranslatedEvent> translate_lifecycle(int event, int detail) {
  switch (event) {
    case VIR_DOMAIN_EVENT_STARTED:
      switch (detail) {
        case VIR_DOMAIN_EVENT_STARTED_BOOTED:
          return TranslatedEvent{word(Lifecycle::started), "booted"};
        case VIR_DOMAIN_EVENT_STARTED_RESTORED:
          return TranslatedEvent{word(Lifecycle::started), "restored"};
        case VIR_DOMAIN_EVENT_STARTED_WAKEUP:
          return TranslatedEvent{word(Lifecycle::started), "wakeup"};
        default:
          return TranslatedEvent{word(Lifecycle::started), "other"};
      }
    case VIR_DOMAIN_EVENT_SUSPENDED:
      return TranslatedEvent{word(Lifecycle::suspended),
                             detail == VIR_DOMAIN_EVENT_SUSPENDED_PAUSED    ? "paused"
                             : detail == VIR_DOMAIN_EVENT_SUSPENDED_IOERROR ? "ioerror"
                                                                            : "other"};
    case VIR_DOMAIN_EVENT_RESUMED:
      return TranslatedEvent{word(Lifecycle::resumed),
                             detail == VIR_DOMAIN_EVENT_RESUMED_UNPAUSED ? "unpaused" : "other"};
    case VIR_DOMAIN_EVENT_STOPPED:
      switch (detail) {
        case VIR_DOMAIN_EVENT_STOPPED_DESTROYED:
          return TranslatedEvent{word(Lifecycle::destroyed), "destroyed"};
        case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN:
          return TranslatedEvent{word(Lifecycle::shutdown), "shutdown"};
        case VIR_DOMAIN_EVENT_STOPPED_CRASHED:
          return TranslatedEvent{word(Lifecycle::crashed), "crashed"};
        case VIR_DOMAIN_EVENT_STOPPED_FAILED:
          return TranslatedEvent{word(Lifecycle::crashed), "failed"};
        default:
          return TranslatedEvent{word(Lifecycle::destroyed), "other"};
      }
    default:
      // VIR_DOMAIN_EVENT_SHUTDOWN (guest began shutting down) is followed by STOPPED/SHUTDOWN;
      // CRASHED is followed by STOPPED/CRASHED (on_crash destroy): recording both would double.
      return std::nullopt;
  }
}

void IntentBook::expect(const std::string& node, const std::string& what, std::int64_t start_ns,
                        std::int64_t window_ns) {
  intents_.push_back({node, what, start_ns, start_ns + window_ns});
}

void IntentBook::cancel(const std::string& node, const std::string& what) {
  auto it = std::find_if(intents_.begin(), intents_.end(),
                         [&](const Intent& i) { return i.node == node && i.what == what; });
  if (it != intents_.end()) intents_.erase(it);
}

std::optional<std::int64_t> IntentBook::match(const std::string& node, const std::string& what,
                                              std::int64_t now_ns) {
  std::erase_if(intents_, [&](const Intent& i) { return i.until_ns < now_ns; });
  auto it = std::find_if(intents_.begin(), intents_.end(), [&](const Intent& i) {
    return i.node == node && i.what == what && i.start_ns <= now_ns;
  });
  if (it == intents_.end()) return std::nullopt;
  std::int64_t start = it->start_ns;
  intents_.erase(it);
  return start;
}

void VcpuStamps::note(const std::string& node, const std::string& qmp_event, std::int64_t t_ns) {
  if (qmp_event != "STOP" && qmp_event != "RESUME") return;
  const std::string what = word(qmp_event == "STOP" ? Lifecycle::suspended : Lifecycle::resumed);
  std::erase_if(stamps_, [&](const Stamp& s) { return s.node == node && s.what == what; });
  stamps_.push_back({node, what, t_ns});
}

std::optional<std::int64_t> VcpuStamps::take(const std::string& node, const std::string& what,
                                             std::int64_t now_ns, std::int64_t window_ns) {
  std::erase_if(stamps_, [&](const Stamp& s) { return s.t_ns < now_ns - window_ns; });
  auto it = std::find_if(stamps_.begin(), stamps_.end(),
                         [&](const Stamp& s) { return s.node == node && s.what == what; });
  if (it == stamps_.end()) return std::nullopt;
  std::int64_t t = it->t_ns;
  stamps_.erase(it);
  return t;
}

struct LifecycleWatch::State {
  std::mutex mu;
  Clock* clock;
  History* history;
  std::map<std::string, std::string> domains;
  IntentBook intents;
  VcpuStamps stamps;

  void record(virDomainPtr dom, const TranslatedEvent& ev) {
    std::int64_t now = clock->now_ns();
    const char* name = virDomainGetName(dom);
    if (!name) return;
    std::string node;
    std::optional<std::int64_t> call_start, stamp;
    {
      std::lock_guard lock(mu);
      auto it = domains.find(name);
      if (it == domains.end()) return;
      node = it->second;
      call_start = intents.match(node, ev.what, now);
      stamp = stamps.take(node, ev.what, now);
    }
    nlohmann::json data = {{"cause", call_start ? "harness" : "external"},
                           {"detail", ev.detail},
                           {"domain", name},
                           {"stamp", stamp ? "qemu" : "arrival"}};
    if (call_start) data["call_start_ns"] = *call_start;
    if (stamp) data["arrived_ns"] = now;
    history->add(stamp.value_or(now), EventKind::lifecycle, node, ev.what, std::move(data));
  }

  void note_qemu(virDomainPtr dom, const char* event, long long seconds, unsigned micros) {
    const char* name = virDomainGetName(dom);
    if (!name || !event) return;
    // QEMU stamps its events with the host's wall clock; the History runs on the monotonic
    // one: the stamp's age on the wall clock, taken from the monotonic now.
    const std::int64_t stamp =
        static_cast<std::int64_t>(seconds) * kNsPerS + static_cast<std::int64_t>(micros) * 1000;
    const std::int64_t t = clock->now_ns() - (clock->realtime_ns() - stamp);
    std::lock_guard lock(mu);
    auto it = domains.find(name);
    if (it != domains.end()) stamps.note(it->second, event, t);
  }
};

namespace {
using StatePtr = std::shared_ptr<LifecycleWatch::State>;

int on_lifecycle(virConnectPtr, virDomainPtr dom, int event, int detail, void* opaque) {
  auto ev = translate_lifecycle(event, detail);
  if (ev) (*static_cast<StatePtr*>(opaque))->record(dom, *ev);
  return 0;
}

void on_reboot(virConnectPtr, virDomainPtr dom, void* opaque) {
  // QEMU's RESET: virDomainReset, or the guest rebooting itself.
  (*static_cast<StatePtr*>(opaque))->record(dom, {word(Lifecycle::reset), "reset"});
}

void on_qemu_event(virConnectPtr, virDomainPtr dom, const char* event, long long seconds,
                   unsigned int micros, const char*, void* opaque) {
  (*static_cast<StatePtr*>(opaque))->note_qemu(dom, event, seconds, micros);
}

void free_state(void* opaque) { delete static_cast<StatePtr*>(opaque); }
}  // namespace

LifecycleWatch::LifecycleWatch(virt::Connection conn, Clock& clock, History& history,
                               std::map<std::string, std::string> domains)
    : conn_(std::move(conn)), state_(std::make_shared<State>()) {
  state_->clock = &clock;
  state_->history = &history;
  state_->domains = std::move(domains);
  lifecycle_id_ = virConnectDomainEventRegisterAny(
      conn_.get(), nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle),
      new StatePtr(state_), free_state);
  if (lifecycle_id_ < 0) conn_.fail("subscribe to lifecycle events");
  reboot_id_ = virConnectDomainEventRegisterAny(conn_.get(), nullptr, VIR_DOMAIN_EVENT_ID_REBOOT,
                                                VIR_DOMAIN_EVENT_CALLBACK(on_reboot),
                                                new StatePtr(state_), free_state);
  if (reboot_id_ < 0) {
    virConnectDomainEventDeregisterAny(conn_.get(), lifecycle_id_);
    conn_.fail("subscribe to reboot events");
  }
  // Without QEMU's stamps, suspended and resumed keep their arrival time: worth a run.
  qemu_id_ = virConnectDomainQemuMonitorEventRegister(
      conn_.get(), nullptr, "^(STOP|RESUME)$", on_qemu_event, new StatePtr(state_), free_state,
      VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX);
}

LifecycleWatch::~LifecycleWatch() {
  if (lifecycle_id_ >= 0) virConnectDomainEventDeregisterAny(conn_.get(), lifecycle_id_);
  if (reboot_id_ >= 0) virConnectDomainEventDeregisterAny(conn_.get(), reboot_id_);
  if (qemu_id_ >= 0) virConnectDomainQemuMonitorEventDeregister(conn_.get(), qemu_id_);
}

void LifecycleWatch::expect(const std::string& node, const std::string& what,
                            std::int64_t start_ns) {
  std::lock_guard lock(state_->mu);
  state_->intents.expect(node, what, start_ns);
}

void LifecycleWatch::cancel(const std::string& node, const std::string& what) {
  std::lock_guard lock(state_->mu);
  state_->intents.cancel(node, what);
}

}  // namespace harness::lab
