#pragma once
// One node of a rolling upgrade (docs/UPGRADE.md): taken out of service cleanly by the system
// under test, powered off, reinstalled with another image by the lab (a new root disk, the
// image's kernel; its identity and data disk kept), powered on and brought back. The inject
// returns once the node serves I/O again; an upgrade is not undone, so the heal only records.
// The inject event carries both images and the versions of the stack's packages before and
// after, read from the node itself; the timeline draws each node's image from them.
#include <string>

#include "drivers/deploy_plan.hpp"
#include "drivers/faults/recorded_fault.hpp"

namespace harness {

// dpkg-query over the packages an upgrade is about, and the kernel release: one
// "package version" per line, "kernel <release>" last.
Argv stack_versions_argv();
// {"pacemaker": "2.1.5-1+deb12u1", ..., "kernel": "6.1.0-41-amd64"}; missing packages are absent.
nlohmann::json parse_stack_versions(const std::string& out);

class NodeUpgrade final : public RecordedFault {
 public:
  NodeUpgrade(const FaultSpec& spec, std::string node, FaultEnv& env);

 protected:
  nlohmann::json do_inject(const Deadline& deadline) override;
  nlohmann::json do_heal(const Deadline& deadline) override;
  std::string detail() const override { return "to " + spec().option_string("image"); }

 private:
  FaultEnv& env_;
};

}  // namespace harness
