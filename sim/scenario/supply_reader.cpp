#include "sim/scenario/supply_reader.hpp"

#include "models/base/hourly_csv.hpp"
#include "models/base/random_stream.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/epw.hpp"
#include "models/supply/solar_irradiance.hpp"
#include "sim/scenario/hourly_span.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/site_reader.hpp"

#include <cmath>
#include <limits>

namespace terawatt {
namespace {

constexpr double j_per_mwh = 3.6e9;
constexpr double w_per_kw = 1e3;
// Wholesale prices outside these bounds, per MWh, are taken for a unit mistake: market price caps run from about
// -1,000 (the EU day-ahead floor is -500) to 15,000-17,500 (Australia's NEM cap; ERCOT's is 5,000).
constexpr double min_price_per_mwh = -1e4;
constexpr double max_price_per_mwh = 1e5;

MapReader nested(const YamlSource& source, const MapReader& parent, const char* key, const SectionSpec& section) {
  return MapReader(source, parent.child(key), parent.child_path(key), section);
}

double fraction_in(const MapReader& map, const SectionSpec& section, const char* key, double low, double high) {
  const double value = *map.real(section.key(key));
  if (!(value >= low && value <= high)) {
    map.fail(key, short_number(value) + " is out of range (expected " + short_number(low) + " to " +
                      short_number(high) + ")");
  }
  return value;
}

class SupplyReader {
 public:
  SupplyReader(const YamlSource& source, const MapReader& site_map, const ScenarioInfo& info,
               const std::string& base_dir, Site& site, PriceFiles& price_files)
      : source_(source),
        site_map_(site_map),
        info_(info),
        base_dir_(base_dir),
        site_(site),
        supply_(site.supply),
        price_files_(price_files) {}

  void read() {
    if (site_map_.has("solar")) read_solar(nested(source_, site_map_, "solar", solar_section()));
    if (site_map_.has("connection")) read_connection(nested(source_, site_map_, "connection", connection_section()));
    if (site_map_.has("battery")) read_battery(nested(source_, site_map_, "battery", battery_section()));
  }

 private:
  void require_span(const MapReader& map, const char* key) const { require_hourly_span(map, key, info_); }

  void read_solar(const MapReader& solar) {
    const auto& spec = solar_section();
    require_span(solar, solar.has("peak_power") ? "peak_power" : "area");
    PvArrayParams pv;
    const auto peak = solar.positive_quantity(spec.key("peak_power"));
    const auto area = solar.number(spec.key("area"));
    const auto efficiency = solar.fraction(spec.key("efficiency"));
    if (peak && (area || efficiency)) solar.fail("area", "conflicts with peak_power (expected one of them)");
    if (!peak && !(area && efficiency)) {
      solar.fail(area ? "efficiency" : "peak_power",
                 "missing: the array's size (expected peak_power, or area with efficiency)");
    }
    pv.peak_w = peak ? *peak : *area * stc_irradiance_w_per_m2 * *efficiency;
    pv.temperature_coefficient_per_k = *solar.real(spec.key("temperature_coefficient"));
    pv.system_losses = *solar.real(spec.key("system_losses"));
    pv.inverter_efficiency = *solar.real(spec.key("inverter_efficiency"));
    pv.inverter_ac_limit_w = solar.positive_quantity(spec.key("inverter_limit"));
    if (const std::string problem = pv_params_problem(pv); !problem.empty()) {
      const std::string field = problem.substr(0, problem.find(':'));
      const char* key = field.rfind("temperature", 0) == 0    ? "temperature_coefficient"
                        : field.rfind("system", 0) == 0       ? "system_losses"
                        : field.rfind("inverter_eff", 0) == 0 ? "inverter_efficiency"
                        : field.rfind("inverter_ac", 0) == 0  ? "inverter_limit"
                                                              : "peak_power";
      solar.fail(key, problem);
    }
    supply_.pv = pv;
    supply_.pv_power_w = pv_output(solar, pv);
  }

