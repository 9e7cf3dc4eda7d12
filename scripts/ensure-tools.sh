#!/usr/bin/env bash
# Sourced by .ci/run and run-local.sh: ensure_tools "<command-or-path>:<debian-package>" ...
# Installs the Debian packages of whatever is missing when apt-get can run as root; otherwise
# names what to install and fails, rather than failing later with a less clear error.
ensure_tools() {
  local missing=() entry tool package
  for entry in "$@"; do
    tool=${entry%%:*}
    package=${entry#*:}
    if [[ $tool == /* ]]; then
      [ -x "$tool" ] || missing+=("$package")
    else
      command -v "$tool" >/dev/null 2>&1 || missing+=("$package")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
  else
    echo "missing: ${missing[*]} (install these Debian packages, or JDK 17+, Maven 3.8+ and Node.js 20 with npm)" >&2
    return 1
  fi
}
