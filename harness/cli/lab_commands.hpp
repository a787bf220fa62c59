#pragma once
// `harness lab up|down|status|list|ssh`, `harness cleanup` and `harness image build|list`.
// They share drivers/libvirt with `harness run`; add_lab_commands() is declared in
// cli_context.hpp and registers them all.
#include <string>
#include <vector>

#include "harness/cli/cli_context.hpp"

namespace harness {

// The libvirt URI of a lab command: --libvirt-uri if given, else qemu:///system.
std::string lab_uri(const CliContext& ctx);

// Runs argv with the terminal's stdin/stdout/stderr and returns its exit status (128+signal if
// killed): `harness lab ssh NODE -- CMD` exits with the command's status.
int run_inheriting_stdio(const std::vector<std::string>& argv);

}  // namespace harness