  // Irradiance and air temperature over the run, from the first of: the solar section's climate or weather file,
  // the facility's climate, the facility's EPW file.
  StepSeries pv_output(const MapReader& solar, const PvArrayParams& pv) {
    const auto& spec = solar_section();
    const double start_s = info_.start_epoch_s;
    const double end_s = *info_.end_epoch_s();
    auto climate_name = solar.name(spec.key("climate"));
    auto weather_file = solar.text(spec.key("weather_file"));
    if (climate_name && weather_file) solar.fail("weather_file", "conflicts with climate (expected one of them)");
    const bool own = climate_name || weather_file;
    if (!own) {
      climate_name = site_.inputs.climate;
      weather_file = site_.inputs.weather_file;
    }
    const char* key = own ? (climate_name ? "climate" : "weather_file") : "peak_power";
    try {
      if (climate_name) {
        const ClimatePreset* climate = find_climate(*climate_name);
        if (!climate) {
          std::vector<std::string> names;
          for (const auto& preset : climate_presets()) names.push_back(preset.name);
          solar.fail("climate", "unknown climate '" + *climate_name + "'" + did_you_mean(*climate_name, names) +
                                    " (expected one of: " + join(names) + ")");
        }
        supply_.pv_irradiance = climate->name;
        const StepSeries ghi =
            synthetic_irradiance(*climate, start_s, end_s, derived_seed(info_.seed, "sky/" + site_.name));
        // The facility's own weather when it is the same climate's, so that the plant and the array feel one day.
        const bool shared = site_.environment.weather && site_.inputs.climate == climate->name;
        const WeatherSeries weather =
            shared ? *site_.environment.weather
                   : synthetic_weather(*climate, start_s, end_s, derived_seed(info_.seed, "weather/" + site_.name));
        return pv_power_series(pv, ghi, weather.dry_bulb_c);
      }
      const bool epw =
          weather_file && weather_file->size() > 4 && weather_file->compare(weather_file->size() - 4, 4, ".epw") == 0;
      if (!epw) {
        solar.fail(key, "needs irradiance: give solar.climate or an EPW solar.weather_file (the facility has " +
                            std::string(weather_file ? "an hourly CSV without irradiance" : "no weather") + ")");
      }
      const std::string path = own ? resolve_scenario_path(base_dir_, *weather_file) : *weather_file;
      supply_.pv_irradiance = path;
      supply_.pv_irradiance_is_file = true;
      return pv_power_series(pv, read_epw_irradiance(path, start_s, end_s), read_epw(path, start_s, end_s).dry_bulb_c);
    } catch (const ScenarioError&) {
      throw;
    } catch (const std::exception& e) {
      solar.fail(key, e.what());
    }
  }

  void read_connection(const MapReader& map) {
    const auto& spec = connection_section();
    GridConnection connection;
    if (const auto capacity = map.positive_quantity(spec.key("capacity"))) connection.capacity_w = *capacity;
    connection.export_allowed = boolean(map, "export");
    connection.curtail_flexible_work = boolean(map, "flexible_work");
    const double price = *map.real(spec.key("energy_price"));
    check_price(map, "energy_price", price);
    connection.energy_price_per_j = TimeVarying(price / j_per_mwh);
    if (const auto file = map.text(spec.key("price_file"))) {
      if (map.has("energy_price")) map.fail("price_file", "conflicts with energy_price (expected one of them)");
      require_span(map, "price_file");
      const std::string path = resolve_scenario_path(base_dir_, *file);
      connection.energy_price_per_j = TimeVarying(price_series(map, path));
      supply_.price_file = path;
    }
    const double export_price = *map.real(spec.key("export_price"));
    check_price(map, "export_price", export_price);
    connection.export_price_per_j = export_price / j_per_mwh;
    const double demand_charge = *map.real(spec.key("demand_charge"));
    if (!(demand_charge >= 0.0 && demand_charge <= 1e4))
      map.fail("demand_charge", short_number(demand_charge) + " per kW-month is out of range (expected 0 to 10000)");
    connection.demand_charge_per_w = demand_charge / w_per_kw;
    connection.currency = *map.name(spec.key("currency"));
    if (map.has("events")) connection.events = read_events(map);
    supply_.connection = std::move(connection);
  }

