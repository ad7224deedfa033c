#pragma once
// Emission factors of electricity generation by production type, to turn an hourly generation mix into a carbon
// intensity: intensity = sum(generation_i x factor_i) / sum(generation_i). The production types are those of the
// ENTSO-E Transparency Platform's "Actual Generation per Production Type" (the PSR types B01-B20, B25). The
// factors are lifecycle medians of IPCC AR5 WG3 Annex III, Table A.III.2 (docs/references.md G, emission factors);
// types the table does not list are mapped by a stated assumption (`basis` says which). A lifecycle factor counts the
// plant's construction, fuel supply and operation, so a mix converted with them is a lifecycle (LCA) intensity.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

struct EmissionFactor {
  std::string production_type;  // as the export names it, e.g. "Fossil Gas"
  // kg CO2e per J generated; absent for storage, which is left out of the mix (its discharge then takes the
  // intensity of the hour's other generation: assumption, stored energy was charged from a similar mix).
  std::optional<double> kg_per_j;
  std::string basis;  // the source, or "assumption: ..." with the reason
};

// The built-in factors, one per ENTSO-E production type.
const std::vector<EmissionFactor>& entsoe_emission_factors();

// The factor of `production_type` in `stated` (the scenario's), else in the built-in table; nullptr when neither
// has it.
const EmissionFactor* find_emission_factor(std::string_view production_type, const std::vector<EmissionFactor>& stated);

}  // namespace terawatt
