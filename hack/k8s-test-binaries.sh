#!/usr/bin/env bash
# Builds the Kubernetes test binaries (kube-apiserver, etcd, kubectl) that
# fabric8 kube-api-test (io.fabric8:kube-api-test) starts, and installs them
# where kube-api-test looks for them:
#
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-<os>-<arch>/{kube-apiserver,etcd,kubectl}
#
# It also builds kube-controller-manager from the same release into the same
# directory: kube-api-test starts none, and the tests start it next to the API
# server so that its PersistentVolume controllers bind claims.
#
# e.g. ~/.kubeapitest/k8s/1.34.4-linux-amd64/. The CSI snapshot-controller and its CRDs go into the same
# directory by hack/snapshot-controller.sh (hack/provision.sh runs both). The version in the directory
# name has no leading "v" (kube-api-test sorts these names numerically).
#
# The official download sites are not needed: everything is built from
# source fetched through the Go module proxy (GOPROXY), with the local Go
# toolchain. kube-apiserver and kubectl come from k8s.io/kubernetes, etcd from
# go.etcd.io/etcd/server/v3, each through a small wrapper module kept in a
# work directory outside the repository.
#
# Usage: hack/k8s-test-binaries.sh [K8S_VERSION]
#
# Environment:
#   K8S_VERSION        Kubernetes release to build (default 1.34.4; "v" optional).
#                      The first argument wins over this variable.
#   ETCD_VERSION       etcd release to build (default v3.6.5, the etcd that
#                      kubeadm recommends for Kubernetes 1.34).
#   KUBE_API_TEST_DIR  kube-api-test's directory (default ~/.kubeapitest), the
#                      same variable kube-api-test itself reads.
#   K8S_TEST_BINARIES_WORKDIR
#                      where the wrapper modules live
#                      (default ${XDG_CACHE_HOME:-~/.cache}/k8s-test-binaries).
#   K8S_BINARIES       which of them to build, space-separated (default: all four).
#   KUBECTL            a kubectl to link into the target directory when kubectl is not built
#                      (kube-api-test insists on finding one there).
#   ETCD               likewise an etcd to link there when etcd is not built (another release's: the same
#                      ETCD_VERSION builds the very same binary, so linking saves only the relink).
#   FORCE=1            rebuild even if the binaries are already installed.
#   GOCACHE, GOMODCACHE, GOPROXY are honoured as usual by the go command.
#
# Idempotent: exits early when the binaries asked for are already installed.
# A cold build takes a long while on a small machine (kube-apiserver is big);
# later runs reuse the Go build and module caches.
set -euo pipefail

DEFAULT_K8S_VERSION="1.34.4"
DEFAULT_ETCD_VERSION="v3.6.5"

start_seconds=${SECONDS}

log() { printf '[k8s-test-binaries] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

k8s_version="${1:-${K8S_VERSION:-${DEFAULT_K8S_VERSION}}}"
k8s_version="${k8s_version#v}"
[[ "${k8s_version}" =~ ^1\.[0-9]+\.[0-9]+$ ]] \
  || die "K8S_VERSION must look like 1.34.4 (kube-api-test parses the directory name as plain numbers), got '${k8s_version}'"
k8s_module_version="v${k8s_version}"
# Staging modules (k8s.io/api, k8s.io/client-go, ...) are published as v0.X.Y for Kubernetes v1.X.Y.
staging_version="v0.${k8s_version#1.}"
k8s_minor="${k8s_version#1.}"; k8s_minor="${k8s_minor%%.*}"

etcd_version="${ETCD_VERSION:-${DEFAULT_ETCD_VERSION}}"
etcd_version="v${etcd_version#v}"

command -v go >/dev/null 2>&1 || die "go is not on PATH"

case "$(uname -s)" in
  Linux) goos=linux ;;
  Darwin) goos=darwin ;;
  *) die "unsupported OS $(uname -s)" ;;
esac
# Same mapping as kube-api-test's OSInfo (os.arch aarch64 -> arm64, otherwise amd64).
case "$(uname -m)" in
  x86_64|amd64) goarch=amd64 ;;
  aarch64|arm64) goarch=arm64 ;;
  *) die "unsupported architecture $(uname -m)" ;;
esac

kube_api_test_dir="${KUBE_API_TEST_DIR:-${HOME}/.kubeapitest}"
binaries_root="${kube_api_test_dir}/k8s"
target_dir="${binaries_root}/${k8s_version}-${goos}-${goarch}"
# K8S_BINARIES narrows what is built (e.g. "kube-apiserver etcd" for a release the tests only start an API server of).
read -r -a binaries <<<"${K8S_BINARIES:-kube-apiserver etcd kubectl kube-controller-manager}"
for b in "${binaries[@]}"; do
  case "${b}" in
    kube-apiserver | etcd | kubectl | kube-controller-manager) ;;
    *) die "K8S_BINARIES: unknown binary '${b}'" ;;
  esac
done
# kube-api-test insists on a kubectl beside the API server, even when it never runs it. When kubectl is not built,
# KUBECTL names the one to link there instead (the tests then run that kubectl against this API server).
linked_kubectl="${KUBECTL:-}"
linked_etcd="${ETCD:-}"

