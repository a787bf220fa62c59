#pragma once
// One `journalctl --follow -o json` channel per node; journal_filter picks the lines that tell
// a failover's story and they go into the History as observation/log on the host clock. A
// channel that dies with its node is restarted at the next step once the node answers.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "drivers/lab.hpp"
#include "drivers/observer.hpp"
#include "drivers/remote/clock_offset.hpp"

namespace harness {

class JournalObserver final : public Observer {
 public:
  JournalObserver(Lab& lab, std::vector<std::string> nodes);
  ~JournalObserver() override;
  std::string name() const override { return "journal"; }
  void arm(History& history, const Deadline& deadline) override;
  void snapshot(History& history, const Deadline& deadline) override;
  void disarm(const Deadline& deadline) override;

 private:
  void start(const std::string& node, const Deadline& deadline);
  Lab& lab_;
  std::vector<std::string> nodes_;
  History* history_ = nullptr;
  std::map<std::string, std::unique_ptr<Stream>> streams_;
};

}  // namespace harness
