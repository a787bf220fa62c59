#pragma once
// Adds "where" to an error on its way up without changing its kind, so the exit code and the
// timeout/interrupt handling still see what really happened:
//   try { fault.inject(...); } catch (...) { rethrow_with_context("step cut: link_cut n1 san0"); }
#include <exception>
#include <string>

#include "harness/core/errors.hpp"

namespace harness {

// Rethrows the exception in flight as the same kind, its message rewritten by `text`.
template <typename Text>
[[noreturn]] void rethrow_rewritten(Text text) {
  try {
    throw;
  } catch (const Interrupted& e) {
    throw Interrupted(text(e.what()));
  } catch (const TimeoutError& e) {
    throw TimeoutError(text(e.what()));
  } catch (const LabError& e) {
    throw LabError(text(e.what()));
  } catch (const ScenarioError& e) {
    throw ScenarioError(text(e.what()));
  } catch (const UsageError& e) {
    throw UsageError(text(e.what()));
  } catch (const Error& e) {
    throw Error(text(e.what()));
  } catch (const std::exception& e) {
    throw Error(text((std::string("internal error: ") + e.what()).c_str()));
  }
}

[[noreturn]] inline void rethrow_with_context(const std::string& where) {
  rethrow_rewritten([&](const char* what) { return where + ": " + what; });
}

// The same, with `note` after the message: "<what> (also: <note>)".
[[noreturn]] inline void rethrow_with_note(const std::string& note) {
  rethrow_rewritten([&](const char* what) { return std::string(what) + " (also: " + note + ")"; });
}

}  // namespace harness
