#include "sim/scenario/site_reader.hpp"

#include "models/base/hourly_csv.hpp"
#include "models/base/random_stream.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/epw.hpp"
#include "models/facility/facility_presets.hpp"
#include "models/grid/grid_presets.hpp"
#include "models/grid/grid_profile.hpp"
#include "sim/scenario/grid_file_reader.hpp"
#include "sim/scenario/hardware_reader.hpp"
#include "sim/scenario/hourly_span.hpp"

namespace terawatt {
namespace {

// Defaults of the constant-PUE mode: the Uptime Institute 2024 industry average PUE (docs/references.md RC-60) and the
// US average on-site WUE of Li et al. 2023, 0.55 L/kWh (docs/references.md RC-61), in m3/J.
constexpr double default_pue = 1.56;
constexpr double default_wue_m3_per_j = 0.55e-3 / 3.6e6;

// Largest carbon intensity accepted, 5,000 g/kWh in kg/J. The grids of docs/references.md G run from 57 g/kWh
// (France) to above 700 g/kWh (Hebei, Shanxi). Assumption: the dirtiest grids, nearly all coal, emit about
// 1,000-1,200 g/kWh, the order of a coal plant's direct emissions; four times that still admits any grid and
// refuses a unit mistake (352 kg/kWh for 352 g/kWh is 352,000 g/kWh).
constexpr double max_carbon_intensity_kg_per_j = 5.0 / 3.6e6;
const char* const max_carbon_intensity_text = "at most 5000 g/kWh, above the dirtiest grids' 1000-1200 g/kWh";

template <typename Preset>
std::vector<std::string> preset_names(const std::vector<Preset>& presets) {
  std::vector<std::string> names;
  for (const auto& preset : presets) names.push_back(preset.name);
  return names;
}

// The reader of a nested mapping such as `facility:`, or of an empty one when the key is absent.
MapReader nested(const YamlSource& source, const MapReader& parent, const char* key, const SectionSpec& section) {
  const YAML::Node node = parent.has(key) ? parent.child(key) : YAML::Node(YAML::NodeType::Map);
  return MapReader(source, node, parent.child_path(key), section);
}

double in_range(const MapReader& map, const SectionSpec& section, const char* key, double low, double high,
                const std::string& expected) {
  const double value = *map.real(section.key(key));
  if (!(value >= low && value <= high))
    map.fail(key, short_number(value) + " is out of range (expected " + expected + ")");
  return value;
}

// An optional carbon intensity (nullopt when absent), refused above the plausible maximum.
std::optional<double> carbon_intensity(const MapReader& map, const SectionSpec& section, const char* key) {
  const auto value = map.quantity(section.key(key));
  if (value && !(*value <= max_carbon_intensity_kg_per_j)) {
    map.fail(key, short_number(*value * 3.6e9) + " g/kWh is implausibly high (expected " + max_carbon_intensity_text +
                      "; check the unit)");
  }
  return value;
}

// Reads one site's facility and grid into its inputs (as written) and its environment (as simulated), in the order
// the checks have always run, so the first problem reported stays the same.
class SiteEnvironmentReader {
 public:
  SiteEnvironmentReader(const YamlSource& source, const MapReader& map, const ScenarioInfo& info,
                        const std::vector<Cluster>& clusters, std::size_t site_index, const std::string& base_dir,
                        Site& site, const HardwareCatalog& hardware)
      : source_(source),
        map_(map),
        info_(info),
        clusters_(clusters),
        site_index_(site_index),
        base_dir_(base_dir),
        site_(site),
        hardware_(hardware),
        in_(site.inputs),
        env_(site.environment),
        start_s_(info.start_epoch_s),
        end_s_(info.end_epoch_s()) {}

  void read() {
    read_facility();
    read_grid();
  }

 private:
  // Series are made or read for the simulated span, so a time-varying input needs the span's end.
  void require_span(const MapReader& reader, const char* key) const { require_hourly_span(reader, key, info_); }

