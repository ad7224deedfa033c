#pragma once
// Cooling plant and power distribution: IT power and outdoor weather in, facility power, its parts and on-site
// water out. PUE = facility / IT is an output: it rises at low load (fixed losses) and in hot weather (chiller
// lift, fewer economiser hours). Steady state, evaluated per sample interval on the interval-mean IT power and
// weather (docs/design.md section 5): exact for loads and weather that are constant within the interval.
//
// docs/references.md (RC-60) finds no published closed-form PUE(T, load) curve or chiller COP curve [U], so the model
// is built from textbook components and its parameters are engineering assumptions, each documented where a preset sets
// it (models/facility/facility_presets.cpp). What docs/references.md does pin down is validated by tests: annual PUE
// per facility class, the seasonal swing, the rise at low load, and WUE of the order Li et al. report.
//
// Heat paths:
//   IT heat -> liquid_cooling.fraction to warm-water direct liquid cooling (cold plates) -> dry coolers (free
//              cooling while outdoor air is cool enough, optional adiabatic pre-cooling), trim chiller above that;
//           -> the rest, plus distribution losses, lighting and fan heat, to the air path: air handlers (fans,
//              affinity law) -> economiser (full or partial free cooling) and/or chiller -> cooling towers
//              (evaporating water) or air-cooled condensers.
// Electricity: IT + cooling (fans, pumps, chillers, tower and dry-cooler fans) + distribution losses (UPS fixed and
// proportional, PDU/transformer proportional) + other fixed loads (lighting, security, offices).

#include <stdexcept>
#include <string>
#include <utility>

namespace terawatt {

// Where the chiller's condenser heat (and a water-side economiser's heat) goes.
enum class HeatRejection {
  cooling_tower,  // evaporative: condensing temperature follows the outdoor wet bulb; consumes water
  air_cooled,     // dry condenser or dry cooler: follows the outdoor dry bulb; no water
};

enum class EconomiserType {
  none,
  // Outdoor air supplied to the white space, controlled on the dry bulb (after evaporative assist, if any).
  air_side,
  // Chilled water made without compressors by the heat-rejection equipment through a heat exchanger or a
  // free-cooling coil, controlled on the wet bulb for cooling towers and on the dry bulb for air-cooled plants.
  // Simplification: the fans of air-cooled free-cooling coils are not counted (when compressors run they are in
  // the chiller's COP; in pure free cooling this leaves out about 1-2 % of the free-cooled heat).
  water_side,
};

// Chiller efficiency as a fraction of the Carnot (reversed) cycle between refrigerant temperatures:
//   COP = carnot_efficiency * T_evap / (T_cond - T_evap)   (kelvin),
//   T_evap = chilled_water_supply_c - evaporator_approach_c,
//   T_cond = outdoor wet bulb (cooling tower) or dry bulb (air cooled) + condensing_approach_c,
//   with the lift T_cond - T_evap never below min_lift_c (compressors need head pressure).
// COP therefore falls as the outdoor temperature rises. Part-load COP is taken equal to full-load COP.
struct ChillerParams {
  double carnot_efficiency = 0.6;
  double chilled_water_supply_c = 10.0;
  double evaporator_approach_c = 1.5;
  HeatRejection heat_rejection = HeatRejection::cooling_tower;
  double condensing_approach_c = 11.0;
  double min_lift_c = 10.0;
};

// Free cooling: at or below full_free_cooling_below_c the chillers are off; at or above no_free_cooling_above_c
// the economiser does nothing; between, the share of the air-path heat left to the chillers rises linearly (an
// integrated economiser pre-cools and the chiller trims). The controlling temperature is given by the type.
struct EconomiserParams {
  EconomiserType type = EconomiserType::none;
  double full_free_cooling_below_c = 0.0;
  double no_free_cooling_above_c = 0.0;
};

// Direct evaporative cooling of the outdoor air of an air-side economiser: when the dry bulb is above the full
// free-cooling threshold, the air is cooled toward its wet bulb, t = t_db - effectiveness (t_db - t_wb), but no
// further than the threshold. The water evaporated is the sensible cooling of the outdoor airflow (set by the
// air-path heat over the economiser's supply-to-return range) divided by the latent heat.
struct EvaporativeAssistParams {
  double effectiveness = 0.0;            // 0: none
  double cycles_of_concentration = 3.0;  // bleed of the evaporative media, as for a tower
};

// Air handler (CRAH/AHU/fan wall) fans. Airflow follows the air-cooled IT heat, never below min_airflow_fraction of
// design; fan power = design power x (airflow fraction)^affinity_exponent (fan affinity law: power ~ flow^3 at
// fixed system curve; a lower exponent models static-pressure control).
struct AirHandlingParams {
  double design_fan_power_fraction = 0.05;  // fan power at design airflow / design air-cooled IT power
  double min_airflow_fraction = 0.3;
  double affinity_exponent = 3.0;
};

// Pumps: power = design power x max(min_flow_fraction, heat / design heat)^exponent while heat flows, 0 otherwise.
struct PumpParams {
  double design_power_fraction = 0.02;  // pump power at design flow / design heat carried
  double min_flow_fraction = 0.3;
  double exponent = 2.0;
};

// Open cooling towers. Fan power is a fraction of the heat rejected. Evaporation = heat rejected x evaporated
// fraction / latent heat, where the evaporated fraction is h_fg (W_out - W_in) / (h_out - h_in) for air entering
// at the outdoor state and leaving saturated at the mean water temperature (wet bulb + approach + range / 2): about
// 0.6 at a wet bulb of -5 C, 0.75 at 5 C and 1 at 25 C, which is why tower WUE rises with the wet bulb.
// Blowdown keeps dissolved solids at cycles_of_concentration: total = evaporation x (1 + 1 / (cycles - 1)).
struct CoolingTowerParams {
  double fan_power_fraction = 0.01;
  double approach_c = 4.0;
  double range_c = 5.5;
  double cycles_of_concentration = 5.0;
};

// Warm-water direct liquid cooling. Dry coolers make water at (air temperature + dry_cooler_approach_c): free
// cooling is full while that is at most supply_c and none once it reaches return_c; between, a trim chiller
// (air-cooled, Carnot fraction as ChillerParams, evaporating at supply_c - the chiller's evaporator approach) takes
// the rest. Optional adiabatic pre-cooling of the dry-cooler air, as EvaporativeAssistParams, with the airflow
// set by dry_cooler_air_rise_c.
struct LiquidCoolingParams {
  double fraction = 0.0;  // share of IT heat taken by cold plates
  double supply_c = 32.0;
  double return_c = 42.0;
  double dry_cooler_approach_c = 6.0;
  double evaporative_effectiveness = 0.0;
  double evaporative_cycles_of_concentration = 3.0;
  double dry_cooler_air_rise_c = 10.0;
  double dry_cooler_fan_power_fraction = 0.015;  // of heat rejected by the dry coolers
  PumpParams pumps{0.02, 0.3, 2.0};              // CDUs and facility water loop, relative to design liquid heat
  double trim_chiller_carnot_efficiency = 0.5;
  double trim_chiller_condensing_approach_c = 15.0;  // above the dry bulb
};

// Power distribution between the utility and the IT: UPS no-load loss (a fraction of the design IT capacity,
// present at any load) plus a proportional loss, and a PDU / transformer loss proportional to IT power.
struct DistributionParams {
  double ups_fixed_fraction_of_capacity = 0.02;
  double ups_proportional_fraction = 0.03;
  double pdu_proportional_fraction = 0.015;
};

struct CoolingPlantParams {
  double design_it_power_w = 0.0;  // IT capacity the plant is built for; set per site (with_design_capacity)
  ChillerParams chiller;
  EconomiserParams economiser;
  EvaporativeAssistParams evaporative_assist;
  AirHandlingParams air_handling;
  PumpParams pumps;  // chilled-water and condenser-water pumps of the air path
  CoolingTowerParams cooling_tower;
  LiquidCoolingParams liquid_cooling;
  DistributionParams distribution;
  double other_fixed_w_per_w_capacity = 0.01;  // lighting, security, offices: W per W of design IT capacity
  // Latent heat of vaporisation of water near 25 C, 2.442 MJ/kg (steam tables), rounded to 2.45 MJ/kg;
  // converts evaporative cooling to water.
  double latent_heat_j_per_kg = 2.45e6;
};

// A plant parameter out of its range: the field's path ("chiller.carnot_efficiency") and the problem, so that a reader
// can place the error at the value the user wrote.
class PlantParameterError : public std::invalid_argument {
 public:
  PlantParameterError(const std::string& message, std::string field, std::string problem)
      : std::invalid_argument(message), field_(std::move(field)), problem_(std::move(problem)) {}
  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }  // "1.5 must be within 0..1"

