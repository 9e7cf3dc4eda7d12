#!/usr/bin/env bash
# The conversation-affinity comparison (issue 28, ADR 0040) against real vLLM instead of the simulated engine:
# two gpu-endpoint fronts, each supervising its own vLLM server on its own GPU (CUDA_VISIBLE_DEVICES 0 and 1) with
# automatic prefix caching, behind the local SageMaker runtime; the same conversations without and with stateful
# sessions. Needs a machine with two NVIDIA GPUs, Python with vLLM installed, and a model directory (safetensors).
# Not yet run: no GPU was lent when it was written (docs/benchmarks.md says so until it has been).
#
# Usage: VLLM_MODEL=/models/Llama-3-8B-Instruct-AWQ bench/run-affinity-vllm.sh [--affinity-users 48] [--affinity-rounds 6]
# Optional: VLLM_QUANTIZATION (awq; "none" for fp16 weights), VLLM_MAX_NUM_SEQS (32), VLLM_MAX_MODEL_LEN (4096),
#           VLLM_GPU_MEMORY (0.90), VLLM_PYTHON (python3).
# Result: bench/target/platform-bench.md (the affinity section); logs under bench/target/platform-logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${VLLM_MODEL:?set VLLM_MODEL to a model directory (config.json, *.safetensors, tokenizer)}"
python="${VLLM_PYTHON:-python3}"
"$python" -c 'import vllm' 2>/dev/null || { echo "no vLLM for $python: pip install vllm" >&2; exit 2; }
gpus=$(nvidia-smi --list-gpus 2>/dev/null | wc -l || true)
if [[ "${gpus:-0}" -lt 2 ]]; then
  echo "two GPUs needed (one vLLM per instance, as SageMaker runs one per instance); found ${gpus:-0}" >&2
  exit 2
fi
seqs="${VLLM_MAX_NUM_SEQS:-32}"
len="${VLLM_MAX_MODEL_LEN:-4096}"
quant=()
if [[ "${VLLM_QUANTIZATION:-awq}" != "none" ]]; then quant=(--quantization "${VLLM_QUANTIZATION:-awq}"); fi
# One supervised vLLM per front: the front starts it (gpu-endpoint.openai.command), waits for it, and reads its /metrics
# (running, waiting, KV usage, prefix-cache queries and hits).
command_for() { # $1 = GPU index, $2 = port
  local args=("env" "CUDA_VISIBLE_DEVICES=$1" "$python" -m vllm.entrypoints.openai.api_server --model "$VLLM_MODEL" --host 127.0.0.1
              --port "$2" --gpu-memory-utilization "${VLLM_GPU_MEMORY:-0.90}" --max-num-seqs "$seqs" --max-model-len "$len"
              --block-size 16 --enable-prefix-caching "${quant[@]}"
              # The platform names a LoRA adapter per language; a base model without them answers under those names too.
              --served-model-name "$VLLM_MODEL" chatbot-en chatbot-ja)
  local IFS=,
  echo "${args[*]}"
}
# Pairs separated by ';' (a command is itself a comma-separated list).
gpu="gpu-endpoint.engine=openai;gpu-endpoint.openai.model=$VLLM_MODEL;gpu-endpoint.openai.max-num-seqs=$seqs"
gpu="$gpu;gpu-endpoint.openai.max-model-len=$len"
gpu="$gpu;instance-a.gpu-endpoint.openai.base-url=http://127.0.0.1:8101;instance-a.gpu-endpoint.openai.command=$(command_for 0 8101)"
gpu="$gpu;instance-b.gpu-endpoint.openai.base-url=http://127.0.0.1:8102;instance-b.gpu-endpoint.openai.command=$(command_for 1 8102)"
exec bench/run-platform.sh --only affinity --affinity-gpu "$gpu" "$@"