  // Facility: a constant PUE, or a cooling plant in its weather.
  void read_facility() {
    const auto& spec = site_section();
    const auto pue = map_.number(spec.key("pue"));
    const auto wue = map_.quantity(spec.key("wue"));
    if (!map_.has("facility")) {
      read_constant_pue(pue, wue);
      return;
    }
    if (pue) map_.fail("pue", "conflicts with facility (expected a constant PUE or a cooling plant, not both)");
    if (wue) map_.fail("wue", "conflicts with facility, whose plant computes its water (expected one of them)");
    const auto& fspec = facility_section();
    const MapReader facility = nested(source_, map_, "facility", fspec);
    require_span(facility, "preset");
    const std::string preset_name = *facility.name(fspec.key("preset"));
    const FacilityPreset* preset = find_facility(hardware_, preset_name);
    if (!preset) {
      const auto names = preset_names(all_facilities(hardware_));
      facility.fail("preset", "unknown facility preset '" + preset_name + "'" + did_you_mean(preset_name, names) +
                                  " (expected one of: " + join(names) + ")");
    }
    const double capacity_w = plant_capacity_w(facility);
    in_.facility_preset = preset->name;
    in_.facility_capacity_w = capacity_w;
    env_.plant = with_design_capacity(preset->plant, capacity_w);
    read_weather(facility);
  }

  void read_constant_pue(std::optional<double> pue, std::optional<double> wue) {
    if (pue && *pue < 1.0) map_.fail("pue", "PUE must be >= 1: facility power includes the IT power (expected >= 1)");
    if (pue && !(*pue <= max_stated_pue)) {
      map_.fail("pue", short_number(*pue) + " is implausibly high (expected at most " + short_number(max_stated_pue) +
                           ": reported PUEs run from 1.09 to 2.5)");
    }
    in_.pue = pue.value_or(default_pue);
    in_.wue_m3_per_j = wue.value_or(default_wue_m3_per_j);
    env_.constant_pue = in_.pue;
    env_.onsite_wue_m3_per_j = *in_.wue_m3_per_j;
  }

  // The nameplate IT power of the clusters housed here: accelerators at TDP plus their hosts loaded, and their fabric.
  double nameplate_it_w() const {
    double nameplate_w = 0.0;
    for (const auto& cluster : clusters_) {
      if (cluster.site_index != site_index_) continue;
      const double per_server_w = static_cast<double>(cluster.accelerators_per_server) * cluster.accelerator.tdp_w +
                                  cluster.host_power.loaded_w + cluster.network.fabric.floor_w_per_server;
      nameplate_w += static_cast<double>(cluster.servers) * per_server_w;
    }
    return nameplate_w;
  }

  // The plant's design IT power: `capacity`, at least the nameplate, or the nameplate when it is absent.
  double plant_capacity_w(const MapReader& facility) const {
    const auto& fspec = facility_section();
    const double nameplate_w = nameplate_it_w();
    const auto capacity = facility.positive_quantity(fspec.key("capacity"));
    if (!capacity) {
      if (!(nameplate_w > 0.0)) {
        facility.fail("capacity",
                      "missing, and no cluster is housed at this site to size the plant (expected a "
                      "capacity such as 10 MW)");
      }
      return nameplate_w;
    }
    // A facility is built to supply and cool the IT it houses at full load; a plant run beyond its design load
    // would extrapolate its part-load curves past their end.
    if (*capacity < nameplate_w) {
      const auto power_text = [](double w) {
        return w >= 1e6 ? short_number(w / 1e6) + " MW" : short_number(w / 1e3) + " kW";
      };
      facility.fail("capacity", power_text(*capacity) +
                                    " is below the nameplate IT power of the clusters housed here, " +
                                    power_text(nameplate_w) +
                                    " (expected a capacity at least that, or omit it to use the nameplate)");
    }
    return *capacity;
  }

  // Outdoor conditions: a climate preset's synthetic weather, or a weather file (EPW or hourly CSV).
  void read_weather(const MapReader& facility) {
    const auto& fspec = facility_section();
    const auto climate_name = facility.name(fspec.key("climate"));
    const auto weather_file = facility.text(fspec.key("weather_file"));
    if (climate_name && weather_file) {
      facility.fail("weather_file", "conflicts with climate (expected a climate preset or a weather file)");
    }
    if (climate_name) {
      const ClimatePreset* climate = find_climate(*climate_name);
      if (!climate) {
        const auto names = preset_names(climate_presets());
        facility.fail("climate", "unknown climate '" + *climate_name + "'" + did_you_mean(*climate_name, names) +
                                     " (expected one of: " + join(names) + ")");
      }
      in_.climate = climate->name;
      in_.profile.utc_offset_h = climate->utc_offset_h;
      env_.weather = synthetic_weather(*climate, start_s_, *end_s_, derived_seed(info_.seed, "weather/" + site_.name));
    } else if (weather_file) {
      const std::string path = resolve_scenario_path(base_dir_, *weather_file);
      const bool epw = path.size() > 4 && path.compare(path.size() - 4, 4, ".epw") == 0;
      try {
        env_.weather = epw ? read_epw(path, start_s_, *end_s_) : read_weather_csv(path, start_s_, *end_s_);
      } catch (const std::exception& e) {
        facility.fail("weather_file", e.what());
      }
      in_.weather_file = path;
    } else {
      facility.fail("climate", "missing: the plant needs outdoor conditions (expected climate or weather_file)");
    }
  }

