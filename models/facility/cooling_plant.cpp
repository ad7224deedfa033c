#include "models/facility/cooling_plant.hpp"

#include "models/facility/psychrometrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace terawatt {

namespace {

constexpr double kelvin_offset = 273.15;
// Litres are kilograms of water to the precision of any WUE figure (density 997 kg/m3 at 25 C); a cubic metre is
// taken as 1000 kg, the convention of L/kWh water-use figures (docs/references.md RC-61).
constexpr double water_kg_per_m3 = 1000.0;

// 0 at or below `full`, 1 at or above `none`, linear between: the share left to compressors.
double ramp(double temperature_c, double full, double none) {
  if (temperature_c <= full) return 0.0;
  if (temperature_c >= none) return 1.0;
  return (temperature_c - full) / (none - full);
}

// Pump or fan power at a carried heat against its design heat, with a floor on flow and zero when idle.
double pump_power_w(const PumpParams& pumps, double heat_w, double design_heat_w) {
  if (heat_w <= 0.0 || design_heat_w <= 0.0) return 0.0;
  const double flow = std::max(pumps.min_flow_fraction, heat_w / design_heat_w);
  return pumps.design_power_fraction * design_heat_w * std::pow(flow, pumps.exponent);
}

double carnot_cop(double carnot_efficiency, double evaporating_c, double condensing_c, double min_lift_c) {
  const double lift = std::max(condensing_c - evaporating_c, min_lift_c);
  return carnot_efficiency * (evaporating_c + kelvin_offset) / lift;
}

// The outdoor temperature a dry economiser or dry cooler works with, after optional adiabatic pre-cooling that
// aims no lower than `target_c` (spraying more than needed only wastes water).
double precooled_air_c(double dry_bulb_c, double wet_bulb_c, double effectiveness, double target_c) {
  if (effectiveness <= 0.0 || dry_bulb_c <= target_c) return dry_bulb_c;
  const double wet_bulb = std::min(wet_bulb_c, dry_bulb_c);
  return std::max(dry_bulb_c - effectiveness * (dry_bulb_c - wet_bulb), target_c);
}

double blowdown_factor(double cycles_of_concentration) {
  return cycles_of_concentration / (cycles_of_concentration - 1.0);
}

// Checks a plant's parameters; `subject` names the model in the message of a value it refuses.
class Validator {
 public:
  explicit Validator(const char* subject) : subject_(subject) {}
  void positive(double value, const char* name) const {
    if (!(value > 0.0) || !std::isfinite(value)) fail(name, value, "must be a finite number > 0");
  }
  void non_negative(double value, const char* name) const {
    if (!(value >= 0.0) || !std::isfinite(value)) fail(name, value, "must be a finite number >= 0");
  }
  void fraction(double value, const char* name) const {
    if (!(value >= 0.0 && value <= 1.0)) fail(name, value, "must be within 0..1");
  }
  void finite(double value, const char* name) const {
    if (!std::isfinite(value)) fail(name, value, "must be finite");
  }
  void above(double value, double floor, const char* name, const char* floor_name) const {
    if (!(value > floor)) fail(name, value, std::string("must exceed ") + floor_name);
  }
  [[noreturn]] void fail(const char* name, double value, const std::string& problem) const {
    std::ostringstream detail;
    detail << value << " " << problem;
    throw PlantParameterError(std::string(subject_) + ": " + name + " = " + detail.str(), name, detail.str());
  }

 private:
  const char* subject_;
};

void validate_pumps(const Validator& v, const PumpParams& pumps, const char* fraction, const char* min_flow,
                    const char* exponent) {
  v.non_negative(pumps.design_power_fraction, fraction);
  v.fraction(pumps.min_flow_fraction, min_flow);
  v.positive(pumps.exponent, exponent);
}

}  // namespace

