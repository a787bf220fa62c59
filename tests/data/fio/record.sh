#!/bin/bash
# Re-records the fio outputs in this directory with the host's fio (README.md says what each
# recording is). Needs root for the tmpfs mount of the "enospc" recording. The job files and
# the runner drivers/fio/fio-run are inputs (checked against the renderer by
# tests/unit/workload/*); everything else is overwritten. Usage: tests/data/fio/record.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# As FioWorkload does: the runner detached with setsid, then wait for NAME.rc.
launch() { sh -c 'exec setsid -f bash "$1/run.sh" "$@" </dev/null >/dev/null 2>&1' sh "$@"; }
wait_rc() { while [ ! -e "$1/$2.rc" ]; do sleep 0.1; done; }
fresh() { rm -rf "$1"; mkdir -p "$1"; cp "$here/../../../drivers/fio/fio-run" "$1/run.sh"; }

# The readback iolog of the blocks written (ddir 1) in the lat logs: runs of adjacent 4 KiB
# blocks of at most 1 MiB, then 2 x 16 padding reads (render_fio_iolog does the same).
iolog() {
  local dir=$1 file=$2
  awk -F', *' '$3 == 1 { print $5 / 4096 }' "$dir"/io_lat.*.log | sort -n -u |
    awk -v f="$file" '
      function flush() { if (n) { line[++k] = sprintf("%s read %d %d", f, s * 4096, n * 4096) } }
      BEGIN { printf "fio version 2 iolog\n%s add\n%s open\n", f, f }
      { if (n && $1 == s + n && n < 256) { n++ } else { flush(); s = $1; n = 1 } }
      END { flush(); for (i = 1; i <= k; i++) print line[i];
            for (i = 0; i < 32; i++) print line[i % k + 1]; printf "%s close\n", f }'
}

save() {  # save DIR DEST FILES...
  local dir=$1 dest=$2; shift 2
  mkdir -p "$dest"
  for f in "$@"; do cp "$dir/$f" "$dest/$f"; done
}

# 1. load: 2 jobs of randwrite with verify_backlog on a file, then a clean readback, then a
#    readback after corrupting two written blocks (one header zeroed, one payload overwritten).
d=/tmp/harness-fio-load
fresh $d
cp "$here/load/load.fio" "$here/load/readback.fio" $d/
truncate -s 8M $d/target.img
launch $d load --output-format=json --output=load.json --status-interval=500ms load.fio
wait_rc $d load
iolog $d $d/target.img > $d/readback.iolog
launch $d readback --output-format=json --output=readback.json readback.fio
wait_rc $d readback
for f in json stderr rc; do mv $d/readback.$f $d/readback-ok.$f; done
zero=$(sed -n 6p $d/readback.iolog | awk '{ print $3 }')
payload=$(sed -n 20p $d/readback.iolog | awk '{ print $3 }')
dd if=/dev/zero of=$d/target.img bs=4096 seek=$((zero / 4096)) count=1 conv=notrunc status=none
printf CORRUPTED | dd of=$d/target.img bs=1 seek=$((payload + 1000)) conv=notrunc status=none
launch $d readback --output-format=json --output=readback.json readback.fio
wait_rc $d readback
save $d "$here/load" load.json load.stderr load.rc io_lat.1.log io_lat.2.log readback.iolog \
  readback-ok.json readback-ok.stderr readback-ok.rc readback.json readback.stderr readback.rc
echo "load: corrupted blocks at $zero (zeroed) and $payload (payload)"

# 2. enospc: I/O errors. A sparse 8 MiB file on a 1 MiB tmpfs: once the tmpfs is full every
#    write to a new block fails with ENOSPC (errno 28, on fio's ignore_error list).
d=/tmp/harness-fio-enospc
fresh $d
cp "$here/enospc/load.fio" $d/
mkdir -p $d/small
mount -t tmpfs -o size=1m harness-test-tmpfs $d/small
truncate -s 8M $d/small/target.img
launch $d load --output-format=json --output=load.json --status-interval=500ms load.fio
wait_rc $d load
umount $d/small
save $d "$here/enospc" load.json load.stderr load.rc io_lat.1.log

# 3. midrun: a verify failure seen by verify_backlog while the load runs: 1.5 s in, the whole
#    file is zeroed under fio (O_DIRECT), so blocks written before are read back as zeros.
d=/tmp/harness-fio-midrun
fresh $d
cp "$here/midrun/load.fio" $d/
truncate -s 4M $d/target.img
launch $d load --output-format=json --output=load.json --status-interval=500ms load.fio
sleep 1.5
dd if=/dev/zero of=$d/target.img bs=1M count=4 conv=notrunc oflag=direct status=none
wait_rc $d load
save $d "$here/midrun" load.json load.stderr load.rc io_lat.1.log

fio --version
