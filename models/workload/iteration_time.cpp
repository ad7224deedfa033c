#include "models/workload/iteration_time.hpp"

#include <algorithm>

namespace terawatt {
IterationRoofline::IterationRoofline(const LlmArchitecture& model, const ReplicaHardware& replica,
                                     const InferenceEfficiency& efficiency)
    : model_(model), replica_(replica), efficiency_(efficiency) {
  prefill_time(model, replica, efficiency, 0.0);  // validates the three, throwing as the phase functions do
  kv_bytes_per_token_ = kv_cache_bytes_per_token(model);
  resident_parameters_ = resident_parameters(model);
}

PhaseTime IterationRoofline::phase_time(const IterationWork& work) const {
  const double tokens = work.tokens();
  if (tokens <= 0.0) return PhaseTime{};
  const double flop =
      2.0 * model_.active_parameters * tokens + 4.0 * model_.layers * model_.hidden_size * work.attention_positions;
  const double weights_bytes =
      model_.bytes_per_parameter * std::min(resident_parameters_, model_.active_parameters * std::max(tokens, 1.0));
  return roofline_time(replica_, efficiency_, flop, weights_bytes + work.kv_tokens * kv_bytes_per_token_);
}

}  // namespace terawatt
