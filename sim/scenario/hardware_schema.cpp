// The keys of user-defined hardware: a scenario's `hardware` section and the catalog files it or `--catalog` names
// (sim/scenario/hardware_reader.hpp). Declared once here, like every other section (scenario_schema.hpp).
#include "sim/scenario/hardware_reader.hpp"
#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& hardware_section() {
  static const SectionSpec section{
      "hardware",
      "Accelerators, servers and facility presets declared by the scenario, beside the built-in catalog (`terawatt "
      "catalog`). A catalog file (top-level `catalog: FILE`, or `--catalog FILE` on `terawatt run` and `terawatt "
      "sweep`) holds the same three lists. Order: built-in, "
      "the scenario's catalog files, `--catalog` files, then this section; each may use the entries before it. A "
      "name already taken is an error unless the entry says `based_on` that same name, which changes it.",
      {
          {"accelerators", ValueType::text, none, "", true, "A list of accelerators (see `hardware.accelerators[]`)."},
          {"servers", ValueType::text, none, "", true, "A list of servers (see `hardware.servers[]`)."},
          {"facilities", ValueType::text, none, "", true,
           "A list of facility presets that sites name in `facility.preset` (see `hardware.facilities[]`)."},
      }};
  return section;
}

const SectionSpec& hardware_accelerator_section() {
  static const SectionSpec section{
      "hardware.accelerators[]",
      "An accelerator. A new one needs `tdp`, `idle_power`, `peak.bf16`, `memory` and `memory_bandwidth`; with "
      "`based_on` every key is optional and replaces the base's value. Checked by the rules of the built-in entries.",
      {
          {"name", ValueType::name, none, "", false, "Identifier that clusters name in `accelerator`."},
          {"based_on", ValueType::name, none, "", true,
           "An accelerator declared before (built-in or user) whose values this one starts from."},
          {"description", ValueType::text, none, "", true, "Free text. Absent: the base's, else the name."},
          {"tdp", ValueType::quantity, Dimension::power, "", true, "Board power limit (TDP)."},
          {"idle_power", ValueType::quantity, Dimension::power, "", true, "Power at 0 % utilisation; below the TDP."},
          {"peak", ValueType::text, none, "", true,
           "Dense peak FLOP/s by precision (see `hardware.accelerators[].peak`)."},
          {"memory", ValueType::quantity, Dimension::data_size, "", true, "Device memory (HBM or GDDR), e.g. `80 GB`."},
          {"memory_bandwidth", ValueType::quantity, Dimension::data_rate, "", true,
           "Device memory bandwidth, e.g. `3.35 TB/s`."},
          {"interconnect_bandwidth", ValueType::quantity, Dimension::data_rate, "", true,
           "Bandwidth of one accelerator over its server's interconnect, both directions together (NVLink 4: "
           "`900 GB/s`). Absent: none, unless the base has one."},
          {"compute_power", ValueType::quantity, Dimension::power, "", true,
           "Measured power in compute-bound work at full clock; a cluster's `compute_power` replaces it. Absent: "
           "idle + 0.86 x (TDP - idle) (README, power model)."},
          {"checkpoint_power", ValueType::quantity, Dimension::power, "", true,
           "Power while writing a checkpoint. Absent: 15 % of TDP (README, power model)."},
          {"communication_power", ValueType::quantity, Dimension::power, "", true,
           "Power during exposed gradient all-reduce. Absent: TDP / 4.1 (README, power model)."},
          {"source", ValueType::text, none, "", true,
           "Where the figures come from, listed by `terawatt catalog`. Absent: the file and line of the entry."},
      }};
  return section;
}

const SectionSpec& hardware_peak_section() {
  static const SectionSpec section{
      "hardware.accelerators[].peak",
      "Dense peak FLOP/s (halve a datasheet's figure \"with sparsity\"). Only `bf16` drives the simulation (MFU, "
      "inference roofline); the others are listed and kept with the output.",
      {
          {"bf16", ValueType::quantity, Dimension::flop_rate, "", true,
           "16-bit tensor peak (BF16, or FP16 on parts without BF16), e.g. `989 TFLOP/s`."},
          {"fp64", ValueType::quantity, Dimension::flop_rate, "", true,
           "FP64 peak (tensor or matrix where the part has one)."},
          {"fp32", ValueType::quantity, Dimension::flop_rate, "", true, "FP32 peak, not tensor."},
          {"tf32", ValueType::quantity, Dimension::flop_rate, "", true, "TF32 tensor peak."},
          {"fp8", ValueType::quantity, Dimension::flop_rate, "", true, "FP8 tensor peak."},
          {"fp4", ValueType::quantity, Dimension::flop_rate, "", true, "FP4 tensor peak."},
      }};
  return section;
}

