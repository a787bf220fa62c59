#pragma once
// Which journal lines say that a layer changed state, for the path-switch check's "released by".
// Every line the journal observer keeps comes from a layer of the stack, but some only report
// on the guest itself: Pacemaker's CPU-load throttling notices and the lines of a kernel
// warning or oops dump (module list, registers, call trace). Named as what ended a stall they
// mislead (both were, under TCG), so they are evidence but never the releasing event.
#include <string_view>

namespace harness::checks {

// True for a line that reports on the guest (load, a kernel dump) rather than a state change.
bool is_diagnostic_log(std::string_view unit, std::string_view message);

}  // namespace harness::checks
