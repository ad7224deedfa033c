#pragma once
// Time and energy of serving a dense or mixture-of-experts transformer LLM: prefill (compute-bound), decode (a
// roofline of compute and HBM traffic), the memory a replica needs, and the power each phase draws. Pure model: no
// engine, no I/O. Also the arithmetic of Epoch AI's per-query estimate (docs/references.md RC-23), kept separate so a
// validation case can reproduce it from its own inputs.

#include "models/power/accelerator_power.hpp"
#include "models/power/catalog.hpp"

#include <functional>
#include <optional>
#include <string>

namespace terawatt {

// The model being served.
struct LlmArchitecture {
  double active_parameters = 0.0;    // N: parameters each token passes through (all of them for a dense model)
  double total_parameters = 0.0;     // parameters resident in HBM (MoE: every expert); 0 means equal to active
  double bytes_per_parameter = 2.0;  // BF16 weights
  int layers = 0;
  int hidden_size = 0;  // d_model; the attention width (query heads x head dim) is taken equal to it
  int kv_heads = 0;     // key/value heads (grouped-query attention: fewer than the query heads)
  int head_dim = 0;
  double kv_bytes_per_value = 2.0;  // BF16 KV cache
};

// Parameters resident in HBM: total_parameters, or active_parameters for a dense model.
double resident_parameters(const LlmArchitecture& model);

// KV cache per token of context: 2 (K and V) x layers x kv_heads x head_dim x bytes per value.
// Llama 3 70B (80 layers, 8 KV heads of 128, BF16): 327,680 B = 320 KiB per token.
double kv_cache_bytes_per_token(const LlmArchitecture& model);

// One replica: `accelerators` devices holding one copy of the model, split by tensor parallelism.
struct ReplicaHardware {
  double peak_flop_per_s = 0.0;            // per accelerator, dense BF16
  double hbm_bandwidth_bytes_per_s = 0.0;  // per accelerator
  double hbm_capacity_bytes = 0.0;         // per accelerator
  int accelerators = 1;                    // k
};

// A replica of `accelerators` catalog devices. Throws std::invalid_argument if accelerators < 1.
ReplicaHardware replica_hardware(const AcceleratorSpec& accelerator, int accelerators);

// How close a replica comes to its datasheet peaks.
//  - compute 0.40: the share of peak FLOP/s that large GEMMs sustain. Assumption: prefill and large-batch decode
//    run as efficiently as training's matrix multiplies; Llama 3 405B trained at 38-43 % MFU on H100
//    (docs/references.md E; OPT/BLOOM on A100 reached 47-50 %). Epoch's 10 % (RC-23) is a fleet-wide average over whole
//    queries that folds in memory-bound decode and idle time, which this model derives instead, so it is not used here.
//  - memory_bandwidth 0.80: assumption (not among the published figures of docs/references.md): the share of datasheet
//  HBM bandwidth that streaming
//    weight and KV reads sustain.
//  - tensor_parallel 0.90: assumption (not among the published figures of docs/references.md): for k > 1, the share of
//  the ideal k-fold speed-up left
//    after the per-layer all-reduces; it divides every phase time. Ignored when k = 1.
struct InferenceEfficiency {
  double compute = 0.40;
  double memory_bandwidth = 0.80;
  double tensor_parallel = 0.90;
};

// Time of one phase (a prefill, or one decode step) on a replica, from a roofline:
// duration = max(flop / (k x peak x compute), bytes / (k x bandwidth x memory_bandwidth)) / tp, with tp the
// tensor-parallel efficiency when k > 1 and 1 otherwise.
struct PhaseTime {
  double flop = 0.0;
  double bytes = 0.0;       // HBM traffic
  double compute_s = 0.0;   // flop term of the roofline, before the tensor-parallel division
  double memory_s = 0.0;    // bytes term of the roofline, before the tensor-parallel division
  double duration_s = 0.0;  // wall time of the phase on the replica
  // Share of the replica's achievable FLOP/s the phase uses: compute_s / max(compute_s, memory_s). 1 when
  // compute-bound; below 1 it equals the phase's arithmetic intensity over the roofline's ridge point.
  double compute_utilisation = 0.0;
  bool memory_bound() const { return memory_s > compute_s; }
};

// The roofline above for a phase of `flop` FLOPs and `bytes` of HBM traffic: what prefill_time, decode_step_time and an
// engine iteration's mixed batch (models/workload/iteration_time.hpp) share.
PhaseTime roofline_time(const ReplicaHardware& replica, const InferenceEfficiency& efficiency, double flop,
                        double bytes);

// Prefill of one prompt of P tokens, alone on the replica.
//   FLOP  = 2 N P (Kaplan et al. 2020, Table 1: 2N per token forward)
//         + 2 x layers x d_model x P^2 (causal attention: QK^T and attention x V cost 2 d each per pair of
//           positions, and the causal mask keeps P^2 / 2 pairs; kernels such as FlashAttention skip the masked half).
//   bytes = weights read (as for decode, with P tokens in place of B sequences) + the P tokens' KV written.
PhaseTime prefill_time(const LlmArchitecture& model, const ReplicaHardware& replica,
                       const InferenceEfficiency& efficiency, double prompt_tokens);

// One decode step of a batch of B sequences, each attending to a context of L tokens.
//   FLOP  = B x (2 N + 4 x layers x d_model x L): 2N per new token, plus QK^T and attention x V over L positions
//           (2 L d each; Kaplan et al. 2020 Table 1 lists the QK^T half, 2 n_layer n_ctx d_attn).
//   bytes = weights read + B x L x kv_bytes_per_token (each sequence reads its whole KV cache).
// Weights read per step = bytes_per_parameter x min(resident, active x B). Dense: N. MoE: assumption that each
// sequence may route to different experts, so a batch reads between the active and the resident weights.
PhaseTime decode_step_time(const LlmArchitecture& model, const ReplicaHardware& replica,
                           const InferenceEfficiency& efficiency, double batch, double context_tokens);

// Tokens generated per second by a replica decoding a batch of B at context L: B / decode step time.
double decode_tokens_per_s(const LlmArchitecture& model, const ReplicaHardware& replica,
                           const InferenceEfficiency& efficiency, double batch, double context_tokens);

// Whether weights + KV for `batch` sequences of `context_tokens` fit in the replica's HBM (k x capacity). No
// allowance is made for activations, the CUDA context or fragmentation; callers wanting headroom pass a smaller
// capacity.
struct MemoryFit {
  bool fits = false;
  double weights_bytes = 0.0;
  double kv_cache_bytes = 0.0;
  double available_bytes = 0.0;
  std::string reason;  // empty when it fits; otherwise what does not fit, with the numbers
};
MemoryFit check_memory_fit(const LlmArchitecture& model, const ReplicaHardware& replica, double batch,
                           double context_tokens);

// Largest whole batch whose KV cache for `context_tokens` fits beside the weights; 0 when none does.
double max_batch_in_memory(const LlmArchitecture& model, const ReplicaHardware& replica, double context_tokens);

// Power of an accelerator as a function of the phase's compute utilisation u (PhaseTime::compute_utilisation),
// with no power cap:
//   power = idle + (TDP - idle) x (i_floor + (i_compute - i_floor) x u).
// Compute-bound work (prefill, u = 1) draws the accelerator model's compute intensity, as training does (docs/design.md
// section 5). Memory-bound decode draws less, rising with the batch: with HBM saturated, the FLOP/s a step achieves
// is u x the compute-bound rate, so the arithmetic units' share of the dynamic power is assumed proportional to u
// (an assumption: linear in u, no data to shape it). i_floor, at u -> 0, comes from ML.ENERGY's finding that
// estimates at TDP overstate LLM decode energy by up to 4.1x (docs/references.md E): memory-bound decode averages
// TDP / 4.1 = 24 % of TDP. It is converted to an intensity over the dynamic range as accelerator_power.cpp does
// for checkpoints, and clamped to [0, i_compute].
// Cross-check: Epoch's 70 % power adjustment (RC-23, a Microsoft fleet average of whole servers) lies inside the
// curve's range of 24 % (batch 1) to 87 % (compute-bound, H100) of TDP.
// A measured compute-bound power (`compute_power_w`, a study's prefill at full clock) replaces the compute end:
// i_compute = (P_compute - idle) / (TDP - idle), as AcceleratorPowerParams::measured_compute_w does for training.
struct LlmPowerParams {
  double memory_bound_fraction_of_tdp = 1.0 / 4.1;  // docs/references.md E (ML.ENERGY)
  std::optional<double> compute_power_w;            // in (idle, TDP]; none: the accelerator's compute intensity
};
// Throws std::invalid_argument for a floor fraction outside [0, 1] or a compute power outside (idle, TDP].
double llm_uncapped_power_w(const AcceleratorPowerModel& accelerator, const LlmPowerParams& params,
                            double compute_utilisation);

// The uncapped power a phase of compute utilisation u can draw as the curve's floor ranges over its whole span,
// from idle (i_floor = 0) to the compute end (i_floor = i_compute): idle + u (P_compute - idle) to P_compute.
struct PowerRange {
  double lowest_w = 0.0;
  double highest_w = 0.0;
};
PowerRange llm_phase_power_range(const AcceleratorPowerModel& accelerator, const LlmPowerParams& params,
                                 double compute_utilisation);

// `params` with the floor solved so that a phase of compute utilisation u draws `power_w` uncapped (a measured
// decode power): the curve stays linear in u through its compute end, so
//   i_floor = (x - i_compute u) / (1 - u),  x = (power - idle) / (TDP - idle),
// returned as memory_bound_fraction_of_tdp = (idle + (TDP - idle) i_floor) / TDP. Throws std::invalid_argument,
// the possible range in the message, when `power_w` lies outside llm_phase_power_range; at u = 1 (a compute-bound
// phase draws the compute end whatever the floor) unless it equals the compute power.
LlmPowerParams llm_power_for_phase_power(const AcceleratorPowerModel& accelerator, LlmPowerParams params,
                                         double compute_utilisation, double power_w);

// A phase as one accelerator of the replica runs it under the accelerator's power cap.
struct PhaseRun {
  double duration_s = 0.0;  // wall time of the phase on the replica
  double power_w = 0.0;     // power of one accelerator
};
using PhaseRunFunction = std::function<PhaseRun(const PhaseTime& phase)>;

// The cap acts on a phase as on any other work (AcceleratorPowerModel::capped): a phase whose uncapped power
// (above) stays under the cap runs unchanged; one above it draws the cap at the clock f that implies, and only its
// clock-bound share, the roofline's compute share u, stretches: duration x ((1 - u) + u / f). Prefill (u = 1) slows
// by 1 / f; decode at a small batch barely slows, and more as the batch raises u.
PhaseRunFunction llm_phase_run(const AcceleratorPowerModel& accelerator, const LlmPowerParams& params = {});

// One request's prompt and output.
struct LlmRequest {
  double prompt_tokens = 0.0;
  double output_tokens = 0.0;
};

// Cost of one request: its prefill runs alone on the replica; its decode shares every step with batch - 1 other
// sequences at the same context (a steady-state assumption: continuous batching mixes contexts). Decode step i
// (i = 0 .. O-1) attends to P + i tokens; a fractional output count adds that fraction of one more step. The
// request is charged the whole prefill and 1 / batch of each decode step, on all k accelerators. Each phase's wall
// time and power come from `run_phase` (llm_phase_run: under the accelerator's power cap).
struct LlmRequestCost {
  double prefill_s = 0.0;         // wall time of its prefill
  double decode_s = 0.0;          // wall time from first to last output token
  double accelerator_s = 0.0;     // GPU-seconds charged: k x (prefill_s + decode_s / batch)
  double prefill_energy_j = 0.0;  // accelerators only, charged to the request
  double decode_energy_j = 0.0;
  double energy_j() const { return prefill_energy_j + decode_energy_j; }
};

// Throws std::invalid_argument for non-positive batch or negative tokens, and when the batch's KV cache at the
// final context P + O does not fit (the message is MemoryFit::reason).
LlmRequestCost llm_request_cost(const LlmArchitecture& model, const ReplicaHardware& replica,
                                const InferenceEfficiency& efficiency, const LlmRequest& request, double batch,
                                const PhaseRunFunction& run_phase);

// Epoch AI's per-query arithmetic ("How much energy does ChatGPT use?", J. You, 7 Feb 2025, and its spreadsheet;
// docs/references.md RC-23), with its baseline inputs as defaults:
//   FLOP = 2 x active parameters x output tokens; GPU-s = FLOP / (peak x utilisation);
//   average power = power per GPU x power adjustment x PUE; energy = GPU-s x average power.
// The baseline gives 1e14 FLOP, 1.01 GPU-s, 1,071 W and 0.301 Wh. Input tokens are ignored, as in the
// spreadsheet (Epoch prices long inputs separately).
struct EpochQueryInputs {
  double active_parameters = 100e9;  // RC-23: 100B active (400B total, MoE)
  double output_tokens = 500.0;      // RC-23: 500, "somewhat pessimistic"
  double peak_flop_per_s = 989e12;   // RC-23: H100 BF16 dense
  double flop_utilisation = 0.10;    // RC-23
  double power_per_gpu_w = 1275.0;   // RC-23: DGX H100 10.2 kW / 8
  double power_adjustment = 0.7;     // RC-23: "average consumption found by Microsoft"
  double pue = 1.2;                  // RC-23
};
struct EpochQueryEstimate {
  double flop = 0.0;
  double gpu_s = 0.0;
  double average_power_w = 0.0;
  double energy_j = 0.0;
  double energy_wh = 0.0;
};
// Throws std::invalid_argument for non-positive inputs or a utilisation or adjustment above 1.
EpochQueryEstimate epoch_style_query_energy(const EpochQueryInputs& inputs);
double epoch_style_query_energy_wh(const EpochQueryInputs& inputs);

}  // namespace terawatt
