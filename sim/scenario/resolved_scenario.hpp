#pragma once
// The scenario with every default made explicit, as YAML that loads back to the same Scenario (to the last bit,
// but for one unit conversion of carbon and water intensities, written per kWh for people to read). Written
// into every output file, so that a result can be re-run from the file alone (data files by absolute path).

#include "sim/scenario/scenario.hpp"

#include <string>

namespace terawatt {

std::string resolved_scenario_yaml(const Scenario& scenario);

}  // namespace terawatt
