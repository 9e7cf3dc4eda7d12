#!/usr/bin/env bash
# Resolves the base images' current digests (run by the release pipeline, which has registry
# access) and prints the --build-arg flags that pin them.
set -euo pipefail
declare -A images=(
  [MAVEN_IMAGE]="maven:3.9-eclipse-temurin-17"
  [JRE_IMAGE]="eclipse-temurin:17-jre-jammy"
  [VLLM_IMAGE]="vllm/vllm-openai:v0.6.3"
)
for arg in "${!images[@]}"; do
  ref="${images[$arg]}"
  digest=$(docker buildx imagetools inspect "$ref" --format '{{json .Manifest.Digest}}' | tr -d '"')
  printf -- '--build-arg %s=%s@%s ' "$arg" "$ref" "$digest"
done
echo
