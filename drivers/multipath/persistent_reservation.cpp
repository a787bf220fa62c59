#include "drivers/multipath/persistent_reservation.hpp"

namespace harness {

Argv pr_register_argv(const std::string& dev, const std::string& key) {
  return {"sg_persist", "--out", "--register", "--param-sark=" + key, dev};
}

Argv pr_unregister_argv(const std::string& dev, const std::string& key) {
  return {"sg_persist", "--out", "--register", "--param-rk=" + key, "--param-sark=0", dev};
}

}  // namespace harness
