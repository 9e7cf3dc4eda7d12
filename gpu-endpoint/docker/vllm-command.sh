#!/bin/sh
# Prints the vLLM server command (comma-separated, as the front's list property takes it) with the
# flags the platform settled on: 92 % GPU memory, 16-token blocks, prefix caching, AWQ, LoRA, and
# weights from safetensors only (a pickled checkpoint from a bucket would run code when loaded).
# The batch limit, context and step budget come from the model's environment (the CDK app sets
# them from shared's EngineSettings, ADR 0038); the defaults here are for running the image by hand.
set -eu
model="${GPU_ENDPOINT_OPENAI_MODEL:-/opt/ml/model}"
seqs="${VLLM_MAX_NUM_SEQS:-64}"
len="${VLLM_MAX_MODEL_LEN:-4096}"
batched="${VLLM_MAX_NUM_BATCHED_TOKENS:-8192}"
# The large tier splits its model across all the instance's GPUs (EngineSettings.LARGE, ADR 0039).
tp="${VLLM_TENSOR_PARALLEL_SIZE:-1}"
cmd="python3,-m,vllm.entrypoints.openai.api_server,--model,${model},--host,127.0.0.1,--port,8000"
cmd="${cmd},--gpu-memory-utilization,0.92,--max-num-seqs,${seqs},--max-model-len,${len},--max-num-batched-tokens,${batched},--block-size,16"
cmd="${cmd},--tensor-parallel-size,${tp}"
cmd="${cmd},--enable-prefix-caching,--quantization,${VLLM_QUANTIZATION:-awq},--load-format,safetensors"
if [ -n "${VLLM_LORA_MODULES:-}" ]; then
  cmd="${cmd},--enable-lora,--lora-modules,${VLLM_LORA_MODULES}"
fi
printf '%s\n' "$cmd"
