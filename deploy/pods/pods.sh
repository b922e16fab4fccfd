#!/usr/bin/env bash
# A StatefulSet on one machine: every "pod" a Linux network namespace on a private bridge, with its own address,
# so that a network partition is a link taken down (deploy/k8s/README.md, "On one machine"). Needs root and `ip`
# (iproute2). PodsIT (deploy/src/test/java/io/simrt/deploy) drives it: it reads the container's command, environment
# and ports from deploy/k8s and starts the JVMs itself, through `exec` below.
#
#   pods.sh up N            bridge simrt-br0 (10.233.0.1/24), pods simrt-0..N-1 and simrt-coordinator, hosts file
#   pods.sh add POD         one more pod (simrt-K: 10.233.0.(10+K); simrt-coordinator: 10.233.0.100)
#   pods.sh ip POD          the pod's address
#   pods.sh hosts           the hosts file's path (give it to a JVM as -Djdk.net.hosts.file)
#   pods.sh exec POD CMD..  CMD in the pod's network namespace with the pod's hostname (own UTS namespace); it
#                           replaces this shell, so the caller's pid is CMD's pid
#   pods.sh partition POD   take the host side of the pod's veth down: nothing reaches the pod, nothing leaves it
#   pods.sh heal POD        bring it up again
#   pods.sh stop POD        SIGTERM to every process in the pod;  pods.sh kill POD: SIGKILL
#   pods.sh down            end every process in the pods (by pid), remove namespaces, links, bridge, state;
#                           idempotent, and what `up` runs first
#
# Environment: SIMRT_PODS_STATE (default /tmp/simrt-pods) holds the hosts file; SIMRT_PODS_NAMESPACE (default
# "default") is the Kubernetes namespace in the DNS names.
set -euo pipefail

BRIDGE=simrt-br0
NET=10.233.0
STATE=${SIMRT_PODS_STATE:-/tmp/simrt-pods}
K8S_NS=${SIMRT_PODS_NAMESPACE:-default}
HOSTS=$STATE/hosts

die() { echo "pods.sh: $*" >&2; exit 1; }

# The address of a pod: simrt-K -> .(10+K), simrt-coordinator -> .100.
pod_ip() {
  case "$1" in
    simrt-coordinator) echo "$NET.100" ;;
    simrt-[0-9]*)
      local k=${1#simrt-}
      [[ $k =~ ^[0-9]+$ && $k -lt 80 ]] || die "no pod $1 (simrt-0..simrt-79, simrt-coordinator)"
      echo "$NET.$((10 + k))" ;;
    *) die "no pod $1 (simrt-0..simrt-79, simrt-coordinator)" ;;
  esac
}

# The host side of a pod's veth pair (interface names have at most 15 characters).
host_link() {
  case "$1" in
    simrt-coordinator) echo "vsimrt-c" ;;
    *) echo "vsimrt-${1#simrt-}" ;;
  esac
}

# The names the headless Services publish (service.yaml, service-coordinator.yaml), and the bare hostnames.
hosts_lines() {
  local pod=$1 ip
  ip=$(pod_ip "$pod")
  if [[ $pod == simrt-coordinator ]]; then
    echo "$ip coordinator.simrt-coordinator.$K8S_NS.svc.cluster.local coordinator"
  else
    echo "$ip $pod.simrt.$K8S_NS.svc.cluster.local $pod"
  fi
}

add_pod() {
  local pod=$1 ip link
  ip=$(pod_ip "$pod")
  link=$(host_link "$pod")
  ip netns list | grep -qw "^$pod" && return 0
  ip netns add "$pod"
  ip link add "$link" type veth peer name eth0 netns "$pod"
  ip link set "$link" master "$BRIDGE" up
  ip -n "$pod" addr add "$ip/24" dev eth0
  ip -n "$pod" link set eth0 up
  ip -n "$pod" link set lo up
  ip -n "$pod" route add default via "$NET.1"
  hosts_lines "$pod" >>"$HOSTS"
}

signal_pod() {
  local sig=$1 pod=$2 pids
  pids=$(ip netns pids "$pod" 2>/dev/null || true)
  [[ -z $pids ]] || kill "-$sig" $pids 2>/dev/null || true
}

down() {
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^simrt-([0-9]+|coordinator)$' || true); do
    signal_pod KILL "$ns"
  done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^simrt-([0-9]+|coordinator)$' || true); do
    # a killed process may take a moment to leave its namespace; deleting it anyway is safe
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E '^vsimrt-' || true); do
    ip link del "$link" 2>/dev/null || true
  done
  rm -rf "$STATE"
}

up() {
  local n=$1 k
  [[ $n =~ ^[0-9]+$ && $n -ge 1 ]] || die "up needs a pod count, got '$n'"
  down
  mkdir -p "$STATE"
  echo "127.0.0.1 localhost" >"$HOSTS"
  ip link add "$BRIDGE" type bridge
  ip link set "$BRIDGE" type bridge forward_delay 0 stp_state 0
  ip addr add "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for ((k = 0; k < n; k++)); do add_pod "simrt-$k"; done
  add_pod simrt-coordinator
}

[[ $(id -u) == 0 ]] || die "needs root (network namespaces, veth, a bridge)"
command -v ip >/dev/null || die "needs ip (iproute2)"
cmd=${1:-}
shift || true
case "$cmd" in
  up) up "${1:-3}" ;;
  add) add_pod "${1:?pod}" ;;
  ip) pod_ip "${1:?pod}" ;;
  hosts) echo "$HOSTS" ;;
  exec)
    pod=${1:?pod}; shift
    [[ $pod == simrt-coordinator ]] && name=coordinator || name=$pod
    exec ip netns exec "$pod" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$name" "$@" ;;
  partition) ip link set "$(host_link "${1:?pod}")" down ;;
  heal) ip link set "$(host_link "${1:?pod}")" up ;;
  stop) signal_pod TERM "${1:?pod}" ;;
  kill) signal_pod KILL "${1:?pod}" ;;
  down) down ;;
  *) die "usage: pods.sh up N | add POD | ip POD | hosts | exec POD CMD... | partition POD | heal POD | stop POD | kill POD | down" ;;
esac
