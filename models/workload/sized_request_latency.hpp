#pragma once
// The latency of a text request of its own size at request fidelity, from the replica table of the service's mean
// request (models/workload/replica_service.hpp). That table's latency of a request admitted beside n - 1 others is
// L(n) = n x prefill(Pm) + decode(n), Pm and Om the mean prompt and output: its own prefill, and a decode that the
// other requests' prefills stall. A request of P prompt and O output tokens, beside n - 1 of the service's mix, takes
//   L(n; P, O) = prefill(P) + (L(n) - prefill(Pm)) x O / Om
//  - its own prefill at its own length: the roofline of that prompt alone (models/workload/iteration_time.hpp, the
//    quadratic attention term included) under the accelerator's power cap, as the table's prefill is taken;
//  - the rest in proportion to its output. It decodes O steps at the batch's step time, which the contexts of the
//    whole batch set, not its own (mean field: the others are the service's mix); and the other requests' prefills
//    that stall it are admitted at the replica's rate while it decodes, so their number grows with O too.
// Over the mix, the mean latency is L(n) + E[prefill(P)] - prefill(Pm): the table's where prefill is linear in P, more
// where long prompts' attention weighs (prefill is convex in P). With Om = 0 (prompts only) the rest is not scaled.
// Not modelled here: a long request's KV cache crowding the others out of memory, and its preemption; iteration
// fidelity pages the cache (models/workload/iteration_engine.hpp). Pure model: no engine, no I/O.
#include "models/workload/iteration_time.hpp"

namespace terawatt {

class SizedRequestLatency {
 public:
  // `run_phase` as the replica's table and engine take it (llm_phase_run). Throws std::invalid_argument as
  // IterationRoofline does, for no run_phase, or for a negative mean size.
  SizedRequestLatency(const LlmArchitecture& model, const ReplicaHardware& replica,
                      const InferenceEfficiency& efficiency, PhaseRunFunction run_phase, double mean_prompt_tokens,
                      double mean_output_tokens);

  // Time of a prompt of `prompt_tokens` prefilled alone (0 for none).
  double prefill_s(double prompt_tokens) const;
  // L(n; P, O) above, from the table's L(n) for the mean request.
  double latency_s(double table_latency_s, double prompt_tokens, double output_tokens) const;

 private:
  IterationRoofline roofline_;
  PhaseRunFunction run_phase_;
  double mean_prefill_s_ = 0.0;
  double mean_output_tokens_ = 0.0;
};

}  // namespace terawatt
