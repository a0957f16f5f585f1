#!/usr/bin/env bash
# Builds the Dockerfile for real with buildah (vfs storage, chroot isolation: no container engine or daemon needed),
# checks the image, then runs the operator inside it against a test kube-apiserver and the RDS simulator until the
# pool config is Ready.
#
# Where a base image of the Dockerfile cannot be pulled (no registry reachable), a stand-in is made first under the
# same name, so that every other line of the Dockerfile (stages, copies, user, entrypoint) runs as written:
#   eclipse-temurin:*-jdk-*         Debian (debootstrap minbase with curl and unzip for ./mvnw) plus the JDK that
#                                   .mvn/jdk-home.sh picks on this machine, at /opt/java/openjdk as in the real image
#   gcr.io/distroless/java*         no shell and no package manager, as distroless: a jlink'ed runtime of that JDK at
#                                   /usr/lib/jvm/jre with /usr/bin/java, the C libraries it links, /etc/passwd with
#                                   root and nonroot (65532), a world-writable /tmp
# Stand-ins carry the label io.srvlab.stand-in=true and are reused by later runs; with real registries the real
# bases are pulled and no stand-in is made.
#
# Usage: hack/image.sh [--build-only]     Environment: IMAGE (default localhost/rds-operator:dev), DEBIAN_MIRROR.
# Needs root and buildah (installed with apt-get when missing), and debootstrap for the JDK stand-in.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[image] %s\n' "$*"; }
die() { say "ERROR: $*"; exit 1; }

image=${IMAGE:-localhost/rds-operator:dev}
run_it=1
[[ ${1:-} == --build-only ]] && run_it=0

((EUID == 0)) || die "buildah with vfs storage and chroot isolation needs root here"
need_packages=()
command -v buildah >/dev/null 2>&1 || need_packages+=(buildah)
command -v debootstrap >/dev/null 2>&1 || need_packages+=(debootstrap)
if ((${#need_packages[@]} > 0)); then
  say "installing ${need_packages[*]} with apt-get"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${need_packages[@]}"; } >target/apt-image-tools.log 2>&1 \
    || die "apt-get install ${need_packages[*]} failed (target/apt-image-tools.log)"
fi
bah() { buildah --storage-driver vfs "$@"; }
JAVA_HOME=$(.mvn/jdk-home.sh) || exit 1
mkdir -p target/image

present() { bah inspect --type image "$1" >/dev/null 2>&1; }

# The name a short "FROM" reference resolves to, for tagging a stand-in.
qualified() {
  case "$1" in
    */*.*/* | *.*/*) echo "$1" ;;
    */*) echo "docker.io/$1" ;;
    *) echo "docker.io/library/$1" ;;
  esac
}

standin_jdk() {
  local name=$1 ctr mnt
  ctr=$(bah from scratch)
  trap 'bah rm "$ctr" >/dev/null 2>&1 || true' EXIT
  mnt=$(bah mount "$ctr")
  say "  debootstrap (minbase, curl, unzip) into the stand-in; log: target/image/debootstrap.log"
  debootstrap --variant=minbase --include=ca-certificates,curl,unzip bookworm "$mnt" ${DEBIAN_MIRROR:+"$DEBIAN_MIRROR"} \
    >target/image/debootstrap.log 2>&1 || die "debootstrap failed (target/image/debootstrap.log)"
  rm -rf "$mnt"/var/cache/apt/archives/*.deb "$mnt"/var/lib/apt/lists/*
  # It trusts what this machine trusts (a registry proxy's own CA included); the JDK's cacerts may be a link to the
  # system's Java trust store.
  cp /etc/ssl/certs/ca-certificates.crt "$mnt/etc/ssl/certs/ca-certificates.crt"
  if [[ -f /etc/ssl/certs/java/cacerts ]]; then
    install -D -m 644 /etc/ssl/certs/java/cacerts "$mnt/etc/ssl/certs/java/cacerts"
  fi
  mkdir -p "$mnt/opt/java"
  cp -a "$JAVA_HOME" "$mnt/opt/java/openjdk"
  bah config --env JAVA_HOME=/opt/java/openjdk \
    --env PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env LANG=C.UTF-8 --label io.srvlab.stand-in=true --cmd '["jshell"]' "$ctr"
  bah unmount "$ctr" >/dev/null
  bah commit -q "$ctr" "$(qualified "$name")" >/dev/null
  bah rm "$ctr" >/dev/null
}

standin_distroless() {
  local name=$1 ctr mnt lib
  ctr=$(bah from scratch)
  trap 'bah rm "$ctr" >/dev/null 2>&1 || true' EXIT
  mnt=$(bah mount "$ctr")
  # Every module of the JDK but the image tools, which a JDK without packaged modules cannot put into an image.
  "$JAVA_HOME/bin/jlink" --add-modules "$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' | grep -vxE 'jdk.jlink|jdk.jpackage' | paste -sd,)" \
    --strip-debug --no-man-pages --no-header-files \
    --output "$mnt/usr/lib/jvm/jre"
  mkdir -p "$mnt/usr/bin" "$mnt/etc" "$mnt/tmp" "$mnt/home/nonroot"
  ln -s /usr/lib/jvm/jre/bin/java "$mnt/usr/bin/java"
  # The C libraries the runtime links, from this machine, at the same paths.
  while read -r lib; do
    mkdir -p "$mnt$(dirname "$lib")"
    cp -L "$lib" "$mnt$lib"
  done < <(find "$mnt/usr/lib/jvm/jre" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
    | grep -oE '/[^ ]+\.so[^ ]*' | sort -u)
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
    >"$mnt/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$mnt/etc/group"
  chmod 1777 "$mnt/tmp"
  chown 65532:65532 "$mnt/home/nonroot"
  bah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env JAVA_VERSION="$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')" \
    --user 65532 --workingdir /home/nonroot --entrypoint '["/usr/bin/java", "-jar"]' \
    --label io.srvlab.stand-in=true "$ctr"
  bah unmount "$ctr" >/dev/null
  bah commit -q "$ctr" "$(qualified "$name")" >/dev/null
  bah rm "$ctr" >/dev/null
}

start=$SECONDS
for base in $(awk 'toupper($1) == "FROM" {print $2}' Dockerfile | sort -u); do
  if present "$base"; then
    say "base $base: present$(bah inspect --type image --format '{{index .OCIv1.Config.Labels "io.srvlab.stand-in"}}' \
      "$base" | sed 's/^true$/ (stand-in)/;s/^[^ (].*//')"
    continue
  fi
  if timeout 60 buildah --storage-driver vfs pull -q "$(qualified "$base")" >target/image/pull.log 2>&1; then
    say "base $base: pulled"
    continue
  fi
  say "base $base: cannot be pulled here ($(tail -n 1 target/image/pull.log | cut -c1-120)); making a stand-in"
  case "$base" in
    eclipse-temurin:*-jdk*) standin_jdk "$base" ;;
    gcr.io/distroless/java*) standin_distroless "$base" ;;
    *) die "no stand-in recipe for $base" ;;
  esac
  say "base $base: stand-in made"
