#!/usr/bin/env bash
# Builds a real kube-apiserver and etcd from the Go module proxy for the live-cluster tests
# (test/helpers/apiserver.ts). Output: ${KUBEFORT_CACHE:-$HOME/.cache/kubefort}/control-plane/<k8s version>/
# — outside the repository so that a fresh CI clone on the same machine reuses it.
# Idempotent: does nothing when both binaries exist and the version stamp matches.
#
# k8s.io/kubernetes cannot be built with `go install pkg@version`: its go.mod replaces every
# k8s.io/* staging module with ./staging/src/... . A throwaway module requires k8s.io/kubernetes
# and replaces each staging module with its published v0.Y.Z tag instead.
set -euo pipefail

K8S_VERSION="${KUBEFORT_K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${KUBEFORT_ETCD_VERSION:-v3.6.4}"   # the etcd that k8s.io/kubernetes v1.34 pins
CACHE="${KUBEFORT_CACHE:-$HOME/.cache/kubefort}"
OUT="$CACHE/control-plane/$K8S_VERSION"
STAMP="kube-apiserver $K8S_VERSION etcd $ETCD_VERSION"

if [[ -x "$OUT/kube-apiserver" && -x "$OUT/etcd" && -f "$OUT/VERSION" && "$(cat "$OUT/VERSION")" == "$STAMP" ]]; then
  echo "control plane cached: $OUT ($STAMP)"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "build-control-plane: go is not installed" >&2
  exit 2
fi

minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
patch="${K8S_VERSION##*.}"
staging_version="v0.$minor.$patch"
staging_modules=(
  api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
  cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
  cri-client csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms
  kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics
  mount-utils pod-security-admission sample-apiserver sample-cli-plugin sample-controller
)

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
work="$CACHE/control-plane/build-$K8S_VERSION"
mkdir -p "$work/apiserver" "$work/etcd" "$OUT"
start=$(date +%s)

{
  echo "module kubefort.local/control-plane"
  echo
  echo "go 1.24.0"
  echo
  echo "godebug default=go1.24"
  echo
  echo "require k8s.io/kubernetes $K8S_VERSION"
  echo
  echo "replace ("
  for m in "${staging_modules[@]}"; do echo "	k8s.io/$m => k8s.io/$m $staging_version"; done
  echo ")"
} > "$work/apiserver/go.mod"

# The staging list above must cover every ./staging replace in k8s.io/kubernetes's go.mod.
(cd "$work/apiserver" && go mod download k8s.io/kubernetes)
k8s_mod="$(cd "$work/apiserver" && go mod download -json k8s.io/kubernetes | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
for m in $(sed -n 's#^\s*k8s.io/\([a-z-]*\) => ./staging.*#\1#p' "$k8s_mod"); do
  if ! grep -q "k8s.io/$m => " "$work/apiserver/go.mod"; then
    echo "build-control-plane: staging module k8s.io/$m is missing from the replace list" >&2
    exit 2
  fi
done

echo "building kube-apiserver $K8S_VERSION (cold build takes tens of minutes on 2 cores)"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
(cd "$work/apiserver" && nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$OUT/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
mv "$OUT/kube-apiserver.tmp" "$OUT/kube-apiserver"

cat > "$work/etcd/go.mod" <<EOF
module kubefort.local/etcd

go 1.24.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOF
echo "building etcd $ETCD_VERSION"
(cd "$work/etcd" && nice -n 10 go build -trimpath -ldflags "-s -w" -o "$OUT/etcd.tmp" go.etcd.io/etcd/server/v3)
mv "$OUT/etcd.tmp" "$OUT/etcd"

echo "$STAMP" > "$OUT/VERSION"
echo "control plane built in $(( $(date +%s) - start ))s: $OUT"
