#pragma once
// Adds "where" to an error on its way up without changing its kind, so the exit code and the
// timeout/interrupt handling still see what really happened:
//   try { fault.inject(...); } catch (...) { rethrow_with_context("step cut: link_cut n1 san0"); }
#include <exception>
#include <string>

#include "harness/errors.hpp"

namespace harness {

[[noreturn]] inline void rethrow_with_context(const std::string& where) {
  try {
    throw;
  } catch (const Interrupted& e) {
    throw Interrupted(where + ": " + e.what());
  } catch (const TimeoutError& e) {
    throw TimeoutError(where + ": " + e.what());
  } catch (const LabError& e) {
    throw LabError(where + ": " + e.what());
  } catch (const ScenarioError& e) {
    throw ScenarioError(where + ": " + e.what());
  } catch (const UsageError& e) {
    throw UsageError(where + ": " + e.what());
  } catch (const Error& e) {
    throw Error(where + ": " + e.what());
  } catch (const std::exception& e) {
    throw Error(where + ": internal error: " + e.what());
  }
}

}  // namespace harness