  // The hourly prices of `path` in currency per joule, read once per scenario.
  const StepSeries& price_series(const MapReader& map, const std::string& path) {
    const auto known = price_files_.find(path);
    if (known != price_files_.end()) return known->second;
    try {
      const CsvColumn column{"price", Dimension::dimensionless, min_price_per_mwh, max_price_per_mwh, "", "1"};
      const StepSeries series = read_hourly_csv(path, {column}, info_.start_epoch_s, *info_.end_epoch_s()).front();
      std::vector<double> per_j = series.values();
      for (double& value : per_j) value /= j_per_mwh;
      return price_files_.emplace(path, StepSeries(series.start_epoch_s(), series.step_s(), per_j)).first->second;
    } catch (const std::exception& e) {
      map.fail("price_file", e.what());
    }
  }

  static bool boolean(const MapReader& map, const char* key) {
    const std::string text = *map.name(connection_section().key(key));
    if (text != "true" && text != "false") map.fail(key, "expected true or false, found '" + text + "'");
    return text == "true";
  }

  static void check_price(const MapReader& map, const char* key, double price) {
    if (!(price >= min_price_per_mwh && price <= max_price_per_mwh)) {
      map.fail(key, short_number(price) + " per MWh is out of range (expected " + short_number(min_price_per_mwh) +
                        " to " + short_number(max_price_per_mwh) + ": is the unit per kWh?)");
    }
  }

  std::vector<DemandResponseEvent> read_events(const MapReader& map) const {
    const YAML::Node list = map.child("events");
    if (!list.IsSequence()) map.fail("events", "expected a list of events, found " + node_kind(list));
    const auto& spec = connection_event_section();
    std::vector<DemandResponseEvent> events;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const MapReader event(source_, list[i], map.child_path("events") + "." + std::to_string(i), spec);
      DemandResponseEvent e;
      e.start_epoch_s = *event.timestamp(spec.key("start"));
      const auto end = event.timestamp(spec.key("end"));
      const auto duration = event.positive_quantity(spec.key("duration"));
      if (end.has_value() == duration.has_value()) event.fail("end", "give exactly one of end and duration");
      e.end_epoch_s = end ? *end : e.start_epoch_s + *duration;
      e.limit_w = event.quantity(spec.key("limit"));
      e.reduction_fraction = event.fraction(spec.key("reduction"));
      e.reduction_w = event.positive_quantity(spec.key("reduce_by"));
      events.push_back(e);
      if (std::string problem = events_problem(events); !problem.empty()) {
        problem = problem.substr(problem.find(": ") + 2);
        const char* key = problem.rfind("end", 0) == 0      ? (end ? "end" : "duration")
                          : problem.rfind("starts", 0) == 0 ? "start"
                                                            : (e.limit_w ? "limit" : "reduction");
        event.fail(key, problem);
      }
    }
    return events;
  }

