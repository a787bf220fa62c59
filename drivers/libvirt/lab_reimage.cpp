// LibvirtLab as Reimageable: a node reinstalled with another cached image, as an operator
// upgrading by reinstall would (docs/UPGRADE.md). The node keeps its config disk (hostname,
// addresses, keys: the CONFIG DISK CONTRACT every recipe honours) and its data disk (DRBD's
// backing device and metadata); only the root overlay and the kernel change.
#include <fmt/format.h>

#include "drivers/libvirt/cached_image.hpp"
#include "drivers/libvirt/daemons.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

std::string LibvirtLab::image_of(const std::string& node) const {
  const RecordedNode& n = node_rec(node);
  return n.image.empty() ? lab_image() : n.image;
}

void LibvirtLab::check_image(const std::string& image) const {
  // The store's build, never $HARNESS_LAB_IMAGE: that names the lab's one image directory.
  (void)find_built_image(image);
}

void LibvirtLab::reimage(const std::string& node, const std::string& image, const Deadline& deadline) {
  deadline.check("reimage " + node);
  if (!conn_) connect(deadline);
  const std::size_t index = static_cast<std::size_t>(&node_rec(node) - rec_.nodes.data());
  RecordedNode& n = rec_.nodes[index];
  auto d = owned_domain(n.domain);
  if (!d) throw LabError(fmt::format("reimage {}: domain {} does not exist", node, n.domain));
  if (virt::Connection::domain_active(d.get()))
    throw LabError(fmt::format("reimage {}: the node is running; it must be off", node));
  // Redefining a domain keeps its name only with its UUID.
  char uuid[VIR_UUID_STRING_BUFLEN] = {};
  if (virDomainGetUUIDString(d.get(), uuid) < 0) conn_.fail("UUID of domain " + n.domain);
  ImageInfo info = find_built_image(image);
  HostImage host = ensure_image_pool(conn_, info, uri_is_local(rec_.uri), [this](const std::string& l) { say(l); });
  if (!run_pool_) run_pool_ = ensure_pool(conn_, rec_.pool, rec_.pool_dir);
  // Recorded first: from here on the snapshot no longer describes this lab, even if a step
  // below fails half-way.
  n.image = image;
  save();
  VolumeXmlParams root;
  root.name = node + "-root.qcow2";
  root.format = "qcow2";
  root.capacity = host.disk_virtual_size;
  root.backing_path = host.disk;
  create_volume(conn_, run_pool_.get(), root);  // replaces the old overlay
  DomainXmlParams params = domain_params(n, host, info.cmdline);
  params.uuid = uuid;
  conn_.define_domain(domain_xml(params));
  close_remotes();  // the old system's ssh master is gone with it
  say(fmt::format("{}: reimaged to {} ({})", node, image, info.dir.string()));
}

}  // namespace harness::lab