void validate_cooling_plant(const CoolingPlantParams& plant) {
  Validator v("cooling plant");
  v.positive(plant.design_it_power_w, "design_it_power_w");
  const ChillerParams& chiller = plant.chiller;
  v.fraction(chiller.carnot_efficiency, "chiller.carnot_efficiency");
  v.positive(chiller.carnot_efficiency, "chiller.carnot_efficiency");
  v.finite(chiller.chilled_water_supply_c, "chiller.chilled_water_supply_c");
  v.non_negative(chiller.evaporator_approach_c, "chiller.evaporator_approach_c");
  v.non_negative(chiller.condensing_approach_c, "chiller.condensing_approach_c");
  v.positive(chiller.min_lift_c, "chiller.min_lift_c");
  if (chiller.chilled_water_supply_c - chiller.evaporator_approach_c <= -kelvin_offset) {
    v.fail("chiller.evaporator_approach_c", chiller.evaporator_approach_c, "puts evaporation below absolute zero");
  }
  const EconomiserParams& economiser = plant.economiser;
  if (economiser.type != EconomiserType::none) {
    v.finite(economiser.full_free_cooling_below_c, "economiser.full_free_cooling_below_c");
    v.finite(economiser.no_free_cooling_above_c, "economiser.no_free_cooling_above_c");
    v.above(economiser.no_free_cooling_above_c, economiser.full_free_cooling_below_c,
            "economiser.no_free_cooling_above_c", "economiser.full_free_cooling_below_c");
  }
  v.fraction(plant.evaporative_assist.effectiveness, "evaporative_assist.effectiveness");
  v.above(plant.evaporative_assist.cycles_of_concentration, 1.0, "evaporative_assist.cycles_of_concentration", "1");
  v.non_negative(plant.air_handling.design_fan_power_fraction, "air_handling.design_fan_power_fraction");
  v.fraction(plant.air_handling.min_airflow_fraction, "air_handling.min_airflow_fraction");
  v.positive(plant.air_handling.affinity_exponent, "air_handling.affinity_exponent");
  validate_pumps(v, plant.pumps, "pumps.design_power_fraction", "pumps.min_flow_fraction", "pumps.exponent");
  v.non_negative(plant.cooling_tower.fan_power_fraction, "cooling_tower.fan_power_fraction");
  v.positive(plant.cooling_tower.approach_c, "cooling_tower.approach_c");
  v.positive(plant.cooling_tower.range_c, "cooling_tower.range_c");
  v.above(plant.cooling_tower.cycles_of_concentration, 1.0, "cooling_tower.cycles_of_concentration", "1");
  const LiquidCoolingParams& liquid = plant.liquid_cooling;
  v.fraction(liquid.fraction, "liquid_cooling.fraction");
  if (liquid.fraction > 0.0) {
    v.finite(liquid.supply_c, "liquid_cooling.supply_c");
    v.above(liquid.return_c, liquid.supply_c, "liquid_cooling.return_c", "liquid_cooling.supply_c");
    v.non_negative(liquid.dry_cooler_approach_c, "liquid_cooling.dry_cooler_approach_c");
    v.fraction(liquid.evaporative_effectiveness, "liquid_cooling.evaporative_effectiveness");
    v.above(liquid.evaporative_cycles_of_concentration, 1.0, "liquid_cooling.evaporative_cycles_of_concentration", "1");
    v.positive(liquid.dry_cooler_air_rise_c, "liquid_cooling.dry_cooler_air_rise_c");
    v.non_negative(liquid.dry_cooler_fan_power_fraction, "liquid_cooling.dry_cooler_fan_power_fraction");
    validate_pumps(v, liquid.pumps, "liquid_cooling.pumps.design_power_fraction",
                   "liquid_cooling.pumps.min_flow_fraction", "liquid_cooling.pumps.exponent");
    v.fraction(liquid.trim_chiller_carnot_efficiency, "liquid_cooling.trim_chiller_carnot_efficiency");
    v.positive(liquid.trim_chiller_carnot_efficiency, "liquid_cooling.trim_chiller_carnot_efficiency");
    v.non_negative(liquid.trim_chiller_condensing_approach_c, "liquid_cooling.trim_chiller_condensing_approach_c");
  }
  v.non_negative(plant.distribution.ups_fixed_fraction_of_capacity, "distribution.ups_fixed_fraction_of_capacity");
  v.non_negative(plant.distribution.ups_proportional_fraction, "distribution.ups_proportional_fraction");
  v.non_negative(plant.distribution.pdu_proportional_fraction, "distribution.pdu_proportional_fraction");
  v.non_negative(plant.other_fixed_w_per_w_capacity, "other_fixed_w_per_w_capacity");
  v.positive(plant.latent_heat_j_per_kg, "latent_heat_j_per_kg");
}

