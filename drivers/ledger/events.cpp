#include "drivers/ledger/events.hpp"

namespace harness::ledger {

const char* to_string(BlockState s) {
  switch (s) {
    case BlockState::ok: return "ok";
    case BlockState::blank: return "blank";
    case BlockState::foreign: return "foreign";
    case BlockState::torn: return "torn";
    case BlockState::misplaced: return "misplaced";
    case BlockState::unreadable: return "unreadable";
  }
  return "invalid";
}

const char* to_string(ViewRole r) {
  switch (r) {
    case ViewRole::device: return "device";
    case ViewRole::path: return "path";
    case ViewRole::peer: return "peer";
  }
  return "invalid";
}

}  // namespace harness::ledger
