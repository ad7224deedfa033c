#pragma once
// The check every time-varying site input makes before its hourly series is made or read for the whole run (weather,
// grid intensity, PV, prices): the run needs a horizon, and a bounded one.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace terawatt {

// Fails at `key` when the scenario has no duration, or one of more hours than a series may hold in memory.
void require_hourly_span(const MapReader& reader, const char* key, const ScenarioInfo& info);

}  // namespace terawatt
