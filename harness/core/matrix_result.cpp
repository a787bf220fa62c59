#include "harness/core/matrix_result.hpp"

namespace harness {

RepeatOutcome repeat_outcome(const RunReport& r, const std::string& run_dir) {
  RepeatOutcome rep;
  rep.run_id = r.run_id;
  rep.run_dir = run_dir;
  rep.seed = r.seed;
  rep.exit_code = r.exit_code;
  rep.duration_s = r.duration_s;
  rep.suspect = r.suspect;
  rep.suspect_reason = r.suspect_reason;
  rep.lab_mode = r.lab_mode;
  return rep;
}

}  // namespace harness
