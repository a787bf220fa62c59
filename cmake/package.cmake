# `cpack -G DEB` in the build directory: failover-harness_<version>_<arch>.deb with what
# cmake/install.cmake installs, under /usr.
set(CPACK_PACKAGE_NAME failover-harness)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Fault-injection and failover test harness for highly available iSCSI storage")
set(CPACK_PACKAGE_CONTACT "failover-harness maintainers <root@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # RelWithDebInfo: the debug info would be most of the package
set(CPACK_GENERATOR DEB)
# cpack (and `make install`) would otherwise build `all` first, tests and benchmarks included;
# the package holds only the harness, so building that target first is the caller's part.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The shared libraries it links (libvirt, fmt, pugixml, libstdc++...) as dpkg-shlibdeps finds them.
find_program(HARNESS_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(HARNESS_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(STATUS "dpkg-shlibdeps not found: the .deb will declare no library dependencies")
endif()
# The lab it drives and the guests' image build: recommended, since `validate`, `list` and
# `report` run without them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
  "libvirt-daemon-system, libvirt-clients, libvirt-daemon-driver-qemu, qemu-system-x86, qemu-utils, mmdebstrap, e2fsprogs, dnsmasq-base, iproute2, openssh-client, openssh-server, procps, jq")

include(CPack)