const SectionSpec& hardware_server_section() {
  static const SectionSpec section{
      "hardware.servers[]",
      "A server: its accelerators and its host (all but the accelerators). A new one needs `accelerator`, "
      "`accelerators_per_server` and either both host powers or `max_power`; with `based_on` every key is optional.",
      {
          {"name", ValueType::name, none, "", false, "Identifier that clusters name in `server`."},
          {"based_on", ValueType::name, none, "", true, "A server declared before whose values this one starts from."},
          {"accelerator", ValueType::name, none, "", true, "Its accelerator, built-in or declared before."},
          {"accelerators_per_server", ValueType::count, none, "", true,
           "Accelerators in one server. Changed on a `based_on` server without host powers, the host scales per "
           "accelerator."},
          {"max_power", ValueType::quantity, Dimension::power, "", true,
           "Nameplate maximum; at least the accelerators at TDP plus the host loaded. Alone, it sets the host as for "
           "a DGX: loaded = max_power x 8.4/10.2 - accelerators x TDP, idle = half of that (README, power model). "
           "Absent: accelerators x TDP + host loaded power."},
          {"host_idle_power", ValueType::quantity, Dimension::power, "", true, "Host power with idle accelerators."},
          {"host_loaded_power", ValueType::quantity, Dimension::power, "", true,
           "Host power with the accelerators at TDP; at least `host_idle_power`."},
          {"source", ValueType::text, none, "", true, "Where the figures come from. Absent: the file and line."},
      }};
  return section;
}

}  // namespace terawatt