all_present() {
  local b
  for b in "${binaries[@]}"; do
    [[ -x "${target_dir}/${b}" ]] || return 1
  done
  [[ -z "${linked_kubectl}" || -x "${target_dir}/kubectl" ]] && [[ -z "${linked_etcd}" || -x "${target_dir}/etcd" ]]
}

if [[ "${FORCE:-0}" != "1" ]] && all_present; then
  log "${binaries[*]} already present in ${target_dir}; nothing to do (FORCE=1 rebuilds)"
  log "done in $((SECONDS - start_seconds))s"
  echo "${target_dir}"
  exit 0
fi

work_root="${K8S_TEST_BINARIES_WORKDIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/k8s-test-binaries}"
mkdir -p "${work_root}" "${binaries_root}"

# One build at a time per machine (a developer and CI may run this together).
if command -v flock >/dev/null 2>&1; then
  exec 9>"${work_root}/.lock"
  if ! flock -n 9; then
    log "another build holds ${work_root}/.lock; waiting"
    flock 9
  fi
  if [[ "${FORCE:-0}" != "1" ]] && all_present; then
    log "binaries appeared in ${target_dir} while waiting; nothing to do"
    echo "${target_dir}"
    exit 0
  fi
fi

export GOTOOLCHAIN=local
export CGO_ENABLED=0
export GOFLAGS="-mod=mod -buildvcs=false -trimpath"
export GOOS="${goos}" GOARCH="${goarch}"

log "Kubernetes ${k8s_module_version} (staging modules ${staging_version}), etcd ${etcd_version}"
log "go: $(go version)"
log "GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE)"
log "work dir: ${work_root}"
log "target:   ${target_dir}"

# Staging area next to the target so the final moves are renames on one file
# system. Its name does not end in -<os>-<arch>, so kube-api-test ignores it.
staging_dir="$(mktemp -d "${binaries_root}/.staging-${k8s_version}.XXXXXX")"
trap 'rm -rf "${staging_dir}"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

missing=()
for b in "${binaries[@]}"; do
  if [[ "${FORCE:-0}" == "1" || ! -x "${target_dir}/${b}" ]]; then
    missing+=("${b}")
  fi
done
needs() { local x; for x in "${missing[@]}"; do [[ "${x}" == "$1" ]] && return 0; done; return 1; }

# go list -m needs no main module; run it from a directory that has no go.mod.
go_list_mod() { (cd "${work_root}" && GOFLAGS= go list -m -f "$2" "$1"); }

