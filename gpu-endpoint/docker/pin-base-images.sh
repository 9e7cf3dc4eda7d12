#!/usr/bin/env bash
# Resolves the production base images' current digests (run by the release pipeline, which has
# registry access) and prints the --build-arg flags that pin them. The vLLM base is pinned to a
# release tag first; the digest is what the build uses.
set -euo pipefail
declare -A images=(
  [JDK_IMAGE]="eclipse-temurin:17-jdk-jammy"
  [RUNTIME_IMAGE]="vllm/vllm-openai:v0.12.0"
)
for arg in "${!images[@]}"; do
  ref="${images[$arg]}"
  digest=$(docker buildx imagetools inspect "$ref" --format '{{json .Manifest.Digest}}' | tr -d '"')
  printf -- '--build-arg %s=%s@%s ' "$arg" "$ref" "$digest"
done
echo
