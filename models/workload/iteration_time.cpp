#include "models/workload/iteration_time.hpp"

#include <algorithm>
#include <stdexcept>

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

namespace {

// Dispatch and combine, every MoE layer: the exchanges' whole payload, of which routing sends a share over each leg.
double all_to_all_payload_bytes(const ExpertParallel& ep, int accelerators, int d_model, double tokens) {
  if (ep.experts_per_token < 1 || ep.moe_layers < 1 || accelerators < 1 || d_model < 1 || ep.servers < 1 ||
      accelerators % ep.servers != 0) {
    throw std::invalid_argument(
        "expert parallelism: experts per token, MoE layers, accelerators, width and servers "
        "must be at least 1, the accelerators a multiple of the servers");
  }
  return 2.0 * tokens * ep.experts_per_token * static_cast<double>(d_model) * ep.activation_bytes * ep.moe_layers;
}

double inter_server_share(const ExpertParallel& ep) {
  const double servers = ep.servers;
  return (servers - 1.0) / servers;
}

}  // namespace

AllToAllLegs all_to_all_legs(const ExpertParallel& ep, int accelerators, int d_model, double tokens) {
  const double payload_bytes = all_to_all_payload_bytes(ep, accelerators, d_model, tokens);
  const double k = accelerators;
  const double intra_share = (k / static_cast<double>(ep.servers) - 1.0) / k;
  const double inter_share = inter_server_share(ep);
  if (ep.inter_server_latency_s < 0.0) throw std::invalid_argument("expert parallelism: a latency must be >= 0");
  const auto leg_s = [payload_bytes](double share, double bytes_per_s) {
    if (share <= 0.0) return 0.0;
    if (!(bytes_per_s > 0.0)) throw std::invalid_argument("expert parallelism: a bandwidth must be positive");
    return payload_bytes * share / bytes_per_s;
  };
  AllToAllLegs legs;
  legs.intra_server_s = leg_s(intra_share, ep.intra_server_bytes_per_s);
  legs.fabric_bytes = payload_bytes * inter_share;
  // The fabric's latency once per exchange: dispatch and combine in every MoE layer, each after the previous layer's.
  legs.fabric_latency_s = inter_share > 0.0 ? 2.0 * ep.moe_layers * ep.inter_server_latency_s : 0.0;
  legs.fabric_bytes_s = leg_s(inter_share, ep.inter_server_bytes_per_s);
  return legs;
}

double all_to_all_s(const ExpertParallel& ep, int accelerators, int d_model, double tokens) {
  const AllToAllLegs legs = all_to_all_legs(ep, accelerators, d_model, tokens);
  return std::max(legs.intra_server_s, legs.fabric_s());
}

double pipeline_fabric_bytes(const PipelineHops& hops, int d_model, double tokens) {
  return hops.inter_server > 0 ? hops.inter_server * tokens * static_cast<double>(d_model) * hops.activation_bytes
                               : 0.0;
}

double pipeline_hops_s(const PipelineHops& hops, int d_model, double tokens) {
  if (hops.intra_server < 0 || hops.inter_server < 0) {
    throw std::invalid_argument("pipeline parallelism: hop counts must be >= 0");
  }
  const double bytes = tokens * static_cast<double>(d_model) * hops.activation_bytes;
  double time_s = 0.0;
  if (hops.intra_server > 0) {
    if (!(hops.intra_server_bytes_per_s > 0.0)) throw std::invalid_argument("pipeline parallelism: no bandwidth");
    time_s += hops.intra_server * bytes / hops.intra_server_bytes_per_s;
  }
  if (hops.inter_server > 0) {
    if (!(hops.inter_server_bytes_per_s > 0.0)) throw std::invalid_argument("pipeline parallelism: no bandwidth");
    time_s += hops.inter_server * (bytes / hops.inter_server_bytes_per_s + hops.inter_server_latency_s);
  }
  return time_s;
}

}  // namespace terawatt