double FacilityPower::pue() const {
  if (it_w > 0.0) return facility_w / it_w;
  return std::numeric_limits<double>::infinity();
}

double chiller_cop(const ChillerParams& chiller, double dry_bulb_c, double wet_bulb_c) {
  const double outdoor_c = chiller.heat_rejection == HeatRejection::cooling_tower ? wet_bulb_c : dry_bulb_c;
  return carnot_cop(chiller.carnot_efficiency, chiller.chilled_water_supply_c - chiller.evaporator_approach_c,
                    outdoor_c + chiller.condensing_approach_c, chiller.min_lift_c);
}

double tower_evaporated_fraction(const CoolingTowerParams& tower, double dry_bulb_c, double wet_bulb_c,
                                 double latent_heat_j_per_kg) {
  const double wet_bulb = std::min(wet_bulb_c, dry_bulb_c);
  const double inlet_humidity = humidity_ratio_from_wet_bulb(dry_bulb_c, wet_bulb);
  // Assumption (not among the published figures of docs/references.md): the air leaves saturated at the mean water
  // temperature, wet bulb + approach + half the range; a counterflow tower's exhaust is close to saturated and between
  // the water's two temperatures.
  const double leaving_c = wet_bulb + tower.approach_c + 0.5 * tower.range_c;
  const double leaving_humidity = humidity_ratio_from_vapour_pressure(saturation_pressure_pa(leaving_c));
  const double enthalpy_rise = moist_air_enthalpy_j_per_kg(leaving_c, leaving_humidity) -
                               moist_air_enthalpy_j_per_kg(dry_bulb_c, inlet_humidity);
  // The leaving air is warmer and wetter than saturated air at the inlet wet bulb, so the rise is positive; the
  // guard only protects against nonsensical approach and range.
  if (!(enthalpy_rise > 0.0)) return 1.0;
  return latent_heat_j_per_kg * std::max(leaving_humidity - inlet_humidity, 0.0) / enthalpy_rise;
}