 private:
  std::string field_;
  std::string problem_;
};

// Throws PlantParameterError naming the first bad field ("cooling plant: economiser.no_free_cooling_above_c ...").
// Call once when a scenario is loaded; evaluate_cooling_plant assumes valid parameters.
void validate_cooling_plant(const CoolingPlantParams& plant);

struct FacilityPower {
  double it_w = 0.0;
  double cooling_w = 0.0;              // = chiller_w + fans_w + pumps_w + heat_rejection_w
  double distribution_loss_w = 0.0;    // UPS and PDU
  double other_w = 0.0;                // lighting and other fixed loads
  double facility_w = 0.0;             // = it_w + cooling_w + distribution_loss_w + other_w, summed in that order
  double onsite_water_m3_per_s = 0.0;  // cooling-tower and evaporative-assist evaporation plus blowdown
  // Parts of cooling_w, for analysis.
  double chiller_w = 0.0;                    // compressors: air-path chillers and the liquid loop's trim chiller
  double fans_w = 0.0;                       // air handlers
  double pumps_w = 0.0;                      // air-path and liquid-loop pumps
  double heat_rejection_w = 0.0;             // cooling-tower and dry-cooler fans
  double mechanical_cooling_fraction = 0.0;  // share of the cooled heat removed by compressors, 0..1
  // facility / IT; +infinity when it_w is 0 (overhead with no IT load), so it is always >= 1.
  double pue() const;
};

// Chiller COP at an outdoor condition (see ChillerParams).
double chiller_cop(const ChillerParams& chiller, double dry_bulb_c, double wet_bulb_c);

// Share of a cooling tower's heat rejected by evaporation (see CoolingTowerParams); finite and positive.
double tower_evaporated_fraction(const CoolingTowerParams& tower, double dry_bulb_c, double wet_bulb_c,
                                 double latent_heat_j_per_kg);

// Steady-state plant at IT load it_power_w (interval mean; negative is read as 0) and outdoor conditions. PUE >= 1
// always; cooling power is non-decreasing in outdoor temperature for a chiller plant; PUE rises at low load, where
// the fixed losses (UPS no-load, lighting, minimum airflow and pump flow) dominate. With cube-law fans PUE can also
// creep up again toward full design load, by the design fan fraction at most. No allocation, no exceptions: safe
// on the per-sample hot path (about 0.1 us a call). Non-finite inputs give non-finite outputs.
FacilityPower evaluate_cooling_plant(const CoolingPlantParams& plant, double it_power_w, double dry_bulb_c,
                                     double wet_bulb_c);

}  // namespace terawatt