  // Grid: the region preset, the location-based, marginal and market intensities, and the water of generation.
  void read_grid() {
    const auto& gspec = grid_section();
    const MapReader grid = nested(source_, map_, "grid", gspec);
    const GridPreset* region = nullptr;
    if (const auto region_name = grid.name(gspec.key("region"))) {
      region = find_grid_preset(*region_name);
      if (!region) {
        const auto names = preset_names(grid_presets());
        grid.fail("region", "unknown grid region '" + *region_name + "'" + did_you_mean(*region_name, names) +
                                " (expected one of: " + join(names) + ")");
      }
      in_.grid_region = region->name;
    }
    read_location_intensity(grid, region);
    read_marginal_intensity(grid);
    in_.market_intensity_kg_per_j = carbon_intensity(grid, gspec, "market_intensity");
    if (!in_.market_intensity_kg_per_j && region) in_.market_intensity_kg_per_j = region->market_intensity_kg_per_j;
    env_.market_intensity_kg_per_j = in_.market_intensity_kg_per_j;
    const auto water = grid.quantity(gspec.key("water_intensity"));
    in_.water_intensity_m3_per_j =
        water ? *water : (region && region->water_intensity_m3_per_j ? *region->water_intensity_m3_per_j : 0.0);
    env_.offsite_water_m3_per_j = in_.water_intensity_m3_per_j;
  }

  // An hourly carbon-intensity file over the run, read as `layout` says; errors are located at `key`.
  TimeVarying intensity_file(const MapReader& grid, const char* key, const GridFileLayout& layout,
                             const std::string& path) const {
    require_span(grid, key);
    try {
      return TimeVarying(read_grid_intensity_file(path, layout, start_s_, *end_s_, max_carbon_intensity_kg_per_j));
    } catch (const std::exception& e) {
      grid.fail(key, e.what());
    }
  }

  // A key that replaces the grid region's carbon intensity: the region's then has no effect, which a user who named
  // the region may not expect.
  void warn_region_overridden(const MapReader& given, const char* key, const GridPreset& region) {
    site_.warnings.push_back(given.located(
        key, "replaces grid region '" + region.name + "''s " + short_number(region.carbon_intensity_kg_per_j * 3.6e9) +
                 " g/kWh, so the region's intensity has no effect (the region still gives the market-based and water "
                 "intensities)"));
  }

