#pragma once
// Human-readable tables of a hardware catalog for `terawatt catalog`: accelerators (name, TDP, idle, peak TFLOP/s,
// memory GB, TB/s) and servers (accelerator, count, nameplate, host idle and loaded), each followed by its source.

#include "models/power/hardware_catalog.hpp"

#include <string>

namespace terawatt {

std::string format_accelerators(const HardwareCatalog& catalog);
std::string format_servers(const HardwareCatalog& catalog);

}  // namespace terawatt
