#!/usr/bin/env bash
# Runs the command sequences rds-operator sends for volumes and snapshots against a real RDS, and prints every command
# with its output and exit status, so that each can be compared with the simulator and kept as a fixture
# (docs/snapshots.md says where to send it).
#
#   hack/rds-conformance.sh [--write] [--port N] [--base /storage-pool/dir] [--fs NAME] [--prefix NAME] user@host
#
# Without --write only print commands run (identity, version, packages, the filesystem of --base, its subvolumes and
# files): nothing on the RDS changes. With --write it also makes, under names starting with --prefix (default
# rdsconf-<random>): a subvolume, a 16 MiB file disk in it (not exported), a read-only snapshot, a writable snapshot
# of that snapshot, a disk attached to the image the writable snapshot holds, a remove of a subvolume a disk still
# uses (the volume's, while its disk is there); then it removes everything it made (also when a step fails) and prints
# what is left. It logs in as the operator does, user+cet512w (no colours, no terminal detection, 512 columns), with a
# key ssh-agent or ~/.ssh offers.
#
# Environment: SSH_OPTS (extra ssh options, e.g. "-i ~/.ssh/rds -o StrictHostKeyChecking=yes").
set -uo pipefail

write=false
port=22
base=/storage-pool/kubernetes-volumes
fs=""
prefix="rdsconf-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
while [[ $# -gt 1 ]]; do
  case "$1" in
    --write) write=true; shift ;;
    --port) port="$2"; shift 2 ;;
    --base) base="${2%/}"; shift 2 ;;
    --fs) fs="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $# -eq 1 ]] || { sed -n '6p' "$0" >&2; exit 2; }
target="$1"
user="${target%@*}"
host="${target#*@}"
[[ "$user" == *+* ]] || user="${user}+cet512w"
# Names go onto the RouterOS command line: the same allow-lists as the operator's.
[[ "$base" =~ ^(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}){1,15}$ ]] || { echo "--base not allowed: $base" >&2; exit 2; }
[[ "$prefix" =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]] || { echo "--prefix not allowed: $prefix" >&2; exit 2; }
mount="${base#/}"; mount="${mount%%/*}"
fs="${fs:-$mount}"
[[ "$fs" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$ ]] || { echo "--fs not allowed: $fs" >&2; exit 2; }
inner="${base#/"$mount"}"; inner="${inner#/}"
sub() { [[ -n "$inner" ]] && echo "$inner/$1" || echo "$1"; }

step=0
run() {
  step=$((step + 1))
  printf '### %02d %s\n' "$step" "$1"
  # shellcheck disable=SC2086
  ssh -p "$port" $SSH_OPTS -o BatchMode=yes "$user@$host" "$1" 2>&1 | cat -A | sed 's/\$$//'
  printf '### exit %s\n\n' "${PIPESTATUS[0]}"
}
SSH_OPTS="${SSH_OPTS:-}"

echo "# rds-conformance $(date -u +%FT%TZ) host=$host base=$base fs=$fs prefix=$prefix write=$write"
echo "# lines as received; cat -A marks CR as ^M and tabs as ^I"
run '/system identity print'
run '/system resource print'
run '/system package print'
run "/disk print detail where mount-point=\"$mount\""
run '/disk/btrfs/subvolume/print detail'
run "/file print detail where name~\"^${base#/}/\""
run "/disk print detail where slot=\"$prefix-none\""
run "/disk remove [find slot=\"$prefix-none\" and type=file and comment=\"rds-conformance\"]"

$write || exit 0

vol=$(sub "$prefix-vol"); snap=$(sub "$prefix-snap"); clone=$(sub "$prefix-clone")
image="/$mount/$vol/$prefix-vol.img"
copied="/$mount/$clone/$prefix-vol.img"
cleanup() {
  echo "# cleanup"
  run "/disk remove [find slot=\"$prefix-clone\" and type=file and comment=\"rds-conformance\"]"
  run "/disk remove [find slot=\"$prefix-vol\" and type=file and comment=\"rds-conformance\"]"
  run "/file remove [find name=\"${copied#/}\"]"
  run "/file remove [find name=\"${image#/}\"]"
  run "/disk/btrfs/subvolume/remove [find where name=\"$clone\"]"
  run "/disk/btrfs/subvolume/remove [find where name=\"$snap\"]"
  run "/disk/btrfs/subvolume/remove [find where name=\"$vol\"]"
  run "/disk print detail where slot~\"^$prefix-\""
  run "/disk/btrfs/subvolume/print detail where name~\"$prefix-\""
}
trap cleanup EXIT

echo "# a volume in a subvolume of its own"
run "/disk/btrfs/subvolume/add fs=\"$fs\" name=\"$vol\""
run "/disk/btrfs/subvolume/print detail where name=\"$vol\""
run "/disk add type=file file-path=\"$image\" file-size=16M slot=\"$prefix-vol\" nvme-tcp-export=no mount-filesystem=no comment=\"rds-conformance\""
run "/disk print detail where slot=\"$prefix-vol\""
run "/file print detail where name=\"${image#/}\""
echo "# a read-only snapshot, then a writable snapshot of it"
run "/disk/btrfs/subvolume/add read-only=yes parent=\"$vol\" fs=\"$fs\" name=\"$snap\""
run "/disk/btrfs/subvolume/print detail where name=\"$snap\""
run "/disk/btrfs/subvolume/add parent=\"$snap\" fs=\"$fs\" name=\"$clone\""
run "/disk/btrfs/subvolume/print detail where name=\"$clone\""
run "/file print detail where name~\"^${copied#/}\""
echo "# attach a disk to the image the writable snapshot holds (does /disk add keep an existing file?)"
run "/disk add type=file file-path=\"$copied\" file-size=16M slot=\"$prefix-clone\" nvme-tcp-export=no mount-filesystem=no comment=\"rds-conformance\""
run "/disk print detail where slot=\"$prefix-clone\""
run "/disk set [find slot=\"$prefix-clone\" and type=file and comment=\"rds-conformance\"] file-size=32M"
run "/disk print detail where slot=\"$prefix-clone\""
echo "# errors"
run "/disk/btrfs/subvolume/remove [find where name=\"$vol\"]"
run "/disk/btrfs/subvolume/print detail where name=\"$vol\""
run "/disk print detail where slot=\"$prefix-vol\""
run "/disk/btrfs/subvolume/add fs=\"$fs\" name=\"$vol\""
run "/disk/btrfs/subvolume/add name=\"$prefix-nofs\""
run "/disk/btrfs/subvolume/add fs=\"$prefix-nofs\" name=\"$prefix-nofs\""
run "/disk/btrfs/subvolume/add parent=\"$prefix-none\" fs=\"$fs\" name=\"$prefix-noparent\""
