#include "models/facility/facility_presets.hpp"

#include "models/base/number_text.hpp"

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace terawatt {

namespace {

constexpr double joules_per_kwh = 3.6e6;
constexpr double litres_per_m3 = 1000.0;
constexpr double preset_check_capacity_w = 1e6;

// The one fitted value per preset (see each preset's fitted_parameter), solved by secant iteration on
// typical_year_summary to the published annual PUE and rounded to 4 significant digits (within 0.0002 of the target);
// tests/models/facility_presets_test.cpp checks each preset stays within 0.02, so a change elsewhere that moves a
// preset off its target shows up there.
constexpr double fitted_hyperscale_other_fixed = 0.01398;
constexpr double fitted_hyperscale_adiabatic_fans = 0.09268;
constexpr double fitted_colocation_fans = 0.1238;
constexpr double fitted_enterprise_fans = 0.08627;
constexpr double fitted_liquid_cooled_ai_fans = 0.1037;

// Shared reasoning, worded once.
//
// Chiller Carnot fractions are set so that the model meets the ASHRAE 90.1 minimum efficiencies at AHRI 550/590
// rating conditions (6.7 C leaving chilled water; 29.4 C entering condenser water or 35 C outdoor air). With a
// 1.5 K evaporator approach (5.2 C evaporating): water-cooled centrifugal, condensing 11 K above the wet bulb,
// i.e. 29.4 + 5.5 K range + ~1 K ~= 36 C, gives a Carnot COP of 9.0, so 90.1-2016's 0.560 kW/ton (COP 6.28) is a
// fraction 0.69; air-cooled, condensing 15 K above the outdoor air (50 C), gives a Carnot COP of 6.2, so 90.1-2016's
// 10.1 EER (COP 2.96) is 0.48 and 90.1-2007's 9.562 EER (COP 2.80) is 0.45. These standards are not among the published
// figures of docs/references.md; the approaches are engineering assumptions.
const char* const kChillerBasis =
    "chiller Carnot fraction calibrated to ASHRAE 90.1 minimum efficiencies at AHRI 550/590 rating conditions "
    "(water-cooled centrifugal 0.560 kW/ton -> 0.69 of Carnot with an 11 K condensing approach over the wet bulb; "
    "air-cooled 10.1 EER (2016) -> 0.48, 9.562 EER (2007) -> 0.45 with a 15 K approach over the dry bulb); not in "
    "docs/references.md";
const char* const kFittedOther =
    "other_fixed_w_per_w_capacity (lighting, controls, offices and other fixed loads per W of capacity), solved so "
    "that the modelled annual PUE in the typical climate at the typical load equals the published target; it does "
    "not vary with weather, so the weather and seasonal behaviour is not fitted (fans are fixed at 3 % here "
    "because, with the affinity law, a larger fan share would make PUE rise toward full load)";
const char* const kFittedFans =
    "air_handling.design_fan_power_fraction (fan power at design airflow per W of design air-cooled IT), solved so "
    "that the modelled annual PUE in the typical climate at the typical load equals the published target; PUE rises "
    "monotonically with it, and it does not vary with weather, so the weather and seasonal behaviour is not fitted";

FacilityPreset hyperscale() {
  FacilityPreset p;
  p.name = "hyperscale";
  p.description =
      "Google-like hyperscale hall: warm chilled water, cooling towers with a water-side economiser, "
      "variable-speed air handlers, no central UPS";
  CoolingPlantParams& c = p.plant;
  // Premium variable-speed centrifugal chillers, a step better than the 90.1-2016 minimum (0.69 of Carnot):
  // assumption. Chilled water at 18 C supply / 26 C return serves the warm cold aisles (about 27 C) that Google
  // and others publicise; assumption, not among the published figures of docs/references.md.
  c.chiller = {0.75, 18.0, 1.5, HeatRejection::cooling_tower, 11.0, 10.0};
  // Water-side economiser through a plate heat exchanger (1.5 K approach) from towers with a 4 K approach: full
  // free cooling while wet bulb + 5.5 K <= 18 C supply, none once it reaches the 26 C return.
  c.economiser = {EconomiserType::water_side, 18.0 - 5.5, 26.0 - 5.5};
  // Fan coils in contained hot aisles: 3 % of IT at full design airflow, turning down to 30 % airflow. Assumption.
  c.air_handling = {0.03, 0.3, 3.0};
  c.pumps = {0.025, 0.3, 2.0};               // variable-speed chilled and condenser water pumps: assumption
  c.cooling_tower = {0.008, 4.0, 5.5, 6.0};  // 0.8 % fan power, 4 K approach, 5.5 K (10 F) range, 6 cycles
  // Battery backup on the server trays replaces double-conversion UPS; what remains is transformers: 0.3 % of
  // rating as core (no-load) loss and 1.5 % proportional. Assumption, not among the published figures of
  // docs/references.md.
  c.distribution = {0.003, 0.0, 0.015};
  // Lighting, controls, security, generator heaters and the campus's offices, per W of capacity: fitted (see
  // kFittedOther). The result, about 1.4 %, is of the order such loads take.
  c.other_fixed_w_per_w_capacity = fitted_hyperscale_other_fixed;
  p.published_annual_pue = 1.10;
  p.published_source =
      "docs/references.md F RC-60: Google fleet trailing-twelve-month PUE 1.10 (Patterson et al. 2021: Google sites "
      "1.09-1.12, Iowa 1.11 [P]; fleet 1.09 in 2024 [S]); GPT-3's Azure DC 1.10 [P]";
  p.typical_climate = "iowa";
  p.typical_load_fraction = 0.7;
  p.fitted_parameter = kFittedOther;
  p.source = std::string(kChillerBasis) +
             "; economiser thresholds from the chilled-water temperatures and approaches; pumps, tower fans, "
             "transformer losses and lighting are engineering assumptions stated in facility_presets.cpp";
  return p;
}

FacilityPreset hyperscale_adiabatic() {
  FacilityPreset p;
  p.name = "hyperscale-adiabatic";
  p.description =
      "Microsoft-like hyperscale hall: outside air with direct evaporative cooling, air-cooled DX trim "
      "for the rare hours outside air cannot serve";
  CoolingPlantParams& c = p.plant;
  // DX trim coils evaporating at 14 C (the 'chilled water supply' field holds the coil temperature: 16 C less the
  // 2 K approach), air-cooled condensers at the 90.1-2007 minimum Carnot fraction. Assumptions.
  c.chiller = {0.45, 16.0, 2.0, HeatRejection::air_cooled, 15.0, 15.0};
  // Outside air supplied at up to 24 C and returned from the hot aisle at 35 C: full free cooling while the
  // (evaporatively cooled) outdoor air is at most 24 C, none once it reaches 35 C. 24 C is inside ASHRAE's
  // recommended 18-27 C inlet range; assumption.
  c.economiser = {EconomiserType::air_side, 24.0, 35.0};
  // Rigid wetted media, 0.85 saturation effectiveness (0.8-0.9 for 150-300 mm media), bled at 3 cycles. Assumption.
  c.evaporative_assist = {0.85, 3.0};
  // Supply fans push outside air through filters and wetted media: design fan power fitted.
  c.air_handling = {fitted_hyperscale_adiabatic_fans, 0.3, 3.0};
  c.pumps = {0.0, 0.3, 2.0};  // no chilled-water loop; media recirculation pumps are negligible
  // Central double-conversion UPS (2 % no-load, 3 % proportional) and 2 % transformers and PDUs; 1 % lighting,
  // controls and offices. Assumptions.
  c.distribution = {0.02, 0.03, 0.02};
  c.other_fixed_w_per_w_capacity = 0.01;
  p.published_annual_pue = 1.14;
  p.published_source =
      "docs/references.md F RC-60: Li et al. 2023 Table 1, Microsoft in Virginia, PUE 1.14 [P] (with on-site WUE 0.14 "
      "L/kWh, RC-61, which the model does not fit); Azure fleet 1.12 (Jegham [P])";
  p.typical_climate = "virginia";
  p.typical_load_fraction = 0.7;
  p.fitted_parameter = kFittedFans;
  p.source = std::string(kChillerBasis) +
             "; supply and return air temperatures, media effectiveness, UPS and lighting are engineering "
             "assumptions stated in facility_presets.cpp";
  return p;
}

FacilityPreset colocation() {
  FacilityPreset p;
  p.name = "colocation";
  p.description =
      "Multi-tenant colocation hall: air-cooled free-cooling chillers, CRAHs kept at high airflow for "
      "uneven tenant loads, 2N double-conversion UPS";
  CoolingPlantParams& c = p.plant;
  // Air-cooled screw chillers at the 90.1-2007 minimum (colocation halls of the 2008-2015 build-out); 10 C supply /
  // 16 C return chilled water (tenants' SLAs keep cold aisles near the bottom of the ASHRAE A1 recommended range);
  // head-pressure control keeps at least 20 K of lift. Assumptions.
  c.chiller = {0.45, 10.0, 1.5, HeatRejection::air_cooled, 15.0, 20.0};
  // Integrated free-cooling coils on the chillers: full free cooling 6 K below the supply water, none above 2 K
  // below the return water. Assumption (typical manufacturer control bands).
  c.economiser = {EconomiserType::water_side, 10.0 - 6.0, 16.0 - 2.0};
  // Redundant CRAHs all running: never below 80 % airflow (assumption). Design fan power fitted.
  c.air_handling = {fitted_colocation_fans, 0.8, 3.0};
  c.pumps = {0.025, 0.5, 2.0};
  // 2N: two UPS systems each rated for the full load, each with a 1.5 % no-load loss, and 3 % proportional loss
  // (double conversion, about 95 % efficient at the 30 % load each side carries); 1.5 % PDU transformers.
  c.distribution = {2.0 * 0.015, 0.03, 0.015};
  c.other_fixed_w_per_w_capacity = 0.01;  // lighting, security, customer areas: assumption
  p.published_annual_pue = 1.40;
  p.published_source =
      "assumption: docs/references.md gives no colocation figure; 1.40 lies between the hyperscale fleets (1.09-1.14) "
      "and "
      "the Uptime Institute industry average (1.56-1.58) of docs/references.md F RC-60, where large multi-tenant "
      "operators "
      "place themselves in their sustainability reports (not among the published figures of docs/references.md)";
  p.typical_climate = "virginia";  // Northern Virginia is the largest colocation market
  // Colocation capacity is leased out progressively, so halls run well below design: 60 % (assumption).
  p.typical_load_fraction = 0.6;
  p.fitted_parameter = kFittedFans;
  p.source = std::string(kChillerBasis) +
             "; free-cooling band, 2N UPS losses, pumps and lighting are engineering assumptions stated in "
             "facility_presets.cpp";
  return p;
}

FacilityPreset enterprise() {
  FacilityPreset p;
  p.name = "enterprise";
  p.description =
      "Legacy enterprise server room: air-cooled chillers at 7 C without economiser, constant-speed "
      "CRAC fans and pumps, legacy UPS and transformer PDUs";
  CoolingPlantParams& c = p.plant;
  // Air-cooled chillers at the older 90.1-2007 minimum; 7 C (45 F) chilled water, the legacy design point; fixed
  // head-pressure control keeps at least 25 K of lift. Assumptions.
  c.chiller = {0.45, 7.0, 1.5, HeatRejection::air_cooled, 15.0, 25.0};
  c.economiser = {EconomiserType::none, 0.0, 0.0};
  c.air_handling = {fitted_enterprise_fans, 1.0, 3.0};  // constant-speed fans: always full airflow; power fitted
  c.pumps = {0.03, 0.8, 2.0};                           // constant-flow primary pumps, little turndown: assumption
  // Legacy double-conversion UPS: 3 % no-load loss and 4 % proportional, i.e. about 92 % efficient at 70 % load and
  // 86 % at 25 %, the shape of older UPS efficiency curves (LBNL measurements, not among the published figures of
  // docs/references.md); 2 % PDU transformers. Assumptions.
  c.distribution = {0.03, 0.04, 0.02};
  c.other_fixed_w_per_w_capacity = 0.02;  // lighting and the office share of the building: assumption
  p.published_annual_pue = 1.57;
  p.published_source =
      "docs/references.md F RC-60: Uptime Institute industry average 1.58 (2023) and 1.56 (2024) [S]; 1.57 is their "
      "mean "
      "(Patterson et al. 2021 and Strubell et al. use 1.58 for the US average [P])";
  p.typical_climate = "virginia";  // a mid-latitude US climate, where most Uptime respondents operate
  p.typical_load_fraction = 0.7;
  p.fitted_parameter = kFittedFans;
  p.source = std::string(kChillerBasis) +
             "; UPS, PDU, pumps and lighting are engineering assumptions stated in facility_presets.cpp";
  return p;
}

FacilityPreset liquid_cooled_ai() {
  FacilityPreset p;
  p.name = "liquid-cooled-ai";
  p.description =
      "AI training hall: 80 % of IT heat to warm-water cold plates (32 C supply) on adiabatic dry "
      "coolers, the rest to CRAHs on air-cooled free-cooling chillers";
  CoolingPlantParams& c = p.plant;
  c.chiller = {0.48, 18.0, 1.5, HeatRejection::air_cooled, 15.0, 15.0};  // 90.1-2016 air-cooled, warm water
  // Free-cooling coils: full below 12 C (6 K under the 18 C supply), none above 22 C (2 K under a 24 C return).
  c.economiser = {EconomiserType::water_side, 18.0 - 6.0, 24.0 - 2.0};
  c.air_handling = {fitted_liquid_cooled_ai_fans, 0.3, 3.0};  // design fan power fitted
  c.pumps = {0.02, 0.3, 2.0};
  LiquidCoolingParams& liquid = c.liquid_cooling;
  // Cold plates take about 80 % of a GPU server's heat (the rest is memory, drives, power supplies, NICs):
  // assumption. Facility water 32 C supply / 42 C return, ASHRAE liquid-cooling class W32 (not among the published
  // figures of docs/references.md).
  liquid.fraction = 0.8;
  liquid.supply_c = 32.0;
  liquid.return_c = 42.0;
  liquid.dry_cooler_approach_c = 6.0;
  liquid.evaporative_effectiveness = 0.7;  // wetted-pad adiabatic pre-coolers: assumption (0.6-0.8 typical)
  liquid.evaporative_cycles_of_concentration = 3.0;
  liquid.dry_cooler_air_rise_c = 10.0;
  // Dry coolers move a lot of air for a 6 K approach: 2.5 % of the heat rejected (assumption).
  liquid.dry_cooler_fan_power_fraction = 0.025;
  liquid.pumps = {0.03, 0.3, 2.0};  // CDUs (about 1.5 %) and the facility-water loop (1.5 %): assumption
  liquid.trim_chiller_carnot_efficiency = 0.48;
  liquid.trim_chiller_condensing_approach_c = 15.0;
  // Modern UPS: 1 % no-load, 2.5 % proportional; 2 % medium-voltage transformers, busway and rack PDUs.
  // Assumptions.
  c.distribution = {0.01, 0.025, 0.02};
  c.other_fixed_w_per_w_capacity = 0.005;
  p.published_annual_pue = 1.15;
  p.published_source =
      "docs/references.md F RC-60: OLMo's Jupiter cluster 1.1-1.2 'depending on the current total utilization' [P] "
      "(1.15 "
      "is its midpoint); OLMo Augusta 1.12 [P]; Epoch/SemiAnalysis 1.2 (1.1-1.3) for AI data centres [P]";
  p.typical_climate = "texas";  // Jupiter is in Austin, Texas (docs/references.md G: Austin Energy)
  p.typical_load_fraction = 0.7;
  p.fitted_parameter = kFittedFans;
  p.source = std::string(kChillerBasis) +
             "; liquid share, W32 water temperatures, adiabatic effectiveness, pumps and UPS are engineering "
             "assumptions stated in facility_presets.cpp";
  return p;
}

std::vector<FacilityPreset> build_presets() {
  return {hyperscale(), hyperscale_adiabatic(), colocation(), enterprise(), liquid_cooled_ai()};
}

}  // namespace

const std::vector<FacilityPreset>& facility_presets() {
  static const std::vector<FacilityPreset> presets = build_presets();
  return presets;
}

const FacilityPreset* find_facility_preset(std::string_view name) {
  for (const FacilityPreset& preset : facility_presets()) {
    if (preset.name == name) return &preset;
  }
  return nullptr;
}

CoolingPlantParams with_design_capacity(CoolingPlantParams plant, double design_it_power_w) {
  if (!(design_it_power_w > 0.0) || !std::isfinite(design_it_power_w)) {
    throw std::invalid_argument("design IT capacity must be a finite power > 0 W");
  }
  plant.design_it_power_w = design_it_power_w;
  return plant;
}

double PlantYearSummary::pue() const {
  return facility_energy_j / it_energy_j;
}

double PlantYearSummary::monthly_pue(int month) const {
  if (month < 1 || month > 12) throw std::out_of_range("month must be 1-12");
  const auto m = static_cast<std::size_t>(month - 1);
  if (!(monthly_it_energy_j[m] > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return monthly_facility_energy_j[m] / monthly_it_energy_j[m];
}

double PlantYearSummary::wue_l_per_kwh() const {
  return onsite_water_m3 * litres_per_m3 / (it_energy_j / joules_per_kwh);
}

PlantYearSummary summarise_plant(const CoolingPlantParams& plant, const WeatherSeries& weather, double it_power_w) {
  const StepSeries& dry = weather.dry_bulb_c;
  const StepSeries& wet = weather.wet_bulb_c;
  if (dry.size() != wet.size() || dry.start_epoch_s() != wet.start_epoch_s() || dry.step_s() != wet.step_s()) {
    throw std::invalid_argument("summarise_plant: dry and wet bulb series must share start, step and length");
  }
  PlantYearSummary out;
  const double step_s = dry.step_s();
  for (std::size_t i = 0; i < dry.size(); ++i) {
    const FacilityPower power = evaluate_cooling_plant(plant, it_power_w, dry.values()[i], wet.values()[i]);
    const double middle = dry.start_epoch_s() + (static_cast<double>(i) + 0.5) * step_s;
    const auto month = static_cast<std::size_t>(utc_calendar(middle).month - 1);
    out.it_energy_j += power.it_w * step_s;
    out.facility_energy_j += power.facility_w * step_s;
    out.cooling_energy_j += power.cooling_w * step_s;
    out.onsite_water_m3 += power.onsite_water_m3_per_s * step_s;
    out.monthly_it_energy_j[month] += power.it_w * step_s;
    out.monthly_facility_energy_j[month] += power.facility_w * step_s;
  }
  return out;
}

PlantYearSummary typical_year_summary(const FacilityPreset& preset) {
  const ClimatePreset* climate = find_climate(preset.typical_climate);
  if (climate == nullptr) {
    throw std::logic_error("facility preset '" + preset.name + "' names unknown climate '" + preset.typical_climate +
                           "'");
  }
  const double start = utc_midnight_epoch_s(preset_check_year, 1, 1);
  const double end = utc_midnight_epoch_s(preset_check_year + 1, 1, 1);
  const WeatherSeries weather = synthetic_weather(*climate, start, end, preset_check_seed);
  const CoolingPlantParams plant = with_design_capacity(preset.plant, preset_check_capacity_w);
  return summarise_plant(plant, weather, preset.typical_load_fraction * preset_check_capacity_w);
}

std::string format_facility_presets() {
  return format_facility_presets(facility_presets());
}

std::string format_facility_presets(const std::vector<FacilityPreset>& presets) {
  std::ostringstream out;
  out << "Facility presets (annual PUE: published target vs this model in the typical climate, synthetic year "
      << preset_check_year << ", seed " << preset_check_seed << ")\n";
  out << std::left << std::setw(18) << "name" << std::right << std::setw(11) << "published" << std::setw(10)
      << "modelled" << std::setw(12) << "WUE L/kWh"
      << "  " << std::left << std::setw(12) << "climate"
      << "load\n";
  for (const FacilityPreset& preset : presets) {
    const PlantYearSummary year = typical_year_summary(preset);
    const bool published = preset.published_annual_pue > 0.0;
    out << std::left << std::setw(18) << preset.name << std::right << std::setw(11)
        << (published ? format_fixed(preset.published_annual_pue, 2) : std::string("-")) << std::setw(10)
        << format_fixed(year.pue(), 3) << std::setw(12) << format_fixed(year.wue_l_per_kwh(), 2) << "  " << std::left
        << std::setw(12) << preset.typical_climate << format_fixed(100.0 * preset.typical_load_fraction, 0) << " %\n";
    out << "    " << preset.description << "\n";
    out << "    target: " << preset.published_source << "\n";
    out << "    fitted: " << preset.fitted_parameter << "\n";
    out << "    source: " << preset.source << "\n";
  }
  return out.str();
}

}  // namespace terawatt
