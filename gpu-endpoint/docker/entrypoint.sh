#!/bin/sh
# SageMaker starts the container as `docker run <image> serve`. `capacity` runs the GPU capacity
# model. Anything else is a usage error, not a silent start.
set -eu
JAVA="${JAVA_HOME:-/opt/java/openjdk}/bin/java"
case "${1:-}" in
  serve)
    # The supervised vLLM command is derived from the environment unless given explicitly.
    if [ -z "${GPU_ENDPOINT_OPENAI_COMMAND:-}" ] && [ "${GPU_ENDPOINT_ENGINE:-}" = "openai" ] && command -v vllm-command >/dev/null 2>&1; then
      GPU_ENDPOINT_OPENAI_COMMAND="$(vllm-command)"
      export GPU_ENDPOINT_OPENAI_COMMAND
    fi
    ;;
  capacity) ;;
  *)
    echo "usage: $(basename "$0") serve | capacity [--gpu NAME]... [--model NAME]... [--tokens N]" >&2
    exit 2
    ;;
esac
exec "$JAVA" ${JAVA_OPTS:-} -cp "${GPU_ENDPOINT_LIB:-/opt/gpu-endpoint/lib}/*" com.mangaassist.gpu.GpuEndpointApplication "$@"
