#include "drivers/ledger/lab_ledger.hpp"

#include "drivers/fio/lab_fio.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/option_io.hpp"

namespace harness {
namespace {

class LabLedger final : public Workload {
 public:
  LabLedger(Lab& lab, std::string node, LedgerOptions spec, LedgerWorkloadOptions options,
            std::string peer_device)
      : lab_(lab), node_(std::move(node)), spec_(std::move(spec)), opt_(std::move(options)),
        peer_device_(std::move(peer_device)) {
    require_options(ledger_option_table(), spec_, "/workload/ledger");  // before any VM starts
  }
  void start(History& history, const Deadline& deadline) override {
    Remote& r = lab_.remote(node_);
    opt_.device = find_multipath_device(r, deadline);
    opt_.peers.clear();
    for (const auto& n : lab_.nodes())
      if (n.role == "target") opt_.peers.push_back({n.name, &lab_.remote(n.name), peer_device_});
    ledger_ = std::make_unique<LedgerWorkload>(r, spec_, opt_);
    ledger_->start(history, deadline);
  }
  void finish(History& history, const Deadline& deadline) override {
    if (ledger_) ledger_->finish(history, deadline);
  }
  void readback_verify(History& history, const Deadline& deadline) override {
    if (!ledger_) throw LabError("ledger read-back: the workload never started");
    ledger_->readback_verify(history, deadline);
  }
  void after_verify(History& history, const Deadline& deadline) override {
    if (ledger_) ledger_->after_verify(history, deadline);
  }

 private:
  Lab& lab_;
  std::string node_;
  LedgerOptions spec_;
  LedgerWorkloadOptions opt_;
  std::string peer_device_;
  std::unique_ptr<LedgerWorkload> ledger_;
};

}  // namespace

std::unique_ptr<Workload> make_lab_ledger(Lab& lab, std::string node, LedgerOptions spec,
                                          LedgerWorkloadOptions options, std::string peer_device) {
  return std::make_unique<LabLedger>(lab, std::move(node), std::move(spec), std::move(options),
                                     std::move(peer_device));
}

}  // namespace harness