  // The location-based intensity: a file, or a constant (the site's, the grid's or the region's) with an optional
  // daily and seasonal profile.
  void read_location_intensity(const MapReader& grid, const GridPreset* region) {
    const auto& gspec = grid_section();
    const auto site_intensity = carbon_intensity(map_, site_section(), "carbon_intensity");
    const auto grid_intensity = carbon_intensity(grid, gspec, "carbon_intensity");
    if (site_intensity && grid_intensity) {
      grid.fail("carbon_intensity", "conflicts with the site's carbon_intensity (expected one of them)");
    }
    const auto grid_file = grid.text(gspec.key("file"));
    if (grid_file && (site_intensity || grid_intensity)) {
      grid.fail("file", "conflicts with carbon_intensity: the file gives the intensity (expected one of them)");
    }
    GridFileLayout layout = read_grid_file_layout(source_, grid, grid_file.has_value(), max_carbon_intensity_kg_per_j);
    in_.profile.daily_amplitude = in_range(grid, gspec, "daily_amplitude", 0.0, 0.99, "a fraction in [0, 1)");
    in_.profile.daily_minimum_hour = in_range(grid, gspec, "daily_minimum_hour", 0.0, 24.0, "an hour in [0, 24]");
    in_.profile.seasonal_amplitude = in_range(grid, gspec, "seasonal_amplitude", 0.0, 0.99, "a fraction in [0, 1)");
    in_.profile.seasonal_peak_month = in_range(grid, gspec, "seasonal_peak_month", 1.0, 12.0, "a month in [1, 12]");
    if (grid.has("utc_offset")) {
      in_.profile.utc_offset_h = in_range(grid, gspec, "utc_offset", -12.0, 14.0, "hours in [-12, 14]");
      layout.utc_offset_h = in_.profile.utc_offset_h;  // the zone of the file's zone-less times, if it has any
    }
    if (grid_file) {
      if (region) warn_region_overridden(grid, "file", *region);
      const std::string path = resolve_scenario_path(base_dir_, *grid_file);
      env_.carbon_intensity_kg_per_j = intensity_file(grid, "file", layout, path);
      in_.grid_file = path;
      in_.grid_file_layout = layout;
      return;
    }
    if (region && (site_intensity || grid_intensity)) {
      warn_region_overridden(site_intensity ? map_ : grid, "carbon_intensity", *region);
    }
    const auto mean = site_intensity   ? site_intensity
                      : grid_intensity ? grid_intensity
                      : region         ? std::optional<double>(region->carbon_intensity_kg_per_j)
                                       : std::nullopt;
    if (!mean) {
      map_.fail("carbon_intensity",
                "missing: the grid's carbon intensity is needed for emissions (expected "
                "carbon_intensity, grid.region, grid.carbon_intensity or grid.file)");
    }
    in_.carbon_intensity_kg_per_j = *mean;
    if (in_.profile.daily_amplitude > 0.0 || in_.profile.seasonal_amplitude > 0.0) {
      require_span(grid, in_.profile.daily_amplitude > 0.0 ? "daily_amplitude" : "seasonal_amplitude");
      env_.carbon_intensity_kg_per_j = TimeVarying(profiled_intensity(*mean, in_.profile, start_s_, *end_s_));
    } else {
      env_.carbon_intensity_kg_per_j = TimeVarying(*mean);
    }
  }

  // The marginal intensity, for consequential emissions: a constant or an hourly file, or none.
  void read_marginal_intensity(const MapReader& grid) {
    const auto& gspec = grid_section();
    const auto marginal = carbon_intensity(grid, gspec, "marginal_intensity");
    const auto marginal_file = grid.text(gspec.key("marginal_file"));
    if (marginal && marginal_file) {
      grid.fail("marginal_file", "conflicts with marginal_intensity (expected one of them)");
    }
    if (marginal) {
      in_.marginal_intensity_kg_per_j = *marginal;
      env_.marginal_intensity_kg_per_j = TimeVarying(*marginal);
    } else if (marginal_file) {
      const std::string path = resolve_scenario_path(base_dir_, *marginal_file);
      GridFileLayout layout;  // terawatt's form, its column named marginal_intensity
      layout.intensity_column = "marginal_intensity";
      env_.marginal_intensity_kg_per_j = intensity_file(grid, "marginal_file", layout, path);
      in_.marginal_file = path;
    }
  }

  const YamlSource& source_;
  const MapReader& map_;
  const ScenarioInfo& info_;
  const std::vector<Cluster>& clusters_;
  std::size_t site_index_;
  const std::string& base_dir_;
  Site& site_;
  const HardwareCatalog& hardware_;  // the user's facility presets
  SiteInputs& in_;
  SiteEnvironment& env_;
  double start_s_;
  std::optional<double> end_s_;
};

}  // namespace

std::string scenario_base_dir(const std::string& display_name) {
  const auto slash = display_name.find_last_of('/');
  return slash == std::string::npos ? std::string(".") : display_name.substr(0, slash);
}

std::string resolve_scenario_path(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path.front() == '/' || base_dir.empty()) return path;
  return base_dir + "/" + path;
}

void read_site_environment(const YamlSource& source, const MapReader& map, const ScenarioInfo& info,
                           const std::vector<Cluster>& clusters, std::size_t site_index, const std::string& base_dir,
                           Site& site, const HardwareCatalog& hardware) {
  SiteEnvironmentReader(source, map, info, clusters, site_index, base_dir, site, hardware).read();
}

}  // namespace terawatt
