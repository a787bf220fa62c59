#pragma once
// Disk placement through libvirt storage: every file a domain opens (overlays, data and config
// disks, kernel, initrd, console log) lives in a storage pool of the URI's host, so the same
// code works for qemu:///system and qemu+ssh://host/system. Two kinds of pools:
//   - the run's pool "h-<tag>-pool" (type dir, <root>/pools/<tag>): pools take no <metadata>,
//     so the tag in the name plus lab.json (which records the name) decide ownership;
//   - a shared, read-only image pool "harness-img-<hash12>" per image: for a local URI it is
//     the image cache directory itself, for a remote one the image is uploaded once.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <libvirt/libvirt.h>

#include "drivers/image/image.hpp"
#include "drivers/libvirt/virt_ptr.hpp"

namespace harness::lab {

struct PoolFreer { void operator()(virStoragePoolPtr p) const noexcept { virStoragePoolFree(p); } };
struct VolFreer { void operator()(virStorageVolPtr p) const noexcept { virStorageVolFree(p); } };
using PoolPtr = std::unique_ptr<virStoragePool, PoolFreer>;
using VolPtr = std::unique_ptr<virStorageVol, VolFreer>;

// Names and paths.
std::string run_pool_name(const std::string& tag);         // h-<tag>-pool
std::string image_pool_name(const std::string& hash);      // harness-img-<hash12>
// The directory of a run's pool on the URI's host: <state>/pools/<tag> locally (the harness's
// own state dir), /var/lib/harness/pools/<tag> on a remote host.
std::string run_pool_dir(const std::string& uri, const std::string& tag);
// The tag of a run pool name, if it is one ("h-<6 hex>-pool").
std::optional<std::string> tag_of_pool_name(const std::string& name);

// <pool type='dir'> XML, and <volume> XML (capacity in bytes; a backing store makes it an
// overlay of `backing_path`, read by `backing_format`).
std::string pool_xml(const std::string& name, const std::string& path);
struct VolumeXmlParams {
  std::string name;
  std::string format = "raw";        // raw | qcow2
  std::uint64_t capacity = 0;        // bytes
  std::uint64_t allocation = 0;      // bytes (0: sparse)
  std::string backing_path;          // empty: no backing store
  std::string backing_format = "qcow2";
};
std::string volume_xml(const VolumeXmlParams& p);

// Defines, builds and starts a dir pool (or starts the existing one of that name).
PoolPtr ensure_pool(const virt::Connection& conn, const std::string& name, const std::string& path);
// Creates a volume in `pool` (an existing volume of that name is deleted first: a run's names
// are its own). Returns the volume.
VolPtr create_volume(const virt::Connection& conn, virStoragePoolPtr pool, const VolumeXmlParams& p);
// Sends the local file's bytes into `vol` through a virStream (virStorageVolUpload).
void upload_file(const virt::Connection& conn, virStorageVolPtr vol, const std::filesystem::path& file);
// Creates a raw volume the size of `file` and uploads it; returns the volume's path on the host.
std::string upload_volume(const virt::Connection& conn, virStoragePoolPtr pool,
                          const std::string& name, const std::filesystem::path& file);
std::string volume_path(const virt::Connection& conn, virStorageVolPtr vol);

// The image on the URI's host: paths of its disk, kernel and initrd there.
struct HostImage {
  std::string pool, disk, kernel, initrd;
  std::uint64_t disk_virtual_size = 0;   // bytes, from the local qcow2 header
};
HostImage ensure_image_pool(const virt::Connection& conn, const ImageInfo& image, bool local_uri,
                            const std::function<void(const std::string&)>& say);

// The virtual size in a qcow2 header (bytes 24..31, big-endian); throws if not a qcow2.
std::uint64_t qcow2_virtual_size(const std::filesystem::path& file);

// Removes the run pool `name` with its volumes, only if the name carries `tag`. Returns
// "" when removed or absent, else why not (skipped: a reason starting with "skipped:").
std::string remove_run_pool(const virt::Connection& conn, const std::string& name,
                            const std::string& tag);

}  // namespace harness::lab
