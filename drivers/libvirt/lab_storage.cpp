// Storage pools and volumes of a lab (see lab_storage.hpp for why disks go through libvirt).
#include "drivers/libvirt/lab_storage.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <libvirt/virterror.h>
#include <pugixml.hpp>

#include "drivers/libvirt/lab_naming.hpp"
#include "drivers/libvirt/lab_record.hpp"
#include "drivers/libvirt/daemons.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

namespace {
std::string to_string(const pugi::xml_document& doc) {
  std::ostringstream os;
  doc.save(os, "  ", pugi::format_default | pugi::format_no_declaration);
  return os.str();
}

void text_child(pugi::xml_node parent, const char* name, const std::string& text) {
  parent.append_child(name).text().set(text.c_str());
}

VolPtr find_volume(virStoragePoolPtr pool, const std::string& name) {
  return VolPtr(virStorageVolLookupByName(pool, name.c_str()));  // null if absent
}

// A stream that is aborted unless finished: an upload failing half-way must not leave the
// daemon waiting for more bytes.
struct StreamGuard {
  virStreamPtr st;
  bool done = false;
  ~StreamGuard() {
    if (!done) virStreamAbort(st);
    virStreamFree(st);
  }
};
}  // namespace

std::string run_pool_name(const std::string& tag) { return name_prefix(tag) + "pool"; }

std::string image_pool_name(const std::string& hash) {
  return "harness-img-" + hash.substr(0, 12);
}

std::string run_pool_dir(const std::string& uri, const std::string& tag) {
  if (uri_is_local(uri)) return (state_root() / "pools" / tag).string();
  return "/var/lib/harness/pools/" + tag;  // the remote host's state root is the default one
}

std::optional<std::string> tag_of_pool_name(const std::string& name) {
  auto tag = tag_of_name(name);
  if (!tag || name != run_pool_name(*tag)) return std::nullopt;
  return tag;
}

std::string pool_xml(const std::string& name, const std::string& path) {
  pugi::xml_document doc;
  auto pool = doc.append_child("pool");
  pool.append_attribute("type") = "dir";
  text_child(pool, "name", name);
  auto target = pool.append_child("target");
  text_child(target, "path", path);
  // qemu (libvirt-qemu) must reach the files; libvirt chowns the disks themselves at start.
  auto perms = target.append_child("permissions");
  text_child(perms, "mode", "0755");
  return to_string(doc);
}

std::string volume_xml(const VolumeXmlParams& p) {
  pugi::xml_document doc;
  auto vol = doc.append_child("volume");
  text_child(vol, "name", p.name);
  auto cap = vol.append_child("capacity");
  cap.append_attribute("unit") = "bytes";
  cap.text().set(std::to_string(p.capacity).c_str());
  auto alloc = vol.append_child("allocation");
  alloc.append_attribute("unit") = "bytes";
  alloc.text().set(std::to_string(p.allocation).c_str());
  auto target = vol.append_child("target");
  target.append_child("format").append_attribute("type") = p.format.c_str();
  if (!p.backing_path.empty()) {
    auto b = vol.append_child("backingStore");
    text_child(b, "path", p.backing_path);
    b.append_child("format").append_attribute("type") = p.backing_format.c_str();
  }
  return to_string(doc);
}

PoolPtr ensure_pool(const virt::Connection& conn, const std::string& name, const std::string& path) {
  PoolPtr pool(virStoragePoolLookupByName(conn.get(), name.c_str()));
  if (!pool) {
    pool.reset(virStoragePoolDefineXML(conn.get(), pool_xml(name, path).c_str(), 0));
    if (!pool) conn.fail("define storage pool " + name);
    if (virStoragePoolBuild(pool.get(), 0) < 0) {
      std::string err = virt::last_error_message();
      virStoragePoolUndefine(pool.get());
      throw LabError(fmt::format("build storage pool {} at {}: {} (libvirt {})", name, path, err,
                                 conn.uri()));
    }
  }
  if (virStoragePoolIsActive(pool.get()) != 1 && virStoragePoolCreate(pool.get(), 0) < 0)
    conn.fail("start storage pool " + name);
  return pool;
}

VolPtr create_volume(const virt::Connection& conn, virStoragePoolPtr pool, const VolumeXmlParams& p) {
  if (auto old = find_volume(pool, p.name)) virStorageVolDelete(old.get(), 0);
  VolPtr vol(virStorageVolCreateXML(pool, volume_xml(p).c_str(), 0));
  if (!vol) conn.fail("create storage volume " + p.name);
  return vol;
}

std::string volume_path(const virt::Connection& conn, virStorageVolPtr vol) {
  char* s = virStorageVolGetPath(vol);
  if (!s) conn.fail("path of storage volume");
  std::string out(s);
  free(s);
  return out;
}

