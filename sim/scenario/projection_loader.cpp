#include "sim/scenario/projection_loader.hpp"

#include "models/base/nearest_name.hpp"
#include "models/base/units.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/facility_presets.hpp"
#include "models/grid/grid_presets.hpp"
#include "sim/scenario/hardware_reader.hpp"
#include "sim/scenario/input_correlations.hpp"
#include "sim/scenario/input_distributions.hpp"
#include "sim/scenario/projection_schema.hpp"
#include "sim/scenario/projection_segment_reader.hpp"
#include "sim/scenario/projection_varying_reader.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/site_reader.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace terawatt {
namespace {

constexpr double g_per_kwh_per_kg_per_j = 1e3 * 3.6e6;  // kg/J -> g/kWh
constexpr double j_per_twh = 3.6e15;

void read_cases(const YamlSource& source, const MapReader& root, ProjectionInputs& inputs) {
  const auto& spec = projection_case_section();
  read_list(source, root, "cases", spec, [&](const MapReader& map, const std::string& name) {
    ProjectionCase c;
    c.name = name;
    c.chain.push_back(name);
    if (const auto like = map.name(spec.key("like"))) {
      const auto earlier = std::find_if(inputs.cases.begin(), inputs.cases.end(),
                                        [&](const ProjectionCase& e) { return e.name == *like; });
      if (earlier == inputs.cases.end()) {
        map.fail("like", "no earlier case '" + *like + "'" + did_you_mean(*like, names_of(inputs.cases)) +
                             " (expected a case listed before this one)");
      }
      c.chain.insert(c.chain.end(), earlier->chain.begin(), earlier->chain.end());
    }
    (void)map.text(spec.key("description"));
    inputs.cases.push_back(std::move(c));
  });
}

void read_regions(const YamlSource& source, const MapReader& root, ProjectionScenario& scenario) {
  const auto& spec = projection_region_section();
  read_list(source, root, "regions", spec, [&](const MapReader& map, const std::string& name) {
    const std::string climate = *map.name(spec.key("climate"));
    if (!find_climate(climate)) {
      std::vector<std::string> known = names_of(climate_presets());
      map.fail("climate", "unknown climate '" + climate + "'" + did_you_mean(climate, known) +
                              " (expected one of: " + join(known) + ")");
    }
    ProjectionRegion region;
    region.name = name;
    scenario.model.regions.push_back(region);
    scenario.climates.push_back(climate);
  });
  // Intensities may be keyed by case, so they are read once the cases are known (read_region_grids).
}

void read_region_grids(const YamlSource& source, const MapReader& root, ProjectionScenario& scenario) {
  const auto& spec = projection_region_section();
  const VaryingReader varying(source, scenario.model);
  std::size_t i = 0;
  read_list(source, root, "regions", spec, [&](const MapReader& map, const std::string&) {
    ProjectionRegion& region = scenario.model.regions[i++];
    const auto grid = map.name(spec.key("grid"));
    if (map.has("carbon_intensity")) {
      region.carbon_intensity_g_per_kwh = varying.read(map, spec.key("carbon_intensity"), [](const std::string& raw) {
        const double value = parse_quantity(raw, Dimension::carbon_intensity);
        if (!(value >= 0.0)) throw UnitError("'" + raw + "' is negative (expected an intensity >= 0)");
        return value * g_per_kwh_per_kg_per_j;
      });
    } else if (grid) {
      const GridPreset* preset = find_grid_preset(*grid);
      if (!preset) {
        const auto known = names_of(grid_presets());
        map.fail("grid", "unknown grid region '" + *grid + "'" + did_you_mean(*grid, known) +
                             " (expected one of: " + join(known) + ")");
      }
      region.carbon_intensity_g_per_kwh = Varying::constant(preset->carbon_intensity_kg_per_j * g_per_kwh_per_kg_per_j);
    } else {
      map.fail("carbon_intensity", "missing: give carbon_intensity or grid (expected an intensity such as 350 g/kWh)");
    }
  });
}

void read_crypto(const YamlSource& source, const MapReader& root, ProjectionScenario& scenario) {
  if (!root.has("crypto")) return;
  const auto& spec = projection_crypto_section();
  const MapReader map(source, root.child("crypto"), root.child_path("crypto"), spec);
  const VaryingReader varying(source, scenario.model);
  CryptoSeries crypto;
  crypto.electricity_twh = varying.read(map, spec.key("electricity"), [](const std::string& raw) {
    const double value = parse_quantity(raw, Dimension::energy);
    if (!(value >= 0.0)) throw UnitError("'" + raw + "' is negative (expected an energy >= 0)");
    return value / j_per_twh;
  });
  crypto.share = varying.read(map, spec.key("share"), non_negative);
  scenario.model.crypto = std::move(crypto);
}

RepresentativeSettings read_representative(const YamlSource& source, const MapReader& root) {
  const auto& spec = projection_representative_section();
  const YAML::Node node = root.has("representative") ? root.child("representative") : YAML::Node(YAML::NodeType::Map);
  const MapReader map(source, node, root.child_path("representative"), spec);
  RepresentativeSettings r;
  r.weeks = static_cast<int>(*map.positive_count(spec.key("weeks")));
  if (r.weeks > 52) map.fail("weeks", "more than 52 (expected at most one run per week of the year)");
  r.duration_s = *map.positive_quantity(spec.key("duration"));
  if (std::fmod(r.duration_s, 86400.0) != 0.0 || r.duration_s > 31.0 * 86400.0) {
    map.fail("duration", "expected whole days, at most 31 d, so that the daily load shape is whole");
  }
  r.sample_interval_s = *map.positive_quantity(spec.key("sample_interval"));
  if (std::fmod(3600.0, r.sample_interval_s) != 0.0 && std::fmod(r.sample_interval_s, 3600.0) != 0.0) {
    map.fail("sample_interval", "expected a divisor or multiple of 1 h");
  }
  r.servers = *map.positive_count(spec.key("servers"));
  r.servers_per_host = *map.positive_count(spec.key("servers_per_host"));
  if (r.servers % r.servers_per_host != 0) map.fail("servers_per_host", "does not divide servers");
  const std::string shape = *map.name(spec.key("daily_shape"));
  const auto found = find_daily_shape(shape);
  if (!found) map.fail("daily_shape", "unknown shape '" + shape + "' (expected flat, office or consumer)");
  r.daily_shape = *found;
  return r;
}

ProjectionScenario parse(YAML::Node document, const std::string& display_name,
                         const std::vector<std::string>& overrides, const std::vector<std::string>& catalog_files) {
  YamlSource source(display_name);
  if (!document.IsMap()) source.fail(document, "", "expected a mapping with keys: scenario, projection");
  for (const auto& text : overrides) source.add_override(apply_scenario_override(document, text), text);
  document.remove("expected");  // a validation case's published figures (sim/app/validate/validation_case.hpp)
  // Values given as distributions run at their central values; `--samples` draws them (sim/app/uncertainty/).
  const std::vector<InputDistribution> distributions = find_input_distributions(source, document);
  (void)read_input_correlations(source, document, distributions);  // checked here; drawn by --samples
  std::vector<std::string> central_values = resolve_input_distributions(document, distributions);
  // A simulation's section beside `projection`: the file mixes the two kinds, and `projection` made it a projection.
  for (const auto& entry : document) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (key == "sites" || key == "clusters" || key == "workloads") {
      source.fail(entry.first, key,
                  "a simulation section beside projection, which belongs to projection files (expected a projection "
                  "file with scenario and projection only, or a simulation without projection)");
    }
  }
  const MapReader root(source, document, "", std::vector<std::string>{"scenario", "projection", "catalog", "hardware"});
  ProjectionScenario scenario;
  scenario.source_file = display_name;
  scenario.central_values = std::move(central_values);
  if (!root.has("scenario"))
    source.fail(document, "scenario", "missing required section (expected a mapping with name)");
  {
    const auto& spec = scenario_section();
    const MapReader info(source, root.child("scenario"), "scenario",
                         std::vector<std::string>{"name", "description", "seed", "correlations"});
    scenario.name = *info.name(spec.key("name"));
    scenario.description = info.text(spec.key("description")).value_or("");
    scenario.seed = static_cast<std::uint64_t>(*info.count(spec.key("seed")));
  }
  const MapReader map(source, root.child("projection"), "projection", projection_section());
  const auto& spec = projection_section();
  scenario.model.first_year = static_cast<int>(*map.count(spec.key("first_year")));
  scenario.model.last_year = static_cast<int>(*map.count(spec.key("last_year")));
  if (scenario.model.first_year < earliest_projection_year || scenario.model.first_year > latest_projection_year) {
    map.fail("first_year", "expected a year between 1950 and 2200");
  }
  if (scenario.model.last_year < scenario.model.first_year || scenario.model.last_year > latest_projection_year) {
    map.fail("last_year", "expected a year from first_year to 2200");
  }
  const std::string base_dir = scenario_base_dir(display_name);
  scenario.hardware = read_scenario_hardware(source, root, base_dir, catalog_files).catalog;
  read_cases(source, map, scenario.model);
  read_regions(source, map, scenario);
  read_region_grids(source, map, scenario);
  scenario.representative = read_representative(source, map);
  read_segments(source, map, scenario);
  read_crypto(source, map, scenario);
  YAML::Emitter emitter;
  emitter << document;
  scenario.resolved_yaml = emitter.c_str();
  return scenario;
}

}  // namespace

