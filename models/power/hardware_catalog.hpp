#pragma once
// The hardware a scenario may name: the built-in catalog (models/power/catalog.hpp) plus the accelerators, servers and
// facility presets a user declares (sim/scenario/hardware_reader.hpp), looked up by name. One checker,
// check_accelerator and check_server, holds every entry to the same rules, built-in or not.

#include "models/facility/facility_presets.hpp"
#include "models/power/catalog.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

struct HardwareCatalog {
  std::vector<AcceleratorSpec> accelerators;
  std::vector<ServerSpec> servers;
  // The user's facility presets only: the built-in ones are models/facility's facility_presets(), which a user preset
  // of the same name (based_on that name) replaces wherever a site names it (sim/scenario/hardware_reader.hpp).
  std::vector<FacilityPreset> facilities;

  // nullptr if unknown; exact, case-sensitive match on name.
  const AcceleratorSpec* find_accelerator(std::string_view name) const;
  const ServerSpec* find_server(std::string_view name) const;
  const FacilityPreset* find_facility(std::string_view name) const;  // among `facilities` only
  // The first server that holds `accelerator`; nullptr if none does (a user's accelerator without a server).
  const ServerSpec* server_for(std::string_view accelerator) const;

  // Adds an entry, or replaces the one of the same name in place (a user's change to an entry keeps its position).
  void put(const AcceleratorSpec& accelerator);
  void put(const ServerSpec& server);
  void put(const FacilityPreset& facility);
};

// The built-in entries, each checked once when first used (std::logic_error names a built-in entry that fails).
const HardwareCatalog& builtin_catalog();

// What is wrong with an entry: the scenario key of the offending value (e.g. "idle_power", "peak.bf16") and the
// problem, worded as the rest of a located error ("... (expected ...)").
struct SpecProblem {
  std::string key;
  std::string problem;
};

// The rules every accelerator keeps: a TDP above its idle power (idle >= 0), positive peaks, memory and bandwidths,
// and phase powers above idle and at most the TDP. None when it keeps them.
std::optional<SpecProblem> check_accelerator(const AcceleratorSpec& accelerator);
// The rules every server keeps, given its accelerator: at least one accelerator, 0 <= host idle <= host loaded, and a
// nameplate maximum that holds its accelerators at TDP and its host loaded.
std::optional<SpecProblem> check_server(const ServerSpec& server, const AcceleratorSpec& accelerator);

}  // namespace terawatt
