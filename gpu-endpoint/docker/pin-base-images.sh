#!/usr/bin/env bash
# Resolves the production base images' current digests (run where the public registries answer)
# and prints the release tool's flags that pin them:
#   java -jar release/target/release.jar build ... $(gpu-endpoint/docker/pin-base-images.sh)
# The vLLM base is pinned to a release tag first; the digest is what the build uses.
set -euo pipefail
declare -A images=(
  [--jdk-image]="eclipse-temurin:17-jdk-jammy"
  [--gpu-runtime-image]="vllm/vllm-openai:v0.12.0"
)
for flag in "${!images[@]}"; do
  ref="${images[$flag]}"
  digest=$(docker buildx imagetools inspect "$ref" --format '{{json .Manifest.Digest}}' | tr -d '"')
  printf -- '%s %s@%s ' "$flag" "$ref" "$digest"
done
echo