void upload_file(const virt::Connection& conn, virStorageVolPtr vol, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw LabError("cannot read " + file.string());
  std::uint64_t size = fs::file_size(file);
  StreamGuard st{virStreamNew(conn.get(), 0)};
  if (!st.st) conn.fail("new stream for " + file.string());
  if (virStorageVolUpload(vol, st.st, 0, size, 0) < 0) conn.fail("upload " + file.string());
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::size_t got = static_cast<std::size_t>(in.gcount());
    for (std::size_t off = 0; off < got;) {
      int n = virStreamSend(st.st, buf.data() + off, got - off);
      if (n < 0) conn.fail("upload " + file.string());
      off += static_cast<std::size_t>(n);
    }
  }
  if (virStreamFinish(st.st) < 0) conn.fail("finish upload of " + file.string());
  st.done = true;
}

std::string upload_volume(const virt::Connection& conn, virStoragePoolPtr pool,
                          const std::string& name, const fs::path& file) {
  VolumeXmlParams p;
  p.name = name;
  p.capacity = fs::file_size(file);
  auto vol = create_volume(conn, pool, p);
  upload_file(conn, vol.get(), file);
  return volume_path(conn, vol.get());
}

std::uint64_t qcow2_virtual_size(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::array<unsigned char, 32> h{};
  if (!in.read(reinterpret_cast<char*>(h.data()), h.size()) || h[0] != 'Q' || h[1] != 'F' ||
      h[2] != 'I' || h[3] != 0xfb)
    throw LabError(file.string() + " is not a qcow2 image");
  std::uint64_t size = 0;
  for (int i = 24; i < 32; ++i) size = (size << 8) | h[static_cast<std::size_t>(i)];
  return size;
}

HostImage ensure_image_pool(const virt::Connection& conn, const ImageInfo& image, bool local_uri,
                            const std::function<void(const std::string&)>& say) {
  HostImage out;
  out.pool = image_pool_name(image.hash.empty() ? "nohash" : image.hash);
  out.disk_virtual_size = qcow2_virtual_size(image.disk);
  // Locally the cache dir is the pool: nothing is copied. Remotely the files are uploaded once
  // per image hash and shared (read-only) by every later lab on that host.
  std::string path = local_uri ? image.dir.string()
                               : "/var/lib/harness/pools/img-" + image.hash.substr(0, 12);
  auto pool = ensure_pool(conn, out.pool, path);
  if (virStoragePoolRefresh(pool.get(), 0) < 0) conn.fail("refresh storage pool " + out.pool);
  auto place = [&](const fs::path& local) {
    std::string name = local.filename().string();
    if (auto vol = find_volume(pool.get(), name)) {
      // An upload killed half-way leaves a short volume: compare sizes before trusting it.
      virStorageVolInfo info{};
      if (local_uri || (virStorageVolGetInfo(vol.get(), &info) == 0 &&
                        info.capacity >= fs::file_size(local)))
        return volume_path(conn, vol.get());
    }
    if (local_uri) throw LabError(fmt::format("{} is not in storage pool {}", name, out.pool));
    if (say) say(fmt::format("uploading {} to {} ({} MiB)", name, conn.uri(), fs::file_size(local) >> 20));
    return upload_volume(conn, pool.get(), name, local);
  };
  out.disk = place(image.disk);
  out.kernel = place(image.kernel);
  out.initrd = place(image.initrd);
  return out;
}

std::string remove_run_pool(const virt::Connection& conn, const std::string& name,
                            const std::string& tag) {
  auto named = tag_of_pool_name(name);
  if (!named || *named != tag)
    return fmt::format("skipped: storage pool {}: its name carries no harness tag {}", name, tag);
  PoolPtr pool(virStoragePoolLookupByName(conn.get(), name.c_str()));
  if (!pool) return "";  // never created, or already gone
  // A dir pool lists every file (console logs included) as a volume once refreshed.
  if (virStoragePoolIsActive(pool.get()) == 1) {
    virStoragePoolRefresh(pool.get(), 0);
    virStorageVolPtr* vols = nullptr;
    int n = virStoragePoolListAllVolumes(pool.get(), &vols, 0);
    std::string err;
    for (int i = 0; i < n; ++i) {
      if (err.empty() && virStorageVolDelete(vols[i], 0) < 0)
        err = fmt::format("delete volume in pool {}: {}", name, virt::last_error_message());
      virStorageVolFree(vols[i]);
    }
    free(vols);
    if (!err.empty()) return err;
    if (virStoragePoolDestroy(pool.get()) < 0)
      return fmt::format("stop storage pool {}: {}", name, virt::last_error_message());
  }
  // Removes the (now empty) directory; the test driver has none and says so.
  if (virStoragePoolDelete(pool.get(), 0) < 0 && virt::last_error_code() != VIR_ERR_NO_SUPPORT)
    return fmt::format("delete storage pool {}: {}", name, virt::last_error_message());
  if (virStoragePoolIsPersistent(pool.get()) == 1 && virStoragePoolUndefine(pool.get()) < 0)
    return fmt::format("undefine storage pool {}: {}", name, virt::last_error_message());
  return "";
}

}  // namespace harness::lab
