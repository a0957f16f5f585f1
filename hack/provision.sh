#!/usr/bin/env bash
# Provides what the tests and the demo need from outside the JVM, when it is missing:
#
#   k8s          kube-apiserver, etcd and kubectl for kube-api-test, and kube-controller-manager, which the tests
#                start next to the API server, of the release the tests run (K8S_VERSION), in
#                ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-<os>-<arch>/. With Go >= 1.24 on the PATH they are
#                built from source by hack/k8s-test-binaries.sh (through the Go module proxy); without Go,
#                kube-api-test downloads them when the first test starts, which needs internet access.
#                Beside them, the CSI snapshot-controller and its three VolumeSnapshot CRDs (hack/snapshot-controller.sh,
#                same Go requirement), which VolumeSnapshotIT starts.
#   k8s-minimum  kube-apiserver of the oldest release the chart supports (K8S_MINIMUM_VERSION), for the CRD admission
#                checks on it, with the first part's etcd and kubectl linked beside it (see k8s_minimum).
#   prometheus   /usr/bin/prometheus and /usr/bin/promtool (Debian's prometheus package, installed with apt-get when
#                running as root or with password-less sudo).
#
# ./mvnw verify runs "hack/provision.sh k8s k8s-minimum prometheus" before the tests (not with -DskipTests);
# ./demo.sh runs "hack/provision.sh k8s". When nothing is missing it prints one line per part and returns at once.
#
# Environment: K8S_VERSION (default 1.34.4), K8S_MINIMUM_VERSION (default 1.29.15), KUBE_API_TEST_DIR (default
# ~/.kubeapitest).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[provision] %s\n' "$*"; }

