#pragma once
// fio bound to a lab that is not up yet: `harness run` builds its drivers before provisioning,
// while the initiator's Remote and the multipath device (named by its WWID) exist only after
// deploy. At start() it finds the one multipath map on the initiator and hands over to
// FioWorkload; the spec is checked at construction (ScenarioError before any VM starts).
#include <memory>
#include <string>

#include "drivers/lab.hpp"
#include "drivers/fio/fio_workload.hpp"

namespace harness {

// "/dev/mapper/<wwid>" of the initiator's only multipath map; LabError if there is none or
// more than one.
std::string find_multipath_device(Remote& initiator, const Deadline& deadline);

std::unique_ptr<Workload> make_lab_fio(Lab& lab, std::string node, WorkloadSpec spec,
                                       FioWorkloadOptions options);

}  // namespace harness
