#pragma once
// A projection's `segments`: each segment's fleet inputs (models/fleet/projection_fleet.hpp) and what its
// representative runs need (generations' servers, utilisation and power by case, the inference service), read once
// the cases, regions and representative settings are known (sim/scenario/projection_loader.hpp).

#include "sim/scenario/projection_scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace terawatt {

void read_segments(const YamlSource& source, const MapReader& root, ProjectionScenario& scenario);

}  // namespace terawatt