# The version of the local Go toolchain when it is >= 1.24 (what Kubernetes 1.34 needs); fails otherwise.
usable_go() {
  command -v go >/dev/null 2>&1 || return 1
  local v major minor
  v=$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null) || return 1
  v=${v#go}
  major=${v%%.*}
  minor=${v#*.}
  minor=${minor%%[!0-9]*}
  [[ $major =~ ^[0-9]+$ && $minor =~ ^[0-9]+$ ]] || return 1
  ((major > 1 || (major == 1 && minor >= 24))) || return 1
  echo "go$v"
}

# build_k8s VERSION "BINARIES" DESCRIPTION [KUBECTL [ETCD]]: builds what is missing of BINARIES for VERSION; KUBECTL
# and ETCD, when given, are linked in as kubectl and etcd (kube-api-test wants both beside every API server).
build_k8s() {
  local version=${1#v} binaries=$2 what=$3 kubectl=${4:-} etcd=${5:-} arch b missing=0
  case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
  local dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$version-linux-$arch"
  for b in $binaries ${kubectl:+kubectl} ${etcd:+etcd}; do
    [[ -x $dir/$b ]] || missing=1
  done
  if ((missing == 0)); then
    say "Kubernetes test binaries $version: present in $dir"
    return 0
  fi

  local go_version
  if ! go_version=$(usable_go); then
    say "Kubernetes test binaries $version are missing from $dir and there is no Go >= 1.24 to build them:"
    say "kube-api-test will download them from the internet when it first starts."
    return 0
  fi

  mkdir -p target
  local log
  log=$(mktemp target/k8s-test-binaries.XXXXXX.log)
  say "building $binaries $version from source with $go_version (Go module proxy)"
  say "$what"
  say "full log: $log"
  # Own process group, so an interrupted run stops the whole build (go and its compilers) with it.
  set -m
  K8S_BINARIES=$binaries KUBECTL=$kubectl ETCD=$etcd hack/k8s-test-binaries.sh "$version" >"$log" 2>&1 &
  local pid=$!
  set +m
  trap 'kill -TERM -- "-$pid" 2>/dev/null || true' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local start=$SECONDS shown=0 next=30 lines
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    # Echo the build script's own step lines as they appear (not the hundreds of "go: downloading" lines).
    lines=$(grep -ac '^\[k8s-test-binaries\]' "$log" || true)
    if ((lines > shown)); then
      grep -a '^\[k8s-test-binaries\]' "$log" | tail -n "+$((shown + 1))" | sed 's/^/    /'
      shown=$lines
    fi
    if ((SECONDS - start >= next)); then
      say "still building… $((SECONDS - start))s"
      next=$((next + 30))
    fi
  done
  local status=0
  wait "$pid" || status=$?
  trap - INT TERM EXIT
  grep -a '^\[k8s-test-binaries\]' "$log" | tail -n "+$((shown + 1))" | sed 's/^/    /' || true
  if ((status != 0)); then
    tail -n 20 "$log" | sed 's/^/    /'
    say "building the Kubernetes test binaries failed (exit $status; full log: $log)."
    say "kube-api-test will try to download them from the internet when it first starts."
    return 0
  fi
  say "Kubernetes test binaries $version: built in $((SECONDS - start))s into $dir"
}

default_version() { local v=${K8S_VERSION:-1.34.4}; echo "${v#v}"; }

# The release every test, the demo and the benchmarks run: API server, etcd, kubectl, controller manager; and the
# snapshot-controller with its CRDs.
k8s() {
  build_k8s "$(default_version)" "kube-apiserver etcd kubectl kube-controller-manager" \
    "first time on 2 cores: about 5 to 9 minutes (297 s measured with nothing cached on a quiet machine, 528 s on an earlier one); again for the same release with Go's build cache warm: about 20 s"
  build_snapshot_controller "$(default_version)"
}

# build_snapshot_controller VERSION: the snapshot-controller and its CRDs into VERSION's directory, when missing.
build_snapshot_controller() {
  local version=$1 arch
  case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
  local dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$version-linux-$arch"
  if [[ -x $dir/snapshot-controller && -d $dir/snapshot-crds ]]; then
    say "snapshot-controller: present in $dir"
    return 0
  fi
  if [[ ! -d $dir ]] || ! usable_go >/dev/null; then
    say "snapshot-controller is missing from $dir and cannot be built here (needs the Kubernetes binaries and Go >= 1.24):"
    say "VolumeSnapshotIT will fail until hack/snapshot-controller.sh has run."
    return 0
  fi
  mkdir -p target
  local log start=$SECONDS status=0
  log=$(mktemp target/snapshot-controller.XXXXXX.log)
  say "building the CSI snapshot-controller and copying its CRDs (Go module proxy); full log: $log"
  say "right after the Kubernetes build of the same release: about 15 s (6 s measured on a quiet machine, 15 s at load 13: its k8s.io and other"
  say "shared packages come from that build's Go cache); with an empty Go build cache about 5 minutes (319 s measured at load 9)"
  set -m
  hack/snapshot-controller.sh "$version" >"$log" 2>&1 &
  local pid=$!
  set +m
  trap 'kill -TERM -- "-$pid" 2>/dev/null || true' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local next=30
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if ((SECONDS - start >= next)); then
      say "still building the snapshot-controller… $((SECONDS - start))s"
      next=$((next + 30))
    fi
  done
  wait "$pid" || status=$?
  trap - INT TERM EXIT
  grep -a '^\[snapshot-controller\]' "$log" | sed 's/^/    /' || true
  if ((status != 0)); then
    tail -n 20 "$log" | sed 's/^/    /'
    say "building the snapshot-controller failed (exit $status; full log: $log); VolumeSnapshotIT will fail."
    return 0
  fi
  say "snapshot-controller: built in $((SECONDS - start))s into $dir"
}

# The oldest release the chart supports, for the CRD admission checks only: its API server; kubectl and etcd are the
# default release's, linked in. kubectl: the checks run "kubectl get" only, whose columns the API server computes.
# etcd: hack/k8s-test-binaries.sh builds the same etcd (ETCD_VERSION, v3.6.5) for every release, so a second build
# would only relink a byte-identical binary; a 1.29 API server talks to it through the etcd v3 API as to the 3.5 it
# shipped with (CrdAdmissionOnMinimumKubernetesIT runs on it).
k8s_minimum() {
  local arch
  case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
  local default_dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$(default_version)-linux-$arch"
  local kubectl=$default_dir/kubectl etcd=$default_dir/etcd binaries="kube-apiserver"
  [[ -x $kubectl ]] || kubectl=""
  [[ -x $etcd ]] || { etcd="" && binaries="kube-apiserver etcd"; }
  build_k8s "${K8S_MINIMUM_VERSION:-1.29.15}" "$binaries" \
    "first time on 2 cores: about 4 to 5 minutes on a quiet machine (215 s, 228 s and 326 s measured; none of it is in the default release's Go cache)" \
    "$kubectl" "$etcd"
}

prometheus() {
  if [[ -x /usr/bin/prometheus && -x /usr/bin/promtool ]]; then
    say "Prometheus: present ($(/usr/bin/promtool --version 2>&1 | head -1))"
    return 0
  fi
  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      sudo=(none)
    fi
  fi
  if [[ ${sudo[0]:-} == none ]] || ! command -v apt-get >/dev/null 2>&1; then
    say "ERROR: the tests need Prometheus (/usr/bin/prometheus and /usr/bin/promtool), which is not installed, and"
    say "this build cannot install it (that needs apt-get and root or password-less sudo). Install it once with:"
    say "    sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus"
    return 1
  fi
  mkdir -p target
  local log start=$SECONDS
  log=$(mktemp target/apt-prometheus.XXXXXX.log)
  say "installing Debian's prometheus package (prometheus, promtool) with apt-get; log: $log"
  if ! { "${sudo[@]}" apt-get update -q \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o DPkg::Lock::Timeout=300 prometheus; } >"$log" 2>&1; then
    tail -n 20 "$log" | sed 's/^/    /'
    say "ERROR: installing prometheus with apt-get failed (full log: $log)"
    return 1
  fi
  [[ -x /usr/bin/prometheus && -x /usr/bin/promtool ]] \
    || { say "ERROR: the prometheus package did not install /usr/bin/prometheus and /usr/bin/promtool"; return 1; }
  say "Prometheus: installed in $((SECONDS - start))s ($(/usr/bin/promtool --version 2>&1 | head -1))"
}

parts=("$@")
((${#parts[@]} > 0)) || parts=(k8s prometheus)
for part in "${parts[@]}"; do
  case "$part" in
    k8s) k8s ;;
    k8s-minimum) k8s_minimum ;;
    prometheus) prometheus ;;
    *)
      say "unknown part '$part' (expected k8s, k8s-minimum or prometheus)"
      exit 2
      ;;
  esac
done
