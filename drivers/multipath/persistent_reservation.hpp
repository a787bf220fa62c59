#pragma once
// SCSI-3 persistent reservations from the initiator, through one path device (sg_persist from
// sg3-utils). A registration is per I_T nexus: registering and unregistering a key through a
// path touches only that path's target port.
#include <string>

#include "drivers/deploy_plan.hpp"

namespace harness {

// The key the deploy check registers and removes again ("harness" in ASCII).
inline constexpr const char* kDeployCheckPrKey = "0x6861726e657373";

// PERSISTENT RESERVE OUT, REGISTER: `key` as the service action reservation key.
Argv pr_register_argv(const std::string& dev, const std::string& key);
// REGISTER with the key as reservation key and 0 as the new one: the registration removed.
Argv pr_unregister_argv(const std::string& dev, const std::string& key);

}  // namespace harness
