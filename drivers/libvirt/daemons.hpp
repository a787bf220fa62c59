#pragma once
// libvirt without systemd (as on CI machines): when the URI is the local system instance and
// its socket does not answer, start virtlogd, virtlockd and libvirtd (-d, no --listen) and say
// so; a host without libvirt gets a clear LabError instead of "Failed to connect socket".
#include <functional>
#include <string>
#include <string_view>

#include "harness/core/deadline.hpp"

namespace harness::lab {

// True for URIs served by the local libvirtd socket (qemu:///system, "", ...): no host part.
bool uri_is_local(std::string_view uri);

// Starts whatever of virtlogd/virtlockd/libvirtd is missing for a local URI; `say` gets one
// line per daemon started. Does nothing for remote URIs. Throws LabError if libvirt is not
// installed or the daemon does not come up before the deadline.
void ensure_libvirt_daemons(std::string_view uri, const Deadline& deadline,
                            const std::function<void(const std::string&)>& say);

// Absolute path of an installed system program (sbin and bin directories, /usr/local too), or
// "". Absolute because sshd re-executes itself and the fence shell names virsh in a file.
std::string find_system_program(const std::string& name);

// True if something accepts connections on the unix socket `path`.
bool unix_socket_answers(const std::string& path);

}  // namespace harness::lab
