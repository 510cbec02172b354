#!/usr/bin/env bash
#! Checks the deploy files without a container runtime or a cluster: the Kubernetes manifests
#! against the Kubernetes schema (kubernetes-validate --strict, from PyPI, in a venv under
#! target/), and every file against Merit and the others (scripts/lib/check_deploy.py).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

KUBERNETES_VALIDATE_VERSION=1.37.0
# The oldest Kubernetes the manifests promise to work on.
KUBERNETES_VERSION=1.29.0
venv=target/deploy-check
if ! "$venv/bin/kubernetes-validate" --version 2>/dev/null | grep -q "$KUBERNETES_VALIDATE_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi
manifests=()
for f in deploy/kubernetes/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || manifests+=("$f")
done
for version in "$KUBERNETES_VERSION" "$KUBERNETES_VALIDATE_VERSION"; do
  "$venv/bin/kubernetes-validate" --strict --quiet -k "$version" "${manifests[@]}"
done
"$venv/bin/python" scripts/lib/check_deploy.py
