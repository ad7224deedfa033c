#pragma once
// Reads what a site has besides its grid supply and the terms of its connection (`sites[].solar`, `.battery`,
// `.connection`, sim/scenario/supply_schema.cpp) into Site::supply, checking every value and cross-reference: the PV
// output is computed here for the whole run, from the irradiance of the solar section's climate or weather file or,
// absent those, the facility's.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <map>
#include <string>

namespace terawatt {

// Hourly price files already read for this scenario, by absolute path (in energy price per joule): sites of one
// market often share one, which is then read once.
using PriceFiles = std::map<std::string, StepSeries>;

// After read_site_environment (the facility's weather is the PV's default).
void read_site_supply(const YamlSource& source, const MapReader& site_map, const ScenarioInfo& info,
                      const std::string& base_dir, Site& site, PriceFiles& price_files);

}  // namespace terawatt
