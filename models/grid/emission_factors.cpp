#include "models/grid/emission_factors.hpp"

namespace terawatt {

namespace {

constexpr double kg_per_j_per_g_per_kwh = 1e-3 / 3.6e6;

// IPCC AR5 WG3 Annex III, Table A.III.2, lifecycle emissions, median, gCO2eq/kWh (docs/references.md G, emission
// factors).
constexpr double ar5_coal_pc = 820;
constexpr double ar5_gas_combined_cycle = 490;
constexpr double ar5_biomass_dedicated = 230;
constexpr double ar5_geothermal = 38;
constexpr double ar5_hydropower = 24;
constexpr double ar5_nuclear = 12;
constexpr double ar5_solar_pv_utility = 48;
constexpr double ar5_wind_onshore = 11;
constexpr double ar5_wind_offshore = 12;
constexpr double ar5_ocean = 17;  // tidal and wave, listed as pre-commercial
// Oil has no row in Table A.III.2. Assumption: the IPCC 2006 Guidelines' default CO2 factor of residual fuel oil,
// 77.4 t/TJ of fuel (Vol. 2, Table 2.2), burnt at an assumed 35 % net efficiency: 77.4 g/MJ x 3.6 MJ/kWh / 0.35 =
// 796 g/kWh, direct only (no upstream): a floor of the lifecycle figure, close to coal's.
constexpr double fuel_oil_direct = 77.4 * 3.6 / 0.35;

EmissionFactor factor(const char* type, double g_per_kwh, const char* basis) {
  return {type, g_per_kwh * kg_per_j_per_g_per_kwh, basis};
}

EmissionFactor storage(const char* type) {
  return {type, std::nullopt,
          "assumption: storage re-delivers energy generated earlier; left out of the mix, so it takes the intensity "
          "of the hour's other generation"};
}

}  // namespace

const std::vector<EmissionFactor>& entsoe_emission_factors() {
  static const std::vector<EmissionFactor> factors{
      factor("Biomass", ar5_biomass_dedicated, "IPCC AR5 biomass, dedicated"),
      factor("Fossil Brown coal/Lignite", ar5_coal_pc,
             "assumption: IPCC AR5 coal (pulverised); lignite emits somewhat more per kWh"),
      factor("Fossil Coal-derived gas", ar5_coal_pc, "assumption: IPCC AR5 coal (pulverised), the gas is made of coal"),
      factor("Fossil Gas", ar5_gas_combined_cycle,
             "IPCC AR5 gas, combined cycle; assumption for open-cycle plants, which emit more"),
      factor("Fossil Hard coal", ar5_coal_pc, "IPCC AR5 coal (pulverised)"),
      factor("Fossil Oil", fuel_oil_direct, "assumption: IPCC 2006 fuel oil, 77.4 t CO2/TJ at 35 % efficiency"),
      factor("Fossil Oil shale", ar5_coal_pc, "assumption: IPCC AR5 coal (pulverised); oil shale emits more"),
      factor("Fossil Peat", ar5_coal_pc, "assumption: IPCC AR5 coal (pulverised)"),
      factor("Geothermal", ar5_geothermal, "IPCC AR5 geothermal"),
      storage("Hydro Pumped Storage"),
      factor("Hydro Run-of-river and poundage", ar5_hydropower, "IPCC AR5 hydropower"),
      factor("Hydro Water Reservoir", ar5_hydropower, "IPCC AR5 hydropower"),
      factor("Marine", ar5_ocean, "IPCC AR5 ocean (tidal and wave)"),
      factor("Nuclear", ar5_nuclear, "IPCC AR5 nuclear"),
      factor("Other renewable", ar5_biomass_dedicated,
             "assumption: IPCC AR5 biomass, dedicated (mostly biogas and biomass)"),
      factor("Solar", ar5_solar_pv_utility,
             "assumption: IPCC AR5 solar PV, utility (48), for all solar; rooftop's median is 41"),
      factor("Waste", ar5_biomass_dedicated,
             "assumption: IPCC AR5 biomass, dedicated; waste's fossil share (plastics) emits more"),
      factor("Wind Offshore", ar5_wind_offshore, "IPCC AR5 wind, offshore"),
      factor("Wind Onshore", ar5_wind_onshore, "IPCC AR5 wind, onshore"),
      factor("Other", ar5_gas_combined_cycle, "assumption: IPCC AR5 gas, combined cycle (mostly fossil CHP)"),
      storage("Energy storage"),
  };
  return factors;
}

const EmissionFactor* find_emission_factor(std::string_view production_type,
                                           const std::vector<EmissionFactor>& stated) {
  for (const auto* table : {&stated, &entsoe_emission_factors()}) {
    for (const EmissionFactor& candidate : *table) {
      if (candidate.production_type == production_type) return &candidate;
    }
  }
  return nullptr;
}

}  // namespace terawatt
