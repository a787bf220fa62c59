#pragma once
// Error kinds and the exit codes they map to (DESIGN.md: 0 pass, 1 check failed,
// 2 usage or scenario error, 3 lab or infrastructure error).
#include <stdexcept>
#include <string>

namespace harness {

enum class ExitCode : int { passed = 0, check_failed = 1, usage = 2, infrastructure = 3 };

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual ExitCode exit_code() const { return ExitCode::infrastructure; }
};

// Bad command line.
class UsageError : public Error {
 public:
  using Error::Error;
  ExitCode exit_code() const override { return ExitCode::usage; }
};

// Bad scenario: message is "FILE: /json/pointer: expected X, found Y".
class ScenarioError : public Error {
 public:
  using Error::Error;
  ExitCode exit_code() const override { return ExitCode::usage; }
};

// The lab, a node, a command or the host failed.
class LabError : public Error {
 public:
  using Error::Error;
};

// A step or call ran past its deadline: its own error, never a hang.
class TimeoutError : public LabError {
 public:
  using LabError::LabError;
};

// SIGINT/SIGTERM arrived; the runner unwinds heals and tears down.
class Interrupted : public Error {
 public:
  using Error::Error;
};

}  // namespace harness
