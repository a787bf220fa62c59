#include "fakes/fake_system_under_test.hpp"

namespace harness {

void FakeSystemUnderTest::take() {
  if (latency_ns_ > 0) clock_.sleep_until(clock_.now_ns() + latency_ns_);
}

void FakeSystemUnderTest::deploy(const Deadline& deadline) {
  plan_.call("sut.deploy", deadline);
  ++deploy_calls;
  take();
}

void FakeSystemUnderTest::take_out(const std::string& node, const Deadline& deadline) {
  plan_.call("sut.take_out " + node, deadline);
  maintenance.push_back("take_out " + node);
  take();
}

void FakeSystemUnderTest::bring_back(const std::string& node, const Deadline& deadline) {
  plan_.call("sut.bring_back " + node, deadline);
  maintenance.push_back("bring_back " + node);
  take();
}

void FakeSystemUnderTest::settle(const Deadline& deadline) {
  plan_.call("sut.settle", deadline);
  ++settle_calls;
  take();
}

void FakeSystemUnderTest::audit(const Deadline& deadline) {
  plan_.call("sut.audit", deadline);
  ++audit_calls;
  take();
}

Roles FakeSystemUnderTest::roles(const Deadline& deadline) {
  plan_.call("sut.roles", deadline);
  ++roles_calls;
  take();
  return roles_fn_ ? roles_fn_() : roles_;
}

void FakeSystemUnderTest::verify(History& history, const Deadline& deadline) {
  plan_.call("sut.verify", deadline);
  ++verify_calls;
  take();
  bool ok = out_of_sync_kib_ == 0;
  for (const char* node : {"n1", "n2"})
    history.add(clock_.now_ns(), EventKind::verify, node, "drbd_verify",
                {{"out_of_sync_kib", out_of_sync_kib_}, {"ok", ok}});
}

void FakeSystemUnderTest::collect_logs(const std::filesystem::path& dir, const Deadline& deadline) {
  plan_.call("sut.collect_logs", deadline);
  ++collect_calls;
  collected_dirs.push_back(dir);
  take();
}

}  // namespace harness
