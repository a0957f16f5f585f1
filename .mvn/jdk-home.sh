#!/bin/sh
# Prints the home of the JDK this project builds and runs with: a JDK >= 21 (the pom's maven.compiler.release).
#
# Quarkus loads the compiled classes into the JVM that runs Maven while it builds the application, so Maven itself
# must run on that JDK: a toolchain (maven-toolchains-plugin) would cover javac and the test forks but not that step.
# ./mvnw, ./demo.sh, hack/scale-bench.sh and .ci/run therefore all ask this script, and it is the one place that
# decides. Order: JAVA_HOME, then the java on the PATH, then the newest JDK >= 21 in the usual install locations.
# When it picks another JDK than JAVA_HOME or the PATH named, it says so on stderr; when there is none, it prints one
# line saying what to install and exits 1.
#
# Usage: JAVA_HOME=$(.mvn/jdk-home.sh) || exit 1
# POSIX sh: ./mvnw runs under /bin/sh.
set -eu

minimum=21

# The feature release of the JDK at $1 (17, 21, 25, ...), or nothing when $1 is not a JDK.
major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  version=""
  if [ -r "$1/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case "$version" in
    1.*) version=${version#1.} ;;
  esac
  version=${version%%[!0-9]*}
  printf '%s' "$version"
}

usable() {
  v=$(major "$1")
  [ -n "$v" ] && [ "$v" -ge "$minimum" ]
}

asked=""
if [ -n "${JAVA_HOME:-}" ]; then
  asked=$JAVA_HOME
elif java_on_path=$(command -v java 2>/dev/null); then
  asked=$(dirname "$(dirname "$(readlink -f "$java_on_path" 2>/dev/null || printf '%s' "$java_on_path")")")
fi
if [ -n "$asked" ] && usable "$asked"; then
  printf '%s\n' "$asked"
  exit 0
fi

# JDK_CANDIDATES (directories, space-separated) replaces the usual install locations, e.g. for a test.
default_candidates="/usr/lib/jvm/* /usr/lib64/jvm/* /usr/java/* /opt/java/* /opt/jdk* ${HOME:-/nonexistent}/.sdkman/candidates/java/*
  ${HOME:-/nonexistent}/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home"
best="" best_major=0
# Unquoted on purpose: the list is split on blanks and its patterns expanded.
for candidate in ${JDK_CANDIDATES-$default_candidates}; do
  [ -d "$candidate" ] || continue
  v=$(major "$candidate")
  if [ -n "$v" ] && [ "$v" -ge "$minimum" ] && [ "$v" -gt "$best_major" ]; then
    best=$candidate best_major=$v
  fi
done

# "JDK 17 at /usr/lib/jvm/java-17-openjdk-amd64", or "no JDK at …" for a JRE or a wrong path.
describe() {
  v=$(major "$1")
  if [ -n "$v" ]; then printf 'JDK %s at %s' "$v" "$1"; else printf 'no JDK at %s' "$1"; fi
}

if [ -z "$best" ]; then
  found="no JDK"
  [ -n "$asked" ] && found=$(describe "$asked")
  echo "rds-operator needs a JDK >= $minimum (found $found; looked at JAVA_HOME, the PATH, /usr/lib/jvm and other usual places): install one, e.g. 'apt-get install openjdk-$minimum-jdk-headless' or Temurin $minimum+, or set JAVA_HOME to it." >&2
  exit 1
fi
if [ -n "$asked" ]; then
  echo "[jdk] using JDK $best_major at $best: JAVA_HOME or the PATH names $(describe "$asked"), and $minimum is the minimum" >&2
fi
printf '%s\n' "$best"
