#!/usr/bin/env bash
# Checks the Prometheus alerting rules with promtool (syntax + unit tests) and that the chart's copies are identical.
# Installs the Debian "prometheus" package (promtool + prometheus) when missing: the JUnit test PrometheusScrapeIT
# also needs /usr/bin/prometheus, so .ci/run calls this script before ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  echo "Installing the Debian prometheus package (promtool, prometheus)…"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends prometheus
fi
promtool --version | head -1

rules=monitoring/prometheus/rds-operator-rules.yaml
promtool check rules "$rules"
(cd monitoring/prometheus && promtool test rules rds-operator-rules.test.yaml)

cmp "$rules" helm/rds-operator/files/prometheus-rules.yaml \
  || { echo "helm/rds-operator/files/prometheus-rules.yaml differs from $rules: copy it" >&2; exit 1; }
cmp monitoring/grafana/rds-operator-dashboard.json helm/rds-operator/files/rds-operator-dashboard.json \
  || { echo "helm/rds-operator/files/rds-operator-dashboard.json differs from the monitoring/grafana copy" >&2; exit 1; }
echo "monitoring checks passed"
