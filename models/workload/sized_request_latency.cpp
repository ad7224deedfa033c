#include "models/workload/sized_request_latency.hpp"

#include <stdexcept>
#include <utility>

namespace terawatt {

SizedRequestLatency::SizedRequestLatency(const LlmArchitecture& model, const ReplicaHardware& replica,
                                         const InferenceEfficiency& efficiency, PhaseRunFunction run_phase,
                                         double mean_prompt_tokens, double mean_output_tokens)
    : roofline_(model, replica, efficiency), run_phase_(std::move(run_phase)), mean_output_tokens_(mean_output_tokens) {
  if (!run_phase_) throw std::invalid_argument("sized request latency: no phase run function");
  if (!(mean_prompt_tokens >= 0.0) || !(mean_output_tokens >= 0.0)) {
    throw std::invalid_argument("sized request latency: the mean request's sizes must be >= 0");
  }
  mean_prefill_s_ = prefill_s(mean_prompt_tokens);
}

double SizedRequestLatency::prefill_s(double prompt_tokens) const {
  if (prompt_tokens <= 0.0) return 0.0;
  IterationWork work;
  work.add_prefill_chunk(prompt_tokens, 0.0);
  return run_phase_(roofline_.phase_time(work)).duration_s;
}

double SizedRequestLatency::latency_s(double table_latency_s, double prompt_tokens, double output_tokens) const {
  const double rest_s = table_latency_s - mean_prefill_s_;
  const double output_share = mean_output_tokens_ > 0.0 ? output_tokens / mean_output_tokens_ : 1.0;
  return prefill_s(prompt_tokens) + rest_s * output_share;
}

}  // namespace terawatt
