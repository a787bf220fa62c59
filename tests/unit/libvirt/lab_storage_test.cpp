// Storage pools and volumes of a lab: their XML, and tag-checked removal against the
// test:///default mock driver (it keeps pools and volumes in memory): a pool is removed only
// when its name carries the run's tag, whatever else its name says.
#include <gtest/gtest.h>

#include <fstream>
#include <pugixml.hpp>

#include "drivers/libvirt/lab_storage.hpp"
#include "drivers/libvirt/lab_teardown.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {
namespace {

TEST(LabStorage, PoolNamesCarryTheTag) {
  EXPECT_EQ(run_pool_name("abc123"), "h-abc123-pool");
  EXPECT_EQ(tag_of_pool_name("h-abc123-pool"), std::optional<std::string>("abc123"));
  EXPECT_FALSE(tag_of_pool_name("h-abc123-n1"));       // a domain name, not a pool
  EXPECT_FALSE(tag_of_pool_name("h-xyz-pool"));        // no valid tag
  EXPECT_FALSE(tag_of_pool_name("default-pool"));
  EXPECT_EQ(image_pool_name("33c2d78b95520123456789"), "harness-img-33c2d78b9552");
  EXPECT_EQ(run_pool_dir("qemu+ssh://root@h/system", "abc123"), "/var/lib/harness/pools/abc123");
}

TEST(LabStorage, PoolXmlIsADirPoolWithEscapedPath) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(pool_xml("h-abc123-pool", "/var/lib/harness/pools/a<b").c_str()));
  auto pool = doc.child("pool");
  EXPECT_STREQ(pool.attribute("type").value(), "dir");
  EXPECT_STREQ(pool.child_value("name"), "h-abc123-pool");
  EXPECT_STREQ(pool.child("target").child_value("path"), "/var/lib/harness/pools/a<b");
  EXPECT_STREQ(pool.child("target").child("permissions").child_value("mode"), "0755");
}

TEST(LabStorage, OverlayVolumeXmlNamesItsBackingStore) {
  VolumeXmlParams p;
  p.name = "n1-root.qcow2";
  p.format = "qcow2";
  p.capacity = 4ull << 30;
  p.backing_path = "/var/lib/harness/pools/img-0123456789ab/root.qcow2";
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(volume_xml(p).c_str()));
  auto vol = doc.child("volume");
  EXPECT_STREQ(vol.child_value("name"), "n1-root.qcow2");
  EXPECT_STREQ(vol.child("capacity").attribute("unit").value(), "bytes");
  EXPECT_STREQ(vol.child_value("capacity"), "4294967296");
  EXPECT_STREQ(vol.child("target").child("format").attribute("type").value(), "qcow2");
  EXPECT_STREQ(vol.child("backingStore").child_value("path"), p.backing_path.c_str());
  EXPECT_STREQ(vol.child("backingStore").child("format").attribute("type").value(), "qcow2");

  VolumeXmlParams raw;
  raw.name = "n1-data.raw";
  raw.capacity = 1 << 20;
  ASSERT_TRUE(doc.load_string(volume_xml(raw).c_str()));
  EXPECT_FALSE(doc.child("volume").child("backingStore"));
  EXPECT_STREQ(doc.child("volume").child("target").child("format").attribute("type").value(), "raw");
}

TEST(LabStorage, Qcow2VirtualSizeComesFromTheHeader) {
  std::string path = ::testing::TempDir() + "/lab_storage_header.qcow2";
  {
    std::ofstream out(path, std::ios::binary);
    unsigned char h[32] = {'Q', 'F', 'I', 0xfb, 0, 0, 0, 3};
    h[28] = 0x01;  // bytes 24..31 = 0x0000000001000000 = 16 MiB
    out.write(reinterpret_cast<const char*>(h), sizeof h);
  }
  EXPECT_EQ(qcow2_virtual_size(path), 16u << 20);
  std::ofstream(path, std::ios::binary) << "not a qcow2 image at all, really not";
  EXPECT_THROW(qcow2_virtual_size(path), LabError);
}

TEST(LabStorage, VolumesInARunPoolOnTheMock) {
  auto conn = virt::Connection::open("test:///default");
  auto pool = ensure_pool(conn, "h-abc123-pool", "/nonexistent-harness/pools/abc123");
  EXPECT_EQ(virStoragePoolIsActive(pool.get()), 1);
  VolumeXmlParams data;
  data.name = "n1-data.raw";
  data.capacity = 1 << 20;
  auto vol = create_volume(conn, pool.get(), data);
  EXPECT_EQ(volume_path(conn, vol.get()), "/nonexistent-harness/pools/abc123/n1-data.raw");
  // A second create of the same name replaces the volume (a run's names are its own).
  EXPECT_TRUE(create_volume(conn, pool.get(), data));
  // ensure_pool is idempotent.
  EXPECT_TRUE(ensure_pool(conn, "h-abc123-pool", "/nonexistent-harness/pools/abc123"));
}

TEST(LabStorage, RemovalNeedsTheTagInThePoolName) {
  auto conn = virt::Connection::open("test:///default");
  auto mine = ensure_pool(conn, "h-abc123-pool", "/nonexistent-harness/pools/abc123");
  create_volume(conn, mine.get(), {"n1-hcfg.img", "raw", 1 << 20, 0, "", "qcow2"});
  ensure_pool(conn, "h-def456-pool", "/nonexistent-harness/pools/def456");

  // Another run's tag, and a pool that is no run pool at all: both untouched.
  EXPECT_EQ(remove_run_pool(conn, "h-def456-pool", "abc123").rfind("skipped:", 0), 0u);
  EXPECT_EQ(remove_run_pool(conn, "default-pool", "abc123").rfind("skipped:", 0), 0u);
  EXPECT_TRUE(PoolPtr(virStoragePoolLookupByName(conn.get(), "h-def456-pool")));
  EXPECT_TRUE(PoolPtr(virStoragePoolLookupByName(conn.get(), "default-pool")));

  EXPECT_EQ(remove_run_pool(conn, "h-abc123-pool", "abc123"), "");
  EXPECT_FALSE(PoolPtr(virStoragePoolLookupByName(conn.get(), "h-abc123-pool")));
  EXPECT_EQ(remove_run_pool(conn, "h-abc123-pool", "abc123"), "");  // already gone: fine
}

TEST(LabStorage, RecordedLabRemovalTakesOnlyItsTaggedPool) {
  auto conn = virt::Connection::open("test:///default");
  ensure_pool(conn, "h-abc123-pool", "/nonexistent-harness/pools/abc123");
  LabRecord rec;
  rec.run_id = "unit-run";
  rec.tag = "def456";             // the record's tag is not the pool's
  rec.pool = "h-abc123-pool";
  RemovalReport r;
  remove_recorded_lab(conn, rec, r);
  EXPECT_TRUE(PoolPtr(virStoragePoolLookupByName(conn.get(), "h-abc123-pool")));
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_NE(r.skipped[0].find("h-abc123-pool"), std::string::npos);

  rec.tag = "abc123";
  RemovalReport r2;
  remove_recorded_lab(conn, rec, r2);
  EXPECT_TRUE(r2.errors.empty()) << r2.errors.front();
  EXPECT_FALSE(PoolPtr(virStoragePoolLookupByName(conn.get(), "h-abc123-pool")));
  EXPECT_EQ(r2.removed, std::vector<std::string>{"pool h-abc123-pool"});
}

}  // namespace
}  // namespace harness::lab