namespace {

// The share of the air path's heat an economiser leaves to the chillers, and the water its evaporative assist uses.
struct EconomiserEffect {
  double chiller_share = 1.0;
  double assist_water_kg_per_s = 0.0;
};

EconomiserEffect economiser_effect(const CoolingPlantParams& plant, double air_heat_w, double dry_bulb_c,
                                   double wet_bulb_c) {
  const EconomiserParams& economiser = plant.economiser;
  const bool tower = plant.chiller.heat_rejection == HeatRejection::cooling_tower;
  EconomiserEffect effect;
  switch (economiser.type) {
    case EconomiserType::none:
      break;
    case EconomiserType::air_side: {
      const double supply_c = economiser.full_free_cooling_below_c;
      const double return_c = economiser.no_free_cooling_above_c;
      const double outdoor_c =
          precooled_air_c(dry_bulb_c, wet_bulb_c, plant.evaporative_assist.effectiveness, supply_c);
      effect.chiller_share = ramp(outdoor_c, supply_c, return_c);
      if (outdoor_c < dry_bulb_c && effect.chiller_share < 1.0) {
        // Outdoor airflow m = heat / (c_p (return - supply)); evaporation = m c_p (t_db - t) / h_fg.
        effect.assist_water_kg_per_s = air_heat_w * (dry_bulb_c - outdoor_c) / (return_c - supply_c) /
                                       plant.latent_heat_j_per_kg *
                                       blowdown_factor(plant.evaporative_assist.cycles_of_concentration);
      }
      break;
    }
    case EconomiserType::water_side:
      effect.chiller_share = ramp(tower ? wet_bulb_c : dry_bulb_c, economiser.full_free_cooling_below_c,
                                  economiser.no_free_cooling_above_c);
      break;
  }
  return effect;
}

// The liquid-cooled part of the IT heat: dry coolers (with evaporative pre-cooling) and a trim chiller when the
// outdoor air is too warm, and the pumps of its loop.
struct LiquidPath {
  double heat_w = 0.0;
  double mechanical_w = 0.0;  // heat the trim chiller removes
  double chiller_w = 0.0;
  double pumps_w = 0.0;
  double rejection_fans_w = 0.0;
  double water_kg_per_s = 0.0;
};

LiquidPath liquid_path(const CoolingPlantParams& plant, double it_w, double capacity_w, double dry_bulb_c,
                       double wet_bulb_c) {
  const LiquidCoolingParams& liquid = plant.liquid_cooling;
  const ChillerParams& chiller = plant.chiller;
  LiquidPath path;
  path.heat_w = liquid.fraction * it_w;
  if (path.heat_w <= 0.0) return path;
  const double coldest_useful_air_c = liquid.supply_c - liquid.dry_cooler_approach_c;
  const double air_c = precooled_air_c(dry_bulb_c, wet_bulb_c, liquid.evaporative_effectiveness, coldest_useful_air_c);
  const double trim_share = ramp(air_c + liquid.dry_cooler_approach_c, liquid.supply_c, liquid.return_c);
  path.mechanical_w = trim_share * path.heat_w;
  if (path.mechanical_w > 0.0) {
    path.chiller_w = path.mechanical_w /
                     carnot_cop(liquid.trim_chiller_carnot_efficiency, liquid.supply_c - chiller.evaporator_approach_c,
                                dry_bulb_c + liquid.trim_chiller_condensing_approach_c, chiller.min_lift_c);
  }
  path.pumps_w = pump_power_w(liquid.pumps, path.heat_w, liquid.fraction * capacity_w);
  path.rejection_fans_w = liquid.dry_cooler_fan_power_fraction * (path.heat_w + path.chiller_w);
  if (air_c < dry_bulb_c) {
    // Dry-cooler airflow m = heat / (c_p air rise); evaporation = m c_p (t_db - t) / h_fg.
    path.water_kg_per_s = (path.heat_w - path.mechanical_w) * (dry_bulb_c - air_c) / liquid.dry_cooler_air_rise_c /
                          plant.latent_heat_j_per_kg * blowdown_factor(liquid.evaporative_cycles_of_concentration);
  }
  return path;
}

}  // namespace

