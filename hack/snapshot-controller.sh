#!/usr/bin/env bash
# Builds the CSI snapshot-controller (github.com/kubernetes-csi/external-snapshotter, cmd/snapshot-controller) and
# installs it, with the three VolumeSnapshot CRDs of the same release, beside the Kubernetes test binaries:
#
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<k8s version>-<os>-<arch>/snapshot-controller
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<k8s version>-<os>-<arch>/snapshot-crds/*.yaml
#
# The tests start it next to the API server and the controller manager, so that VolumeSnapshots are handled by the
# controller clusters really run. Source comes through the Go module proxy (GOPROXY): the snapshotter module
# (github.com/kubernetes-csi/external-snapshotter/v8) and its client module, whose config/crd holds the CRDs.
#
# It is built from a wrapper module that starts from the go.mod of the Kubernetes build of the same release
# (hack/k8s-test-binaries.sh, which runs first) and adds the snapshotter, from a copy whose go.mod asks for the modules
# both use at the versions that build selected (v8.4.0 asks for the k8s.io modules at v0.34.0 and golang.org/x one
# minor newer; the release pins v0.34.4 and older golang.org/x). The go command keys a compiled package by its
# module's path@version, source and flags, so about 600 of the controller's ~700 packages (apimachinery, client-go,
# ...) then come from the Go build cache instead of being compiled a second time. VolumeSnapshotIT runs the controller
# built so. The client module comes published (the snapshotter's go.mod points it at ./client, which a module download
# does not contain).
#
# Usage: hack/snapshot-controller.sh [K8S_VERSION]
#
# Environment:
#   K8S_VERSION                the Kubernetes release directory to install into (default 1.34.4).
#   SNAPSHOTTER_VERSION        external-snapshotter release (default v8.4.0: built against Kubernetes 0.34 modules).
#   KUBE_API_TEST_DIR          default ~/.kubeapitest.
#   K8S_TEST_BINARIES_WORKDIR  where the build copy lives (default ${XDG_CACHE_HOME:-~/.cache}/k8s-test-binaries).
#   FORCE=1                    rebuild even when installed.
#
# Idempotent: exits early when the binary and the CRDs are installed.
set -euo pipefail

start_seconds=${SECONDS}
log() { printf '[snapshot-controller] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

k8s_version="${1:-${K8S_VERSION:-1.34.4}}"
k8s_version="${k8s_version#v}"
snapshotter_version="${SNAPSHOTTER_VERSION:-v8.4.0}"
snapshotter_version="v${snapshotter_version#v}"
[[ "${snapshotter_version}" =~ ^v8\.[0-9]+\.[0-9]+$ ]] || die "SNAPSHOTTER_VERSION must look like v8.4.0"
command -v go >/dev/null 2>&1 || die "go is not on PATH"

case "$(uname -s)" in Linux) goos=linux ;; Darwin) goos=darwin ;; *) die "unsupported OS $(uname -s)" ;; esac
case "$(uname -m)" in x86_64 | amd64) goarch=amd64 ;; aarch64 | arm64) goarch=arm64 ;; *) die "unsupported $(uname -m)" ;; esac

target_dir="${KUBE_API_TEST_DIR:-${HOME}/.kubeapitest}/k8s/${k8s_version}-${goos}-${goarch}"
crd_names=(snapshot.storage.k8s.io_volumesnapshotclasses.yaml snapshot.storage.k8s.io_volumesnapshotcontents.yaml
  snapshot.storage.k8s.io_volumesnapshots.yaml)

installed() {
  [[ -x "${target_dir}/snapshot-controller" ]] || return 1
  local c
  for c in "${crd_names[@]}"; do [[ -f "${target_dir}/snapshot-crds/${c}" ]] || return 1; done
}
if [[ "${FORCE:-0}" != "1" ]] && installed; then
  log "present in ${target_dir}; nothing to do (FORCE=1 rebuilds)"
  exit 0
fi
[[ -d "${target_dir}" ]] || die "${target_dir} does not exist: build the Kubernetes test binaries first"

work_root="${K8S_TEST_BINARIES_WORKDIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/k8s-test-binaries}"
mkdir -p "${work_root}"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOOS="${goos}" GOARCH="${goarch}"

module_dir() { (cd "${work_root}" && GOFLAGS= go mod download -json "$1" | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p'); }

log "external-snapshotter ${snapshotter_version}; go: $(go version)"
log "downloading github.com/kubernetes-csi/external-snapshotter/v8@${snapshotter_version} and its client module ..."
src="$(module_dir "github.com/kubernetes-csi/external-snapshotter/v8@${snapshotter_version}")"
client="$(module_dir "github.com/kubernetes-csi/external-snapshotter/client/v8@${snapshotter_version}")"
[[ -d "${src}/cmd/snapshot-controller" ]] || die "no cmd/snapshot-controller in ${src}"
for c in "${crd_names[@]}"; do [[ -f "${client}/config/crd/${c}" ]] || die "no ${c} in ${client}/config/crd"; done

# The wrapper module (the module cache is read-only, so the snapshotter comes as a writable copy).
export GOFLAGS="-mod=mod -buildvcs=false -trimpath"
kube_wrapper="${work_root}/kubernetes-${k8s_version}"
build_dir="${work_root}/snapshot-controller-${snapshotter_version#v}-k8s-${k8s_version}"
if [[ ! -f "${build_dir}/.prepared" ]]; then
  rm -rf "${build_dir}"
  mkdir -p "${build_dir}"
  cp -r "${src}" "${build_dir}/snapshotter"
  chmod -R u+w "${build_dir}/snapshotter"
  if [[ -f "${kube_wrapper}/go.mod" ]]; then
    cp "${kube_wrapper}/go.mod" "${kube_wrapper}/go.sum" "${build_dir}/"
    (cd "${build_dir}" && go mod edit -module k8s-test-binaries/snapshot-controller)
    # The snapshotter's requirements of modules the Kubernetes build also uses, at that build's versions.
    lowered=()
    while read -r m v; do lowered+=("-require=${m}@${v}"); done < <(
      join <(cd "${build_dir}/snapshotter" && go mod edit -json | sed -nE 's/^[[:space:]]*"Path": "([^"]+)",?$/\1/p' | sort -u) \
        <(cd "${kube_wrapper}" && go list -m -f '{{.Path}} {{.Version}}' all | sort -u))
    ((${#lowered[@]} == 0)) || (cd "${build_dir}/snapshotter" && go mod edit "${lowered[@]}")
    log "${#lowered[@]} of the snapshotter's requirements at the Kubernetes ${k8s_version} build's versions (shared compiled packages)"
  else
    log "no ${kube_wrapper}/go.mod: the snapshotter's own module versions, nothing shared with a Kubernetes build"
    printf 'module k8s-test-binaries/snapshot-controller\n\ngo %s\n' \
      "$(cd "${build_dir}/snapshotter" && go mod edit -json | sed -nE 's/^[[:space:]]*"Go": "([^"]+)",?$/\1/p')" \
      >"${build_dir}/go.mod"
  fi
  (cd "${build_dir}" && go mod edit \
    -require "github.com/kubernetes-csi/external-snapshotter/v8@${snapshotter_version}" \
    -replace "github.com/kubernetes-csi/external-snapshotter/v8=./snapshotter" \
    -replace "github.com/kubernetes-csi/external-snapshotter/client/v8=github.com/kubernetes-csi/external-snapshotter/client/v8@${snapshotter_version}")
  touch "${build_dir}/.prepared"
fi

staging="$(mktemp -d "${target_dir}/../.staging-snapshot-controller.XXXXXX")"
trap 'rm -rf "${staging}"' EXIT
log "building cmd/snapshot-controller ..."
t0=${SECONDS}
(cd "${build_dir}" && go build -ldflags="-s -w -X main.version=${snapshotter_version}" \
  -o "${staging}/snapshot-controller" github.com/kubernetes-csi/external-snapshotter/v8/cmd/snapshot-controller)
log "built snapshot-controller in $((SECONDS - t0))s"
"${staging}/snapshot-controller" --help >/dev/null 2>&1 || die "snapshot-controller --help failed"
mkdir -p "${staging}/snapshot-crds"
for c in "${crd_names[@]}"; do cp "${client}/config/crd/${c}" "${staging}/snapshot-crds/"; done
chmod -R u+w,go+rX "${staging}/snapshot-crds"

rm -rf "${target_dir}/snapshot-crds"
mv "${staging}/snapshot-crds" "${target_dir}/snapshot-crds"
mv -f "${staging}/snapshot-controller" "${target_dir}/snapshot-controller"
log "installed ${target_dir}/snapshot-controller and ${target_dir}/snapshot-crds/ (${#crd_names[@]} CRDs)"
log "done in $((SECONDS - start_seconds))s"
