// fio bound at start().
#include "drivers/fio/lab_fio.hpp"

#include <sstream>

#include "drivers/fio/fio_job.hpp"
#include "harness/core/errors.hpp"

namespace harness {

std::string find_multipath_device(Remote& initiator, const Deadline& deadline) {
  auto r = initiator.check({"multipathd", "show", "maps", "raw", "format", "%w"}, deadline);
  std::istringstream in(r.out);
  std::vector<std::string> maps;
  for (std::string w; in >> w;) maps.push_back(w);
  if (maps.size() != 1)
    throw LabError(initiator.node() + ": expected one multipath map, found " +
                   std::to_string(maps.size()) + " (" + r.out + ")");
  for (char c : maps[0])
    if (!std::isxdigit(static_cast<unsigned char>(c)))
      throw LabError(initiator.node() + ": multipath map name is not a WWID: " + maps[0]);
  return "/dev/mapper/" + maps[0];
}

namespace {

class LabFio final : public Workload {
 public:
  LabFio(Lab& lab, std::string node, WorkloadSpec spec, FioWorkloadOptions options)
      : lab_(lab), node_(std::move(node)), spec_(std::move(spec)), opt_(std::move(options)) {
    (void)fio_layout(spec_);  // ScenarioError now; the device is named after deploy
  }
  void start(History& history, const Deadline& deadline) override {
    Remote& r = lab_.remote(node_);
    opt_.device = find_multipath_device(r, deadline);
    fio_ = std::make_unique<FioWorkload>(r, spec_, opt_);
    fio_->start(history, deadline);
  }
  void finish(History& history, const Deadline& deadline) override {
    if (fio_) fio_->finish(history, deadline);
  }
  void readback_verify(History& history, const Deadline& deadline) override {
    if (!fio_) throw LabError("read-back verify: the workload never started");
    fio_->readback_verify(history, deadline);
  }

 private:
  Lab& lab_;
  std::string node_;
  WorkloadSpec spec_;
  FioWorkloadOptions opt_;
  std::unique_ptr<FioWorkload> fio_;
};

}  // namespace

std::unique_ptr<Workload> make_lab_fio(Lab& lab, std::string node, WorkloadSpec spec,
                                       FioWorkloadOptions options) {
  return std::make_unique<LabFio>(lab, std::move(node), std::move(spec), std::move(options));
}

}  // namespace harness
