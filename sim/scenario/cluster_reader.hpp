#pragma once
// Reads a cluster (`clusters[i]`) into its typed form: its accelerator and server from the catalog, built-in or
// declared by the user (models/power/hardware_catalog.hpp), or the scenario, its counts, power cap, host power curve,
// network and embodied carbon.
// Every mistake is a ScenarioError located at file:line:col with the key's path.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <optional>
#include <vector>

namespace terawatt {

// `hardware` is what the scenario may name: the built-in catalog and the user's entries (hardware_reader.hpp).
Cluster read_cluster(const YamlSource& context, const MapReader& map, const std::vector<Site>& sites,
                     const HardwareCatalog& hardware);

// A per-accelerator power cap under `key` (a cluster's or a job's): at most the accelerator's TDP, above its idle
// power; none when the key is absent.
std::optional<double> read_power_cap(const MapReader& map, const KeySpec& key, const AcceleratorSpec& accelerator);

}  // namespace terawatt