# --- kube-apiserver / kubectl / kube-controller-manager -----------------------
if needs kube-apiserver || needs kubectl || needs kube-controller-manager; then
  kube_gomod="$(go_list_mod "k8s.io/kubernetes@${k8s_module_version}" '{{.GoMod}}')"
  [[ -f "${kube_gomod}" ]] || die "could not fetch go.mod of k8s.io/kubernetes@${k8s_module_version}"
  kube_go_directive="$(awk '$1 == "go" {print $2; exit}' "${kube_gomod}")"
  # Every staging module is replaced by ./staging/src/k8s.io/<name> in the
  # release's go.mod; the wrapper maps each to the published module instead.
  mapfile -t staging_modules < <(
    sed -nE 's#^[[:space:]]*(replace[[:space:]]+)?(k8s\.io/[^[:space:]]+)[[:space:]]+=>[[:space:]]+\./staging/src/.*#\2#p' "${kube_gomod}" | sort -u)
  (( ${#staging_modules[@]} > 0 )) || die "found no staging replace lines in ${kube_gomod}"

  kube_wrapper="${work_root}/kubernetes-${k8s_version}"
  mkdir -p "${kube_wrapper}"
  {
    echo "module k8s-test-binaries/kubernetes"
    echo
    echo "go ${kube_go_directive}"
    echo
    grep -E '^godebug[[:space:]]' "${kube_gomod}" || true
    echo
    echo "require k8s.io/kubernetes ${k8s_module_version}"
    echo
    echo "replace ("
    for m in "${staging_modules[@]}"; do
      echo "	${m} => ${m} ${staging_version}"
    done
    echo ")"
  } > "${kube_wrapper}/go.mod.new"
  # Keep go.mod (and go.sum) from an earlier run unless the header changed,
  # so a rerun does not re-resolve the module graph.
  if ! cmp -s "${kube_wrapper}/go.mod.new" "${kube_wrapper}/go.mod.base" 2>/dev/null; then
    cp "${kube_wrapper}/go.mod.new" "${kube_wrapper}/go.mod"
    cp "${kube_wrapper}/go.mod.new" "${kube_wrapper}/go.mod.base"
    rm -f "${kube_wrapper}/go.sum"
  fi
  rm -f "${kube_wrapper}/go.mod.new"

  build_date="$(go_list_mod "k8s.io/kubernetes@${k8s_module_version}" '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}')"
  kube_ldflags="-s -w"
  for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    kube_ldflags+=" -X ${pkg}.gitVersion=${k8s_module_version}"
    kube_ldflags+=" -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${k8s_minor}"
    kube_ldflags+=" -X ${pkg}.gitTreeState=clean"
    [[ -n "${build_date}" ]] && kube_ldflags+=" -X ${pkg}.buildDate=${build_date}"
  done

  kube_pkgs=()
  needs kube-apiserver && kube_pkgs+=(k8s.io/kubernetes/cmd/kube-apiserver)
  needs kubectl && kube_pkgs+=(k8s.io/kubernetes/cmd/kubectl)
  needs kube-controller-manager && kube_pkgs+=(k8s.io/kubernetes/cmd/kube-controller-manager)
  log "building ${kube_pkgs[*]} (${#staging_modules[@]} staging modules replaced) ..."
  t0=${SECONDS}
  (cd "${kube_wrapper}" && go build -ldflags="${kube_ldflags}" -o "${staging_dir}/" "${kube_pkgs[@]}")
  log "built ${kube_pkgs[*]} in $((SECONDS - t0))s"
fi

# --- etcd ---------------------------------------------------------------------
if needs etcd; then
  etcd_gomod="$(go_list_mod "go.etcd.io/etcd/server/v3@${etcd_version}" '{{.GoMod}}')"
  [[ -f "${etcd_gomod}" ]] || die "could not fetch go.mod of go.etcd.io/etcd/server/v3@${etcd_version}"
  etcd_go_directive="$(awk '$1 == "go" {print $2; exit}' "${etcd_gomod}")"
  etcd_wrapper="${work_root}/etcd-${etcd_version#v}"
  mkdir -p "${etcd_wrapper}"
  printf 'module k8s-test-binaries/etcd\n\ngo %s\n\nrequire go.etcd.io/etcd/server/v3 %s\n' \
    "${etcd_go_directive}" "${etcd_version}" > "${etcd_wrapper}/go.mod.new"
  if ! cmp -s "${etcd_wrapper}/go.mod.new" "${etcd_wrapper}/go.mod.base" 2>/dev/null; then
    cp "${etcd_wrapper}/go.mod.new" "${etcd_wrapper}/go.mod"
    cp "${etcd_wrapper}/go.mod.new" "${etcd_wrapper}/go.mod.base"
    rm -f "${etcd_wrapper}/go.sum"
  fi
  rm -f "${etcd_wrapper}/go.mod.new"

  log "building go.etcd.io/etcd/server/v3@${etcd_version} ..."
  t0=${SECONDS}
  (cd "${etcd_wrapper}" && go build -ldflags="-s -w" -o "${staging_dir}/etcd" go.etcd.io/etcd/server/v3)
  log "built etcd in $((SECONDS - t0))s"
fi

# --- check and install ----------------------------------------------------------
for b in "${missing[@]}"; do
  [[ -x "${staging_dir}/${b}" ]] || die "build produced no ${b}"
done
if [[ -n "${linked_kubectl}" ]] && ! needs kubectl && [[ ! -x "${target_dir}/kubectl" ]]; then
  [[ -x "${linked_kubectl}" ]] || die "KUBECTL=${linked_kubectl} is not an executable"
  ln -s "$(readlink -f "${linked_kubectl}")" "${staging_dir}/kubectl"
  missing+=(kubectl)
fi
if [[ -n "${linked_etcd}" ]] && ! needs etcd && [[ ! -x "${target_dir}/etcd" ]]; then
  [[ -x "${linked_etcd}" ]] || die "ETCD=${linked_etcd} is not an executable"
  ln -s "$(readlink -f "${linked_etcd}")" "${staging_dir}/etcd"
  missing+=(etcd)
fi
if needs etcd; then
  "${staging_dir}/etcd" --version >/dev/null || die "etcd --version failed"
fi
if needs kube-apiserver; then
  got="$("${staging_dir}/kube-apiserver" --version)"
  [[ "${got}" == "Kubernetes ${k8s_module_version}" ]] || die "kube-apiserver --version said '${got}'"
fi
if needs kubectl; then
  "${staging_dir}/kubectl" version --client >/dev/null || die "kubectl version --client failed"
fi
if needs kube-controller-manager; then
  got="$("${staging_dir}/kube-controller-manager" --version)"
  [[ "${got}" == "Kubernetes ${k8s_module_version}" ]] || die "kube-controller-manager --version said '${got}'"
fi

if [[ -d "${target_dir}" ]]; then
  for b in "${missing[@]}"; do
    mv -f "${staging_dir}/${b}" "${target_dir}/${b}"
  done
else
  # Appear all at once: kube-api-test takes an existing directory as complete.
  chmod 755 "${staging_dir}"
  mv "${staging_dir}" "${target_dir}"
fi

log "installed into ${target_dir}:"
needs kube-apiserver && "${target_dir}/kube-apiserver" --version >&2
needs etcd && "${target_dir}/etcd" --version >&2
needs kubectl && "${target_dir}/kubectl" version --client >&2
needs kube-controller-manager && "${target_dir}/kube-controller-manager" --version >&2
log "done in $((SECONDS - start_seconds))s"
echo "${target_dir}"
