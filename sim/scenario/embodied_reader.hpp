#pragma once
// A cluster's embodied carbon (`clusters[].embodied`): per accelerator and per server, or a whole server's total, over
// a service life and the share of it the hardware is in use (EmbodiedCarbon). Every mistake is a ScenarioError
// located at file:line:col with the key's path.
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <optional>

namespace terawatt {

// The cluster's `embodied` mapping, or none when it has none.
std::optional<EmbodiedCarbon> read_embodied(const YamlSource& context, const MapReader& cluster_map);

}  // namespace terawatt
