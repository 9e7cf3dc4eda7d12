#!/usr/bin/env bash
# Sourced by .ci/run (and usable by hand): starts what the image and container tests need when it
# is not already running — the Docker engine with no bridge network (containers run on the host's
# network, loopback only) and a local OCI registry on 127.0.0.1:5000 for digest-pinned bases and
# release images. Needs root (dockerd) and Debian's docker.io and docker-registry packages.
start_docker() {
  local registry="${MANGAASSIST_REGISTRY:-127.0.0.1:5000}" state="${MANGAASSIST_DOCKER_STATE:-/tmp/mangaassist-docker}"
  mkdir -p "$state"
  if ! /usr/bin/docker info >/dev/null 2>&1; then
    echo "starting dockerd (no bridge, no iptables)"
    nohup dockerd --bridge=none --iptables=false >"$state/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do /usr/bin/docker info >/dev/null 2>&1 && break; sleep 1; done
    /usr/bin/docker info >/dev/null 2>&1 || { echo "dockerd did not start:"; tail -20 "$state/dockerd.log"; return 1; }
  fi
  if ! curl -fsS "http://$registry/v2/" >/dev/null 2>&1; then
    echo "starting the local OCI registry on $registry"
    cat >"$state/registry.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $state/registry
  delete:
    enabled: true
http:
  addr: $registry
YAML
    nohup docker-registry serve "$state/registry.yml" >"$state/registry.log" 2>&1 &
    for _ in $(seq 1 30); do curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && break; sleep 1; done
    curl -fsS "http://$registry/v2/" >/dev/null 2>&1 || { echo "the registry did not start:"; tail -20 "$state/registry.log"; return 1; }
  fi
}