namespace terawatt {

const SectionSpec& hardware_facility_section() {
  static const SectionSpec section{
      "hardware.facilities[]",
      "A facility preset: a built-in one (`terawatt catalog facilities`) or one declared before, with some of its "
      "cooling-plant parameters changed (models/facility/cooling_plant.hpp). A site names it in `facility.preset` like "
      "a built-in one. Plant values are plain numbers in the unit their name ends with (`_c`: degrees Celsius), "
      "fractions as numbers (0.03); each is checked by the plant's own rules.",
      {
          {"name", ValueType::name, none, "", false, "Identifier that sites name in `facility.preset`."},
          {"based_on", ValueType::name, none, "", true,
           "Required: the preset whose plant this one starts from. The preset's own name changes it wherever it is "
           "used."},
          {"description", ValueType::text, none, "", true, "Free text. Absent: the base's."},
          {"published_pue", ValueType::number, none, "", true,
           "A published annual PUE for the plant, listed beside the modelled one by `terawatt catalog`; not used by "
           "the simulation. Absent: none (the base's target no longer applies to a changed plant)."},
          {"typical_climate", ValueType::name, none, "", true,
           "The climate preset `terawatt catalog` models the plant's annual PUE in. Absent: the base's."},
          {"typical_load", ValueType::fraction, none, "", true,
           "IT load / design capacity for that check. Absent: the base's."},
          {"chiller", ValueType::text, none, "", true, "See `hardware.facilities[].chiller`."},
          {"economiser", ValueType::text, none, "", true, "See `hardware.facilities[].economiser`."},
          {"evaporative_assist", ValueType::text, none, "", true, "See `hardware.facilities[].evaporative_assist`."},
          {"air_handling", ValueType::text, none, "", true, "See `hardware.facilities[].air_handling`."},
          {"pumps", ValueType::text, none, "", true, "Air-path pumps; see `hardware.facilities[].pumps`."},
          {"cooling_tower", ValueType::text, none, "", true, "See `hardware.facilities[].cooling_tower`."},
          {"liquid_cooling", ValueType::text, none, "", true, "See `hardware.facilities[].liquid_cooling`."},
          {"distribution", ValueType::text, none, "", true,
           "UPS and PDU losses; see `hardware.facilities[].distribution`."},
          {"other_fixed_w_per_w_capacity", ValueType::real, none, "", true,
           "Lighting, security and offices, W per W of design IT capacity."},
          {"source", ValueType::text, none, "", true,
           "Where the values come from, listed by `terawatt catalog`. Absent: the file and line of the entry."},
      }};
  return section;
}

namespace {

// One plant field: its key (the field's name, as validate_cooling_plant names it), its doc, and the field.
// `path` is a member path (`chiller.carnot_efficiency`), which parentheses would not let name a member.
#define TERAWATT_PLANT_FIELD(path) \
  [](CoolingPlantParams& p) -> double& { return p.path; }  // NOLINT(bugprone-macro-parentheses)

struct Row {
  std::string_view key;
  double& (*field)(CoolingPlantParams&);
  std::string_view doc;
};

std::vector<Row> chiller_rows() {
  return {
      {"carnot_efficiency", TERAWATT_PLANT_FIELD(chiller.carnot_efficiency), "COP as a fraction of Carnot, (0, 1]."},
      {"chilled_water_supply_c", TERAWATT_PLANT_FIELD(chiller.chilled_water_supply_c), "Chilled-water supply."},
      {"evaporator_approach_c", TERAWATT_PLANT_FIELD(chiller.evaporator_approach_c), "Evaporator approach, K."},
      {"condensing_approach_c", TERAWATT_PLANT_FIELD(chiller.condensing_approach_c),
       "Condensing temperature above the wet bulb (tower) or dry bulb (air-cooled), K."},
      {"min_lift_c", TERAWATT_PLANT_FIELD(chiller.min_lift_c), "Least compressor lift, K."}};
}

std::vector<Row> economiser_rows() {
  return {{"full_free_cooling_below_c", TERAWATT_PLANT_FIELD(economiser.full_free_cooling_below_c),
           "Chillers off at or below this outdoor temperature."},
          {"no_free_cooling_above_c", TERAWATT_PLANT_FIELD(economiser.no_free_cooling_above_c),
           "No free cooling at or above this one; above the other."}};
}

std::vector<Row> pump_rows(bool liquid) {
  if (liquid) {
    return {{"design_power_fraction", TERAWATT_PLANT_FIELD(liquid_cooling.pumps.design_power_fraction),
             "Pump power at design flow / design heat carried."},
            {"min_flow_fraction", TERAWATT_PLANT_FIELD(liquid_cooling.pumps.min_flow_fraction), "Least flow, 0..1."},
            {"exponent", TERAWATT_PLANT_FIELD(liquid_cooling.pumps.exponent), "Power ~ flow^exponent."}};
  }
  return {{"design_power_fraction", TERAWATT_PLANT_FIELD(pumps.design_power_fraction),
           "Pump power at design flow / design heat carried."},
          {"min_flow_fraction", TERAWATT_PLANT_FIELD(pumps.min_flow_fraction), "Least flow, 0..1."},
          {"exponent", TERAWATT_PLANT_FIELD(pumps.exponent), "Power ~ flow^exponent."}};
}

std::vector<Row> liquid_rows() {
  return {
      {"fraction", TERAWATT_PLANT_FIELD(liquid_cooling.fraction), "Share of IT heat to cold plates, 0..1."},
      {"supply_c", TERAWATT_PLANT_FIELD(liquid_cooling.supply_c), "Facility-water supply."},
      {"return_c", TERAWATT_PLANT_FIELD(liquid_cooling.return_c), "Facility-water return; above the supply."},
      {"dry_cooler_approach_c", TERAWATT_PLANT_FIELD(liquid_cooling.dry_cooler_approach_c), "Dry-cooler approach, K."},
      {"evaporative_effectiveness", TERAWATT_PLANT_FIELD(liquid_cooling.evaporative_effectiveness),
       "Adiabatic pre-cooling effectiveness, 0..1."},
      {"evaporative_cycles_of_concentration", TERAWATT_PLANT_FIELD(liquid_cooling.evaporative_cycles_of_concentration),
       "Bleed of the pre-coolers; above 1."},
      {"dry_cooler_air_rise_c", TERAWATT_PLANT_FIELD(liquid_cooling.dry_cooler_air_rise_c), "Air rise, K."},
      {"dry_cooler_fan_power_fraction", TERAWATT_PLANT_FIELD(liquid_cooling.dry_cooler_fan_power_fraction),
       "Fan power / heat rejected."},
      {"trim_chiller_carnot_efficiency", TERAWATT_PLANT_FIELD(liquid_cooling.trim_chiller_carnot_efficiency),
       "Trim chiller COP as a fraction of Carnot."},
      {"trim_chiller_condensing_approach_c", TERAWATT_PLANT_FIELD(liquid_cooling.trim_chiller_condensing_approach_c),
       "Trim chiller condensing above the dry bulb, K."}};
}

std::vector<Row> other_rows(std::string_view group) {
  if (group == "evaporative_assist") {
    return {{"effectiveness", TERAWATT_PLANT_FIELD(evaporative_assist.effectiveness), "0: none; up to 1."},
            {"cycles_of_concentration", TERAWATT_PLANT_FIELD(evaporative_assist.cycles_of_concentration), "Above 1."}};
  }
  if (group == "air_handling") {
    return {{"design_fan_power_fraction", TERAWATT_PLANT_FIELD(air_handling.design_fan_power_fraction),
             "Fan power at design airflow / design air-cooled IT."},
            {"min_airflow_fraction", TERAWATT_PLANT_FIELD(air_handling.min_airflow_fraction), "Least airflow, 0..1."},
            {"affinity_exponent", TERAWATT_PLANT_FIELD(air_handling.affinity_exponent), "Fan power ~ flow^exponent."}};
  }
  if (group == "cooling_tower") {
    return {{"fan_power_fraction", TERAWATT_PLANT_FIELD(cooling_tower.fan_power_fraction), "Fan power / heat."},
            {"approach_c", TERAWATT_PLANT_FIELD(cooling_tower.approach_c), "Approach to the wet bulb, K."},
            {"range_c", TERAWATT_PLANT_FIELD(cooling_tower.range_c), "Water range, K."},
            {"cycles_of_concentration", TERAWATT_PLANT_FIELD(cooling_tower.cycles_of_concentration), "Above 1."}};
  }
  if (group == "distribution") {
    return {{"ups_fixed_fraction_of_capacity", TERAWATT_PLANT_FIELD(distribution.ups_fixed_fraction_of_capacity),
             "UPS no-load loss per W of design IT capacity."},
            {"ups_proportional_fraction", TERAWATT_PLANT_FIELD(distribution.ups_proportional_fraction),
             "UPS loss per W of IT."},
            {"pdu_proportional_fraction", TERAWATT_PLANT_FIELD(distribution.pdu_proportional_fraction),
             "PDU and transformer loss per W of IT."}};
  }
  return {{"other_fixed_w_per_w_capacity", TERAWATT_PLANT_FIELD(other_fixed_w_per_w_capacity), ""}};
}

#undef TERAWATT_PLANT_FIELD

// A group's section: its number keys, then `extra` (an enumeration or a nested group).
PlantGroup make_group(std::string_view path, std::string_view section_path, std::string_view doc,
                      const std::vector<Row>& rows, const std::vector<KeySpec>& extra = {}) {
  PlantGroup group{path, {section_path, doc, {}}, {}};
  for (const Row& row : rows) {
    group.section.keys.push_back({row.key, ValueType::real, none, "", true, row.doc});
    group.keys.push_back({row.key, row.field});
  }
  for (const KeySpec& key : extra) group.section.keys.push_back(key);
  return group;
}

std::vector<PlantGroup> build_groups() {
  const KeySpec heat_rejection{
      "heat_rejection", ValueType::name, none, "", true, "Where condenser heat goes: `cooling_tower` or `air_cooled`."};
  const KeySpec economiser_type{"type", ValueType::name, none, "", true, "`none`, `air_side` or `water_side`."};
  const KeySpec liquid_pumps{
      "pumps", ValueType::text, none, "", true, "Cold-plate loop pumps, keys as `hardware.facilities[].pumps`."};
  const char* const doc = "Cooling-plant parameters (models/facility/cooling_plant.hpp); each replaces the base's.";
  return {make_group("", "hardware.facilities[]", doc, other_rows("")),
          make_group("chiller", "hardware.facilities[].chiller", doc, chiller_rows(), {heat_rejection}),
          make_group("economiser", "hardware.facilities[].economiser", doc, economiser_rows(), {economiser_type}),
          make_group("evaporative_assist", "hardware.facilities[].evaporative_assist", doc,
                     other_rows("evaporative_assist")),
          make_group("air_handling", "hardware.facilities[].air_handling", doc, other_rows("air_handling")),
          make_group("pumps", "hardware.facilities[].pumps", doc, pump_rows(false)),
          make_group("cooling_tower", "hardware.facilities[].cooling_tower", doc, other_rows("cooling_tower")),
          make_group("liquid_cooling", "hardware.facilities[].liquid_cooling", doc, liquid_rows(), {liquid_pumps}),
          make_group("liquid_cooling.pumps", "hardware.facilities[].liquid_cooling.pumps", doc, pump_rows(true)),
          make_group("distribution", "hardware.facilities[].distribution", doc, other_rows("distribution"))};
}

}  // namespace

const std::vector<PlantGroup>& facility_plant_groups() {
  static const std::vector<PlantGroup> groups = build_groups();
  return groups;
}

const std::vector<std::pair<std::string_view, HeatRejection>>& heat_rejection_names() {
  static const std::vector<std::pair<std::string_view, HeatRejection>> names{
      {"cooling_tower", HeatRejection::cooling_tower}, {"air_cooled", HeatRejection::air_cooled}};
  return names;
}

const std::vector<std::pair<std::string_view, EconomiserType>>& economiser_type_names() {
  static const std::vector<std::pair<std::string_view, EconomiserType>> names{
      {"none", EconomiserType::none},
      {"air_side", EconomiserType::air_side},
      {"water_side", EconomiserType::water_side}};
  return names;
}

}  // namespace terawatt