  void read_battery(const MapReader& map) {
    const auto& spec = battery_section();
    BatteryParams battery;
    battery.capacity_j = *map.positive_quantity(spec.key("capacity"));
    const auto power = map.positive_quantity(spec.key("power"));
    const auto charge = map.positive_quantity(spec.key("charge_power"));
    const auto discharge = map.positive_quantity(spec.key("discharge_power"));
    if (power && (charge || discharge)) map.fail(charge ? "charge_power" : "discharge_power", "conflicts with power");
    if (!power && !(charge && discharge)) {
      map.fail(charge ? "discharge_power" : "power", "missing (expected power, or charge_power and discharge_power)");
    }
    battery.charge_power_w = power ? *power : *charge;
    battery.discharge_power_w = power ? *power : *discharge;
    battery.round_trip_efficiency = *map.fraction(spec.key("round_trip_efficiency"));
    battery.min_soc = fraction_in(map, spec, "min_soc", 0.0, 1.0);
    battery.max_soc = fraction_in(map, spec, "max_soc", 0.0, 1.0);
    battery.initial_soc = fraction_in(map, spec, "initial_soc", 0.0, 1.0);
    if (const std::string problem = battery_params_problem(battery); !problem.empty()) {
      map.fail(problem.substr(0, problem.find(':')).c_str(), problem.substr(problem.find(": ") + 2));
    }
    supply_.battery = battery;
    read_policy(map);
  }

  void read_policy(const MapReader& map) {
    const auto& spec = battery_section();
    const std::string name = *map.name(spec.key("policy"));
    const std::vector<std::string> names{"self_consumption", "peak_shaving", "carbon", "price"};
    DispatchPolicy& policy = supply_.policy;
    supply_.policy_name = name;
    if (name == "self_consumption") {
      policy.policy = BatteryPolicy::self_consumption;
    } else if (name == "peak_shaving") {
      policy.policy = BatteryPolicy::peak_shaving;
      const auto target = map.positive_quantity(spec.key("peak_target"));
      if (!target && !(supply_.connection && std::isfinite(supply_.connection->capacity_w))) {
        map.fail("peak_target", "missing: peak shaving needs a target or a connection capacity");
      }
      if (target) policy.peak_target_w = *target;
    } else if (name == "carbon" || name == "price") {
      policy.policy = BatteryPolicy::signal;
      policy.charge_at_or_below = threshold(map, "charge_below", name == "carbon");
      policy.discharge_at_or_above = threshold(map, "discharge_above", name == "carbon");
      if (!(policy.charge_at_or_below < policy.discharge_at_or_above)) {
        map.fail("discharge_above", "must be above charge_below (expected a band to charge below and discharge above)");
      }
    } else {
      map.fail("policy",
               "unknown policy '" + name + "'" + did_you_mean(name, names) + " (expected one of: " + join(names) + ")");
    }
    for (const char* key : {"peak_target", "charge_below", "discharge_above"}) {
      const bool used = name == "peak_shaving"
                            ? std::string(key) == "peak_target"
                            : (name == "carbon" || name == "price") && std::string(key) != "peak_target";
      if (map.has(key) && !used) map.fail(key, "the " + name + " policy does not use it");
    }
  }

  // A signal threshold: a carbon intensity (kg/J) or a price per MWh (per J).
  static double threshold(const MapReader& map, const char* key, bool carbon) {
    const auto text = map.text(battery_section().key(key));
    if (!text)
      map.fail(key, std::string("missing: the policy needs it (expected ") +
                        (carbon ? "a carbon intensity such as 150 g/kWh)" : "a price per MWh such as 30)"));
    try {
      if (carbon) return parse_quantity(*text, Dimension::carbon_intensity);
      const double price = parse_quantity(*text, Dimension::dimensionless);
      check_price(map, key, price);
      return price / j_per_mwh;
    } catch (const UnitError& e) {
      map.fail(key, e.what());
    }
  }

  const YamlSource& source_;
  const MapReader& site_map_;
  const ScenarioInfo& info_;
  const std::string& base_dir_;
  Site& site_;
  SiteSupply& supply_;
  PriceFiles& price_files_;
};

}  // namespace

void read_site_supply(const YamlSource& source, const MapReader& site_map, const ScenarioInfo& info,
                      const std::string& base_dir, Site& site, PriceFiles& price_files) {
  SupplyReader(source, site_map, info, base_dir, site, price_files).read();
}

}  // namespace terawatt
