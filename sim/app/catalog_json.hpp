#pragma once
// The catalog as JSON for programs: one object per kind (accelerators, servers, facilities, climates, grids), each a
// list of entries whose numeric fields carry their SI unit in their name (`tdp_w`), and a `units` object giving each
// such field's unit as UDUNITS text.

#include "models/power/hardware_catalog.hpp"

#include <string>
#include <vector>

namespace terawatt {

// The names of the kinds, in the order listed.
const std::vector<std::string>& catalog_kinds();

// `kinds`: a subset of catalog_kinds(), in any order.
std::string catalog_json(const HardwareCatalog& hardware, const std::vector<std::string>& kinds);

}  // namespace terawatt
