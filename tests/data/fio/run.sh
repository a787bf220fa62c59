# failover harness: runs fio detached (drivers/workload/fio_workload.hpp)
export LC_ALL=C
cd "$1" || exit 1
name=$2
shift 2
rm -f "$name.rc" "$name.rc.tmp"
{
  fio "$@" 2>&1 &
  echo "$!" > "$name.pid"
  wait "$!"
  echo "$?" > "$name.rc.tmp"
} | while IFS= read -r line || [ -n "$line" ]; do
  printf '%s %s\n' "${EPOCHREALTIME/./}" "$line"
done > "$name.stderr"
mv -f "$name.rc.tmp" "$name.rc"