FacilityPower evaluate_cooling_plant(const CoolingPlantParams& plant, double it_power_w, double dry_bulb_c,
                                     double wet_bulb_c) {
  FacilityPower out;
  const double it_w = std::max(it_power_w, 0.0);
  const double capacity_w = plant.design_it_power_w;
  out.it_w = it_w;

  // Electrical distribution and fixed loads.
  const DistributionParams& distribution = plant.distribution;
  out.distribution_loss_w = distribution.ups_fixed_fraction_of_capacity * capacity_w +
                            (distribution.ups_proportional_fraction + distribution.pdu_proportional_fraction) * it_w;
  out.other_w = plant.other_fixed_w_per_w_capacity * capacity_w;

  // Air path. Its fans follow the air-cooled IT heat; everything dissipated indoors is heat it must remove
  // (assumption: UPS, PDU, lighting and fan-motor losses all end in the conditioned space).
  const LiquidCoolingParams& liquid = plant.liquid_cooling;
  const double air_it_w = (1.0 - liquid.fraction) * it_w;
  const double design_air_it_w = (1.0 - liquid.fraction) * capacity_w;
  const AirHandlingParams& air = plant.air_handling;
  if (design_air_it_w > 0.0) {
    const double airflow = std::max(air.min_airflow_fraction, air_it_w / design_air_it_w);
    out.fans_w = air.design_fan_power_fraction * design_air_it_w * std::pow(airflow, air.affinity_exponent);
  }
  const double air_heat_w = air_it_w + out.distribution_loss_w + out.other_w + out.fans_w;

  // Share of the air-path heat left to the chillers, and the air temperature the economiser works with.
  const EconomiserParams& economiser = plant.economiser;
  const ChillerParams& chiller = plant.chiller;
  const bool tower = chiller.heat_rejection == HeatRejection::cooling_tower;
  const EconomiserEffect economised = economiser_effect(plant, air_heat_w, dry_bulb_c, wet_bulb_c);
  const double chiller_share = economised.chiller_share;
  const double chiller_load_w = chiller_share * air_heat_w;
  const double air_chiller_w =
      chiller_load_w > 0.0 ? chiller_load_w / chiller_cop(chiller, dry_bulb_c, wet_bulb_c) : 0.0;
  // Chilled water flows unless an air-side economiser carries everything.
  const bool water_loop_on = economiser.type != EconomiserType::air_side || chiller_share > 0.0;
  const double water_loop_heat_w = water_loop_on ? air_heat_w : 0.0;
  const double air_pumps_w = pump_power_w(plant.pumps, water_loop_heat_w, capacity_w * (1.0 - liquid.fraction));
  // Heat leaving through the chillers' condensers, plus a water-side economiser's free-cooled heat, which uses the
  // same towers or dry coolers.
  double rejected_w = chiller_load_w + air_chiller_w;
  if (economiser.type == EconomiserType::water_side) rejected_w += (1.0 - chiller_share) * air_heat_w;

  double tower_water_kg_per_s = 0.0;
  double rejection_fans_w = 0.0;
  if (tower && rejected_w > 0.0) {
    rejection_fans_w = plant.cooling_tower.fan_power_fraction * rejected_w;
    tower_water_kg_per_s =
        rejected_w *
        tower_evaporated_fraction(plant.cooling_tower, dry_bulb_c, wet_bulb_c, plant.latent_heat_j_per_kg) /
        plant.latent_heat_j_per_kg * blowdown_factor(plant.cooling_tower.cycles_of_concentration);
  }
  // Air-cooled condensers' fans are inside the chiller's rated COP (AHRI 550/590 rates the whole package).

  const LiquidPath liquid_loop = liquid_path(plant, it_w, capacity_w, dry_bulb_c, wet_bulb_c);
  rejection_fans_w += liquid_loop.rejection_fans_w;

  out.chiller_w = air_chiller_w + liquid_loop.chiller_w;
  out.pumps_w = air_pumps_w + liquid_loop.pumps_w;
  out.heat_rejection_w = rejection_fans_w;
  out.cooling_w = out.chiller_w + out.fans_w + out.pumps_w + out.heat_rejection_w;
  out.facility_w = out.it_w + out.cooling_w + out.distribution_loss_w + out.other_w;
  out.onsite_water_m3_per_s =
      (tower_water_kg_per_s + economised.assist_water_kg_per_s + liquid_loop.water_kg_per_s) / water_kg_per_m3;
  const double cooled_heat_w = air_heat_w + liquid_loop.heat_w;
  out.mechanical_cooling_fraction =
      cooled_heat_w > 0.0 ? (chiller_load_w + liquid_loop.mechanical_w) / cooled_heat_w : 0.0;
  return out;
}

}  // namespace terawatt
