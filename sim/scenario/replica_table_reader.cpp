#include "sim/scenario/replica_table_reader.hpp"

#include "sim/scenario/inference_replica_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

namespace terawatt {
namespace {

// A batch above this is a typo: no replica holds a million sequences at once.
constexpr std::int64_t most_batch = 1000000;

}  // namespace

MapReader child_map(const YamlSource& context, const MapReader& map, const std::string& key,
                    const SectionSpec& section) {
  if (!map.has(key)) return MapReader(context, YAML::Node(YAML::NodeType::Map), map.child_path(key), section);
  return MapReader(context, map.child(key), map.child_path(key), section);
}

std::size_t read_choice(const MapReader& map, const KeySpec& spec, const std::vector<std::string>& names) {
  const std::string text = *map.name(spec);
  const auto found = std::find(names.begin(), names.end(), text);
  if (found == names.end()) {
    const std::string key(spec.key);
    map.fail(key, "unknown " + key + " '" + text + "'" + did_you_mean(text, names) + " (expected " + join(names) + ")");
  }
  return static_cast<std::size_t>(found - names.begin());
}

void read_replica_table(const MapReader& map, const Cluster& cluster, const MapReader& model_map,
                        const MapReader& request_map, const MapReader& replicas_map, const MapReader& measured_map,
                        InferenceService& service) {
  const auto& rspec = inference_replicas_section();
  ReplicaPlan plan;
  plan.accelerators = static_cast<int>(*replicas_map.count(rspec.key("accelerators")));
  if (plan.accelerators < 1) replicas_map.fail("accelerators", "must be at least 1");
  const auto batch = replicas_map.count(rspec.key("max_batch"));
  if (batch && *batch < 1)
    replicas_map.fail("max_batch", "must be at least 1 (a replica that holds no request serves none)");
  if (batch && *batch > most_batch) replicas_map.fail("max_batch", "is implausibly large (expected at most 1,000,000)");
  plan.max_batch = static_cast<int>(batch.value_or(1));
  try {
    if (service.modality == Modality::text) {
      read_text_replica(model_map, request_map, cluster, plan, replicas_map, batch.has_value(), service, measured_map);
    } else {
      read_diffusion_replica(model_map, request_map, cluster, plan, replicas_map, service, measured_map);
    }
  } catch (const std::invalid_argument& e) {
    map.fail("model", e.what());
  }
}

}  // namespace terawatt