done

say "building $image from the Dockerfile (log: target/image/build.log)"
build_start=$SECONDS
bah bud --isolation chroot --layers --force-rm -t "$image" . >target/image/build.log 2>&1 \
  || { tail -n 30 target/image/build.log; die "buildah bud failed (target/image/build.log)"; }
say "built in $((SECONDS - build_start)) s"

# --- checks of the image ------------------------------------------------------------------------------------------
user=$(bah inspect --type image --format '{{.OCIv1.Config.User}}' "$image")
[[ $user == 65532:65532 ]] || die "the image runs as '$user', not 65532:65532"
ctr=$(bah from -q "$image")
trap 'bah rm "$ctr" >/dev/null 2>&1 || true' EXIT
mnt=$(bah mount "$ctr")
for tool in /bin/sh /bin/bash /usr/bin/sh /usr/bin/apt /usr/bin/apt-get /usr/bin/dpkg /sbin/apk /usr/bin/microdnf; do
  [[ ! -e $mnt$tool && ! -L $mnt$tool ]] || die "the runtime stage has $tool: it must have no shell or package manager"
done
not_root=$(find "$mnt/deployments" ! -user 0 | head -n 3)
[[ -z $not_root ]] || die "files not owned by root in /deployments: $not_root"
unreadable=$(find "$mnt/deployments" \( -type f ! -perm -o+r \) -o \( -type d ! -perm -o+rx \) | head -n 3)
[[ -z $unreadable ]] || die "files the runtime user (65532, neither owner nor group) cannot read: $unreadable"
writable=$(find "$mnt/deployments" -perm -o+w | head -n 3)
[[ -z $writable ]] || die "files the runtime user could change: $writable"
bah unmount "$ctr" >/dev/null
size=$(bah images --format '{{.Size}}' "$image" | head -n 1)
say "image $image: $size, user $user, no shell or package manager, /deployments owned by root and world-readable"

((run_it)) || exit 0

# --- run it ---------------------------------------------------------------------------------------------------------
classpath=target/image/classpath.txt
if [[ ! -f target/test-classes/io/srvlab/rds/packaging/ImageRun.class ]]; then
  ./mvnw -B -q -DskipTests test-compile
fi
if [[ ! -s $classpath || pom.xml -nt $classpath ]]; then
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
fi
hack/provision.sh k8s
say "running the operator in the image (buildah run, chroot isolation, user 65532) until the pool config is Ready"
"$JAVA_HOME/bin/java" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat "$classpath")" io.srvlab.rds.packaging.ImageRun "$ctr"
say "done in $((SECONDS - start)) s"
