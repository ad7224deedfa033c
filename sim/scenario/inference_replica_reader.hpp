#pragma once
// Reads what one replica of an inference service is (`model` and `request` of `workloads[]` with `type: inference`)
// into its latency and power table against the batch (models/workload/replica_service.hpp): a transformer LLM for
// text, a diffusion transformer for images and video. Every mistake is a ScenarioError located at file:line:col.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <optional>

namespace terawatt {

// The replica's size and most requests held at once, as `replicas` gives them.
struct ReplicaPlan {
  int accelerators = 1;
  int max_batch = 1;
};

// Text: a transformer LLM. Without a given batch (`batch_given` false), the default batch, lowered to what the
// KV cache fits. `measured_map`: the service's `measured_power` (an empty mapping when absent).
void read_text_replica(const MapReader& model_map, const MapReader& request_map, const Cluster& cluster,
                       ReplicaPlan plan, const MapReader& replicas_map, bool batch_given, InferenceService& service,
                       const MapReader& measured_map);

// A video request's frames as its keys state them: `frames`, or `seconds` x `fps` rounded; none when neither is
// given. Fails at `seconds` when the clip rounds to no frame.
std::optional<double> stated_frames(const MapReader& request_map);

// Image and video: a diffusion transformer (or a given FLOP count per pass), compute-bound.
void read_diffusion_replica(const MapReader& model_map, const MapReader& request_map, const Cluster& cluster,
                            const ReplicaPlan& plan, const MapReader& replicas_map, InferenceService& service,
                            const MapReader& measured_map);

}  // namespace terawatt
