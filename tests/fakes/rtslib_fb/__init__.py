"""A recording stand-in for rtslib-fb, only for lio_setup_test: the classes and calls lio-setup
uses, each logged as one line to $FAKE_LOG; objects live as directories under $FAKE_CONFIGFS.
$FAKE_KERNEL=per_device numbers relative port ids per LUN export of a device, as kernel 6.1
does; anything else always gives 1 (a kernel where relinking does not advance the id)."""
import os

ROOT = os.environ["FAKE_CONFIGFS"]
PER_DEVICE = os.environ.get("FAKE_KERNEL") == "per_device"
# Linux 6.4+: the TPG holds the relative port id (tpgt_N/rtpi), the LUN's indx reads 0.
TPG_RTPI = os.environ.get("FAKE_KERNEL") == "tpg_rtpi"


class RTSLibError(Exception):
    pass


def log(*words):
    with open(os.environ["FAKE_LOG"], "a") as f:
        f.write(" ".join(str(w) for w in words) + "\n")


def mkdir(path):
    os.makedirs(path, exist_ok=True)
    return path


class RTSRoot:
    # Beside the configfs stand-in, as /etc/rtslib-fb-target is beside /sys/kernel/config.
    dbroot = os.path.join(os.path.dirname(ROOT), "dbroot")

    def clear_existing(self, confirm=False):
        log("clear", confirm)


class BlockStorageObject:
    def __init__(self, name, dev=None, wwn=None):
        self.path = mkdir(f"{ROOT}/core/iblock_0/{name}")
        self.wwn = wwn
        self.exports = 0
        log("backstore", name, dev, wwn)


class FabricModule:
    def __init__(self, name):
        self.name = name


class Target:
    def __init__(self, fabric, wwn):
        self.path = f"{ROOT}/{fabric.name}/{wwn}"
        log("target", wwn)


class TPG:
    def __init__(self, target, tag):
        self.path = mkdir(f"{target.path}/tpgt_{tag}")
        if TPG_RTPI:
            with open(f"{self.path}/rtpi", "w") as f:
                f.write("0x0\n")
        log("tpg", tag)

    def set_attribute(self, name, value):
        log("attribute", name, value)

    @property
    def enable(self):
        return False

    @enable.setter
    def enable(self, value):
        log("enable", value)


class LUN:
    def __init__(self, tpg, lun, storage_object):
        storage_object.exports += 1
        self.path = mkdir(f"{tpg.path}/lun/lun_{lun}")
        mkdir(f"{self.path}/statistics/scsi_port")
        with open(f"{self.path}/statistics/scsi_port/indx", "w") as f:
            f.write(f"{0 if TPG_RTPI else storage_object.exports if PER_DEVICE else 1}\n")
        log("lun", lun)

    def delete(self):
        log("lun_delete")


class NodeACL:
    def __init__(self, tpg, wwn):
        log("acl", wwn)


class MappedLUN:
    def __init__(self, acl, index, lun):
        log("mapped_lun", index)


class ALUATargetPortGroup:
    def __init__(self, storage_object, name, tag):
        self.path = mkdir(f"{storage_object.path}/alua/{name}")
        log("alua_group", name, tag)


class NetworkPortal:
    def __init__(self, tpg, ip, port):
        log("portal", ip, port)
