#pragma once
// The roofline of one iteration (one forward pass) of an LLM serving engine that batches prefill chunks and decode
// tokens together, as vLLM and Sarathi-Serve do. It generalises prefill_time and decode_step_time
// (models/workload/llm_inference_cost.hpp) to a mixed batch and reduces to each of them exactly: a whole prompt
// alone is prefill_time, B decodes at one context are decode_step_time. Pure model: no engine, no I/O.
//
// Per iteration, with N the active parameters, T the tokens it processes (prefill-chunk tokens + one per decoding
// sequence), layers x d_model the attention width, as prefill_time and decode_step_time count it:
//   FLOP  = 2 N T + 4 x layers x d_model x A, A = attention positions summed over the new tokens:
//             a prefill chunk of c tokens after b cached ones: c x (b + c / 2) (the causal half, as prefill_time;
//             chunks of a prompt add up to its P^2 / 2 since sum of ((b + c)^2 - b^2) / 2 = P^2 / 2);
//             a decode token with L tokens cached: L (as decode_step_time).
//   bytes = weights read once per iteration, bytes_per_parameter x min(resident, active x T) (a dense model reads
//           its N parameters; MoE: assumption, as llm_inference_cost.cpp, that each token may route to other experts:
//           prefill_time counts its P tokens, decode_step_time its B sequences, one token each)
//         + KV cache entries read and written, x kv_cache_bytes_per_token: a prefill chunk reads its b cached tokens
//           and writes its c new ones; a decode token reads its L cached tokens (its own write, 1 / L of that, is not
//           counted, as decode_step_time does not count it).
// duration = max(FLOP / (k peak eff_c), bytes / (k bandwidth eff_m)) / tp, as llm_inference_cost.cpp's roofline.

#include "models/workload/llm_inference_cost.hpp"

namespace terawatt {

// The work of one iteration, added sequence by sequence. Token counts are whole numbers held in doubles (exact below
// 2^53).
struct IterationWork {
  double prefill_tokens = 0.0;
  double decode_tokens = 0.0;
  double attention_positions = 0.0;  // A above
  double kv_tokens = 0.0;            // KV entries read or written

  // A prefill chunk of `chunk_tokens` following `cached_tokens` already in the cache.
  void add_prefill_chunk(double chunk_tokens, double cached_tokens) {
    prefill_tokens += chunk_tokens;
    attention_positions += chunk_tokens * (cached_tokens + 0.5 * chunk_tokens);
    kv_tokens += cached_tokens + chunk_tokens;
  }
  // One decode token attending to `context_tokens` cached ones.
  void add_decode(double context_tokens) {
    decode_tokens += 1.0;
    attention_positions += context_tokens;
    kv_tokens += context_tokens;
  }
  double tokens() const { return prefill_tokens + decode_tokens; }
};

// Expert parallelism of a mixture-of-experts model (vLLM's enable_expert_parallel): its experts are spread over the
// replica's k accelerators, and in each MoE layer every token's hidden state goes to the accelerators of its routed
// experts and its result comes back: two all-to-alls of tokens x experts_per_token x d_model x activation bytes.
// Assumptions: routing is uniform, so a share (k/S - 1) / k of that payload crosses the server interconnect and
// (S - 1) / S the fabric between the replica's S servers (the rest stays on its accelerator); the two legs run at once,
// each over its aggregate one-way bandwidth, the fabric's also paying its one-way latency in each of the 2 x MoE
// layers exchanges (each waits for the previous layer's), and the exchange is not overlapped with compute
// (DeepSeek-V3's two micro-batch overlap is not modelled). Shared experts and the attention's tensor-parallel
// all-reduces are not counted (the latter are in the tensor-parallel efficiency).
struct ExpertParallel {
  int experts_per_token = 1;              // routed experts per token (top-k)
  int moe_layers = 1;                     // layers with routed experts
  double activation_bytes = 2.0;          // BF16 hidden states
  double intra_server_bytes_per_s = 0.0;  // the replica's accelerators of one server together, one way
  double inter_server_bytes_per_s = 0.0;  // its servers together over the fabric, one way (unused on one server)
  double inter_server_latency_s = 0.0;    // the fabric's one-way latency, server to server (unused on one server)
  int servers = 1;                        // S
};

// The two legs of an iteration's all-to-all exchanges for `tokens` tokens on a replica of `accelerators` of width
// `d_model`, which run at once. Throws std::invalid_argument for counts below 1, accelerators not a multiple of the
// servers, a negative latency, or a bandwidth <= 0 that a leg needs.
struct AllToAllLegs {
  double intra_server_s = 0.0;    // over the server interconnect
  double fabric_bytes = 0.0;      // what crosses the fabric between the replica's servers; 0 on one server
  double fabric_bytes_s = 0.0;    // those bytes over the fabric's bandwidth
  double fabric_latency_s = 0.0;  // the fabric's latency, once in each of the 2 x MoE layers exchanges
  double fabric_s() const { return fabric_bytes_s + fabric_latency_s; }
};
AllToAllLegs all_to_all_legs(const ExpertParallel& ep, int accelerators, int d_model, double tokens);
// Time of those exchanges, the longer leg; 0 on one accelerator. Same refusals.
double all_to_all_s(const ExpertParallel& ep, int accelerators, int d_model, double tokens);

// Pipeline parallelism (vLLM's pipeline_parallel_size): a replica's layers split into s stages of tp accelerators each,
// with s micro-batches in flight so that every stage works (vLLM's virtual engines). One micro-batch's iteration runs
// the whole model, stage after stage: the roofline of the full model on tp accelerators (each stage does 1/s of the
// work in 1/s of that time), plus s - 1 hops of its activations, tokens x d_model x activation bytes, to the next
// stage: over the server interconnect (the tp accelerators' one-way bandwidth together) or, where a stage boundary is
// also a server boundary, over the fabric with its latency. Stages are taken aligned with servers, so a replica on S
// servers has S - 1 hops over the fabric.
struct PipelineHops {
  int intra_server = 0;  // stage boundaries within a server
  int inter_server = 0;  // stage boundaries between servers
  double activation_bytes = 2.0;
  double intra_server_bytes_per_s = 0.0;
  double inter_server_bytes_per_s = 0.0;
  double inter_server_latency_s = 0.0;
};

// Time of an iteration's activation hops for `tokens` tokens of width `d_model`. Throws std::invalid_argument for
// negative hop counts, or a bandwidth <= 0 that a hop needs.
double pipeline_hops_s(const PipelineHops& hops, int d_model, double tokens);
// The bytes of those hops that cross the fabric (stage boundaries between servers).
double pipeline_fabric_bytes(const PipelineHops& hops, int d_model, double tokens);

// The roofline of a replica, with its per-token constants computed once (it runs once per simulated iteration).
class IterationRoofline {
 public:
  // Throws std::invalid_argument as prefill_time does for an invalid model, replica or efficiency.
  IterationRoofline(const LlmArchitecture& model, const ReplicaHardware& replica,
                    const InferenceEfficiency& efficiency);

  // Time of the iteration; an iteration of no tokens is a zero PhaseTime.
  PhaseTime phase_time(const IterationWork& work) const;

  double kv_bytes_per_token() const { return kv_bytes_per_token_; }

 private:
  LlmArchitecture model_;
  ReplicaHardware replica_;
  InferenceEfficiency efficiency_;
  double kv_bytes_per_token_ = 0.0;
  double resident_parameters_ = 0.0;
};

}  // namespace terawatt