std::string_view segment_kind_name(SegmentKind kind) {
  switch (kind) {
    case SegmentKind::training:
      return "training";
    case SegmentKind::inference:
      return "inference";
    case SegmentKind::conventional:
      return "conventional";
    case SegmentKind::storage:
      return "storage";
    case SegmentKind::network:
      return "network";
  }
  return "";
}

double segment_utilisation(const ProjectionScenario& scenario, std::size_t segment, std::size_t region,
                           std::size_t case_index, int year) {
  const ProjectionInputs& model = scenario.model;
  return scenario.segments[segment].utilisation.at({model.regions[region].name, model.cases[case_index].chain, year});
}

std::string_view work_unit_name(WorkUnit unit) {
  switch (unit) {
    case WorkUnit::flop:
      return "FLOP";
    case WorkUnit::request:
      return "request";
    case WorkUnit::token:
      return "token";
    case WorkUnit::image:
      return "image";
    case WorkUnit::video_minute:
      return "video-minute";
    case WorkUnit::none:
      break;
  }
  return "";
}

bool is_projection_text(const std::string& yaml_text) {
  try {
    const YAML::Node document = YAML::Load(yaml_text);
    return document.IsMap() && document["projection"];
  } catch (const std::exception&) {
    return false;
  }
}

bool is_projection_file(const std::string& path) {
  try {
    return is_projection_text(read_yaml_file(path, "scenario file"));
  } catch (const std::exception&) {
    return false;
  }
}

ProjectionScenario load_projection_text(const std::string& yaml_text, const std::string& display_name,
                                        const std::vector<std::string>& overrides,
                                        const std::vector<std::string>& catalog_files) {
  return parse(load_yaml_document(yaml_text, display_name, "scenario"), display_name, overrides, catalog_files);
}

ProjectionScenario load_projection_file(const std::string& path, const std::vector<std::string>& overrides,
                                        const std::vector<std::string>& catalog_files) {
  return load_projection_text(read_yaml_file(path, "scenario file"), path, overrides, catalog_files);
}

}  // namespace terawatt
