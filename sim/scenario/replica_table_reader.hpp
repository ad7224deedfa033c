#pragma once
// The replica table of an inference workload (a service, or an offline batch job), from its `model`, `request` and
// `replicas` mappings (and `measured_power`): the batch plan, then the text or diffusion table
// (sim/scenario/inference_replica_reader.hpp).
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

// The mapping under `key` read against `section`, or an empty one when the key is absent (its defaults then apply).
MapReader child_map(const YamlSource& context, const MapReader& map, const std::string& key,
                    const SectionSpec& section);

// The place in `names` of the name the key gives (an enumerator, when `names` lists its enumerators in order);
// an unknown name fails at the key with the names expected.
std::size_t read_choice(const MapReader& map, const KeySpec& spec, const std::vector<std::string>& names);

// Sets `service.replica` (and its output per request) for `service.modality`, with the measured phase powers of
// `measured_map` imposed; a model that cannot be served fails at `map`'s `model` key.
void read_replica_table(const MapReader& map, const Cluster& cluster, const MapReader& model_map,
                        const MapReader& request_map, const MapReader& replicas_map, const MapReader& measured_map,
                        InferenceService& service);

}  // namespace terawatt
