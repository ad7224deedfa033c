#include "sim/scenario/projection_loader.hpp"

#include "models/base/nearest_name.hpp"
#include "models/base/units.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/facility_presets.hpp"
#include "models/grid/grid_presets.hpp"
#include "sim/scenario/projection_cluster_yaml.hpp"
#include "sim/scenario/projection_schema.hpp"
#include "sim/scenario/scenario_loader.hpp"
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
constexpr double seconds_per_year = 365.0 * 86400.0;  // the fleet model's 8,760-hour year
// Years a trajectory may name: far enough either way for any projection, close enough to catch a typo.
constexpr int earliest_year = 1950;
constexpr int latest_year = 2200;

using Leaf = std::function<double(const std::string&)>;

std::optional<int> year_key(const std::string& text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoi(text);
}

double non_negative(const std::string& raw) {
  const double value = parse_quantity(raw, Dimension::dimensionless);
  if (!(value >= 0.0)) throw UnitError("'" + raw + "' is negative (expected a value >= 0)");
  return value;
}

double growth_rate(const std::string& raw) {
  const double value = parse_quantity(raw, Dimension::dimensionless);
  if (!(value > -1.0)) throw UnitError("'" + raw + "' is -100 % or less (expected a growth above -100 % a year)");
  return value;
}

// Reads the varying inputs of one projection: a scalar, a trajectory {year: value}, or a table by region or by
// case, nested (models/fleet/projection_varying.hpp).
class VaryingReader {
 public:
  VaryingReader(const YamlSource& source, const ProjectionInputs& inputs) : source_(source), inputs_(inputs) {
    for (const auto& r : inputs.regions) regions_.push_back(r.name);
    for (const auto& c : inputs.cases) cases_.push_back(c.name);
  }

  // The key's value (or its default) through `leaf`, checked to have an entry for every region and case.
  Varying read(const MapReader& map, const KeySpec& spec, const Leaf& leaf) const {
    const std::string key(spec.key);
    const std::string path = map.child_path(key);
    if (!map.has(key)) {
      if (spec.default_text.empty()) map.fail(key, "missing required key");
      return Varying::constant(parse(map.node(), path, std::string(spec.default_text), leaf));
    }
    Varying value = node_value(map.child(key), path, leaf, false);
    for (const auto& region : regions_) {
      for (const auto& c : inputs_.cases) {
        try {
          (void)value.at({region, c.chain, inputs_.first_year});
        } catch (const std::out_of_range& e) {
          source_.fail(map.child(key), path,
                       std::string(e.what()) + " (expected an entry for every region: " + join(regions_) +
                           "; or every case: " + join(cases_) + ")");
        }
      }
    }
    return value;
  }

 private:
  double parse(const YAML::Node& node, const std::string& path, const std::string& raw, const Leaf& leaf) const {
    try {
      return leaf(raw);
    } catch (const UnitError& e) {
      source_.fail(node, path, e.what());
    }
  }

  Varying node_value(const YAML::Node& node, const std::string& path, const Leaf& leaf, bool in_trajectory) const {
    if (node.IsScalar()) return Varying::constant(parse(node, path, node.Scalar(), leaf));
    if (!node.IsMap() || in_trajectory || node.size() == 0) {
      source_.fail(node, path, "expected a value, or a mapping by year, region or case, found " + node_kind(node));
    }
    std::vector<std::string> keys;
    for (const auto& entry : node) keys.push_back(entry.first.Scalar());
    const auto all_in = [&](const std::vector<std::string>& names) {
      for (const auto& k : keys) {
        if (std::find(names.begin(), names.end(), k) == names.end()) return false;
      }
      return true;
    };
    if (year_key(keys.front())) {
      std::vector<std::pair<int, double>> points;
      for (const auto& entry : node) {
        const auto year = year_key(entry.first.Scalar());
        const std::string here = path + "." + entry.first.Scalar();
        if (!year || *year < earliest_year || *year > latest_year) {
          source_.fail(entry.first, here, "expected a year between 1950 and 2200 like the trajectory's first key");
        }
        for (const auto& [seen, unused] : points) {
          if (seen == *year) source_.fail(entry.first, here, "year given twice");
        }
        if (!entry.second.IsScalar())
          source_.fail(entry.second, here, "expected a value, found " + node_kind(entry.second));
        points.emplace_back(*year, parse(entry.second, here, entry.second.Scalar(), leaf));
      }
      return Varying::trajectory(std::move(points));
    }
    const bool by_region = all_in(regions_);
    if (!by_region && !all_in(cases_)) {
      const std::vector<std::string>& names =
          std::find(regions_.begin(), regions_.end(), keys.front()) != regions_.end() ? regions_ : cases_;
      for (const auto& entry : node) {
        const std::string k = entry.first.Scalar();
        if (std::find(names.begin(), names.end(), k) == names.end()) {
          source_.fail(entry.first, path + "." + k,
                       "not a year, region or case" + did_you_mean(k, names) +
                           " (expected keys that are all years, "
                           "all regions (" +
                           join(regions_) + ") or all cases (" + join(cases_) + "))");
        }
      }
    }
    std::vector<Varying> values;
    for (const auto& entry : node) {
      values.push_back(node_value(entry.second, path + "." + entry.first.Scalar(), leaf, false));
    }
    return by_region ? Varying::by_region(keys, std::move(values)) : Varying::by_case(keys, std::move(values));
  }

  const YamlSource& source_;
  const ProjectionInputs& inputs_;
  std::vector<std::string> regions_;
  std::vector<std::string> cases_;
};

template <typename Read>
void read_list(const YamlSource& source, const MapReader& parent, const std::string& key, const SectionSpec& section,
               const Read& read_one) {
  if (!parent.has(key)) parent.fail(key, "missing required list (expected at least one entry)");
  const YAML::Node list = parent.child(key);
  if (!list.IsSequence() || list.size() == 0) {
    parent.fail(key, "expected a non-empty list of mappings, found " + node_kind(list));
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node name = list[i].IsMap() ? list[i]["name"] : YAML::Node();
    const std::string segment =
        name && name.IsScalar() && is_valid_name(name.Scalar()) ? name.Scalar() : std::to_string(i);
    const MapReader map(source, list[i], parent.child_path(key) + "." + segment, section);
    const std::string element = *map.name(section.key("name"));
    if (!seen.insert(element).second) map.fail("name", "duplicate name '" + element + "' in " + key);
    read_one(map, element);
  }
}

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

std::optional<SegmentKind> find_segment_kind(const std::string& name) {
  for (SegmentKind k : {SegmentKind::training, SegmentKind::inference, SegmentKind::conventional, SegmentKind::storage,
                        SegmentKind::network}) {
    if (segment_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

// A by-case choice of words (`power: simulated` or `power: {low: nameplate, high: simulated}`).
std::vector<std::string> read_case_words(const MapReader& map, const KeySpec& spec, const ProjectionInputs& inputs,
                                         const std::vector<std::string>& allowed) {
  const std::string key(spec.key);
  const YAML::Node node = map.child(key);
  const auto check = [&](const std::string& word) {
    if (std::find(allowed.begin(), allowed.end(), word) == allowed.end()) {
      map.fail(key, "'" + word + "'" + did_you_mean(word, allowed) + " is not one of: " + join(allowed));
    }
    return word;
  };
  std::vector<std::string> words;
  for (const auto& c : inputs.cases) {
    if (!node) {
      words.push_back(std::string(spec.default_text));
    } else if (node.IsScalar()) {
      words.push_back(check(node.Scalar()));
    } else if (node.IsMap()) {
      std::string found;
      for (const auto& name : c.chain) {
        if (node[name] && node[name].IsScalar()) {
          found = check(node[name].Scalar());
          break;
        }
      }
      if (found.empty()) map.fail(key, "no value for case '" + c.name + "' (expected a value or one per case)");
      words.push_back(found);
    } else {
      map.fail(key, "expected one of " + join(allowed) + ", or a mapping by case, found " + node_kind(node));
    }
  }
  return words;
}

GenerationSetup read_generation(const MapReader& map, bool accelerated) {
  const auto& spec = projection_generation_section();
  GenerationSetup g;
  const auto server_name = map.name(spec.key("server"));
  const auto accelerator_name = map.name(spec.key("accelerator"));
  const auto max_w = map.positive_quantity(spec.key("max_power"));
  if (!accelerated) {
    for (const char* key : {"server", "accelerator", "accelerators_per_server", "server_overhead"}) {
      if (map.has(key)) map.fail(key, "is for accelerated segments (training, inference) only");
    }
    const auto idle_w = map.quantity(spec.key("idle_power"));
    if (!idle_w) map.fail("idle_power", "missing: a server without accelerators needs idle_power and max_power");
    if (!max_w) map.fail("max_power", "missing: a server without accelerators needs idle_power and max_power");
    if (*max_w < *idle_w) map.fail("max_power", "is below idle_power (expected max_power >= idle_power)");
    g.idle_w = *idle_w;
    g.max_w = *max_w;
    return g;
  }
  if (map.has("idle_power")) map.fail("idle_power", "is for servers without accelerators only");
  if (server_name && accelerator_name) map.fail("accelerator", "conflicts with server (expected one of them)");
  const ServerSpec* server = nullptr;
  if (server_name) {
    server = find_server(*server_name);
    if (!server) {
      const auto known = names_of(server_catalog());
      map.fail("server", "unknown server '" + *server_name + "'" + did_you_mean(*server_name, known) +
                             " (expected one of: " + join(known) + ")");
    }
    if (map.has("accelerators_per_server")) map.fail("accelerators_per_server", "comes from the server");
  }
  const std::string accelerator = server ? server->accelerator : accelerator_name.value_or("");
  if (accelerator.empty()) map.fail("server", "missing: an accelerated generation needs server or accelerator");
  const AcceleratorSpec* found = find_accelerator(accelerator);
  if (!found) {
    const auto known = names_of(accelerator_catalog());
    map.fail("accelerator", "unknown accelerator '" + accelerator + "'" + did_you_mean(accelerator, known) +
                                " (expected one of: " + join(known) + ")");
  }
  g.accelerator = *found;
  g.accelerators_per_server =
      server ? server->accelerators_per_server
             : static_cast<int>(
                   map.positive_count(projection_generation_section().key("accelerators_per_server")).value_or(8));
  g.server_overhead_w = map.quantity(spec.key("server_overhead"));
  const double host_loaded_w =
      g.server_overhead_w ? *g.server_overhead_w : default_host_power(*found, g.accelerators_per_server).loaded_w;
  const double nameplate_w = server ? server->max_power_w : g.accelerators_per_server * found->tdp_w + host_loaded_w;
  g.max_w = max_w.value_or(nameplate_w);
  return g;
}

// The served model and request as flow YAML: the user's mapping, or the default of the schema's doc.
std::string flow_mapping(const MapReader& map, const std::string& key, const std::string& fallback) {
  if (!map.has(key)) return fallback;
  if (!map.child(key).IsMap()) map.fail(key, "expected a mapping, found " + node_kind(map.child(key)));
  YAML::Emitter out;
  out << YAML::Flow << map.child(key);
  return out.c_str();
}

// An inference segment's service, and for each generation what its replicas serve, asked of the simulation's own
// loader (the cost models behind `type: inference`), so that utilisation = demand / capacity at a full batch.
void read_inference_service(const MapReader& map, SegmentSetup& setup, const RepresentativeSettings& settings,
                            const ProjectionSegment& segment) {
  const auto& spec = projection_segment_section();
  // Llama 2 70B's architecture (Touvron et al. 2023) and a chat turn: assumptions, see the schema.
  setup.inference_service_yaml =
      "modality: text, model: " +
      flow_mapping(map, "model", "{parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}") +
      ", request: " + flow_mapping(map, "request", "{prompt_tokens: 1000, output_tokens: 300}");
  setup.replica_accelerators = map.positive_count(spec.key("replica_accelerators")).value_or(0);
  for (std::size_t i = 0; i < setup.generations.size(); ++i) {
    GenerationSetup& g = setup.generations[i];
    const std::string probe =
        "scenario: {name: probe, duration: 1 d, sample_interval: 1 h}\n"
        "sites: [{name: s, pue: 1.1, carbon_intensity: 0 g/kWh}]\n"
        "clusters: [" +
        representative_cluster_yaml("c", "s", g, settings) +
        "]\n"
        "workloads: [" +
        representative_service_yaml("probe", "c", setup, g, settings, 1.0, 0.0) + "]\n";
    try {
      const Scenario scenario = load_scenario_text(probe, "(representative service)");
      g.replica_capacity_per_s = scenario.services.at(0).replica.capacity_per_s();
      g.replicas = scenario.services.at(0).max_replicas;
    } catch (const ScenarioError& e) {
      const std::string& path = e.key_path();
      const char* key = path.find(".model") != std::string::npos     ? "model"
                        : path.find(".request") != std::string::npos ? "request"
                                                                     : "replica_accelerators";
      map.fail(key, "generation '" + segment.generations[i].name + "': the inference service refuses it: " +
                        (path.empty() ? "" : path.substr(path.find('.', path.find('.') + 1) + 1) + ": ") + e.problem());
    }
  }
}

void read_segments(const YamlSource& source, const MapReader& root, ProjectionScenario& scenario) {
  const auto& spec = projection_segment_section();
  const VaryingReader varying(source, scenario.model);
  read_list(source, root, "segments", spec, [&](const MapReader& map, const std::string& name) {
    ProjectionSegment segment;
    SegmentSetup setup;
    segment.name = name;
    const std::string kind = *map.name(spec.key("kind"));
    const auto found_kind = find_segment_kind(kind);
    if (!found_kind) {
      const std::vector<std::string> kinds{"training", "inference", "conventional", "storage", "network"};
      map.fail("kind",
               "unknown kind '" + kind + "'" + did_you_mean(kind, kinds) + " (expected one of: " + join(kinds) + ")");
    }
    setup.kind = *found_kind;
    setup.facility = *map.name(spec.key("facility"));
    if (!find_facility_preset(setup.facility)) {
      const auto known = names_of(facility_presets());
      map.fail("facility", "unknown facility preset '" + setup.facility + "'" + did_you_mean(setup.facility, known) +
                               " (expected one of: " + join(known) + ")");
    }
    const Varying utilisation = varying.read(map, spec.key("utilisation"), [](const std::string& raw) {
      const double value = parse_quantity(raw, Dimension::dimensionless);
      if (!(value > 0.0 && value <= 1.0)) throw UnitError("'" + raw + "' is outside (0, 1] (expected a fraction)");
      return value;
    });
    if (utilisation.kind() != Varying::Kind::constant && utilisation.kind() != Varying::Kind::by_case) {
      map.fail("utilisation", "may vary by case only: the representative clusters run at one utilisation each");
    }
    for (const auto& c : scenario.model.cases) {
      setup.utilisation.push_back(utilisation.at({scenario.model.regions.front().name, c.chain, 0}));
    }
    for (const auto& word : read_case_words(map, spec.key("power"), scenario.model, {"simulated", "nameplate"})) {
      setup.nameplate.push_back(word == "nameplate");
    }
    segment.pue = varying.read(map, spec.key("pue"), [](const std::string& raw) {
      if (raw == "simulated") return simulated_pue;
      const double value = parse_number(raw);
      if (!(value >= 1.0)) throw UnitError("'" + raw + "' is below 1 (expected a PUE >= 1, or simulated)");
      if (!(value <= max_stated_pue)) {
        throw UnitError("'" + raw + "' is implausibly high (expected a PUE of at most " + short_number(max_stated_pue) +
                        ": reported PUEs run from 1.09 to 2.5, or simulated)");
      }
      return value;
    });
    segment.installed = varying.read(map, spec.key("installed"), non_negative);
    segment.history_growth = varying.read(map, spec.key("history_growth"), growth_rate);
    segment.growth = varying.read(map, spec.key("growth"), growth_rate);
    if (map.has("shipments")) {
      if (map.has("growth")) map.fail("shipments", "conflicts with growth (expected one of them)");
      segment.shipments = varying.read(map, spec.key("shipments"), non_negative);
    }
    const double lifetime_years = *map.positive_quantity(spec.key("lifetime")) / seconds_per_year;
    if (const auto shape = map.number(spec.key("weibull_shape"))) {
      segment.survival = SurvivalCurve::weibull(*shape, lifetime_years);
    } else {
      const long rounded = std::lround(lifetime_years);
      if (rounded < 1 || std::fabs(lifetime_years - static_cast<double>(rounded)) > 1e-9) {
        map.fail("lifetime",
                 "a fixed lifetime must be a whole number of years of 365 days (expected e.g. 5 yr, or "
                 "give weibull_shape)");
      }
      segment.survival = SurvivalCurve::fixed(static_cast<int>(rounded));
    }
    const auto& gspec = projection_generation_section();
    read_list(source, map, "generations", gspec, [&](const MapReader& gmap, const std::string& gname) {
      ProjectionGeneration generation;
      generation.name = gname;
      const GenerationSetup g = read_generation(gmap, setup.accelerated());
      generation.accelerators_per_server = g.accelerators_per_server;
      generation.share = varying.read(gmap, gspec.key("share"), non_negative);
      segment.generations.push_back(std::move(generation));
      setup.generations.push_back(g);
    });
    if (setup.kind == SegmentKind::inference) {
      read_inference_service(map, setup, scenario.representative, segment);
    } else {
      for (const char* key : {"model", "request", "replica_accelerators"}) {
        if (map.has(key)) map.fail(key, "is for inference segments only");
      }
    }
    for (std::size_t c = 0; c < scenario.model.cases.size(); ++c) {
      if (setup.nameplate[c] &&
          std::isnan(segment.pue.at(
              {scenario.model.regions.front().name, scenario.model.cases[c].chain, scenario.model.first_year}))) {
        map.fail("pue", "is simulated, but case '" + scenario.model.cases[c].name +
                            "' uses nameplate power, which "
                            "runs no cooling plant (expected a stated PUE for that case, e.g. 1 for none)");
      }
    }
    scenario.model.segments.push_back(std::move(segment));
    scenario.segments.push_back(std::move(setup));
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
                         const std::vector<std::string>& overrides) {
  YamlSource source(display_name);
  if (!document.IsMap()) source.fail(document, "", "expected a mapping with keys: scenario, projection");
  for (const auto& text : overrides) source.add_override(apply_scenario_override(document, text), text);
  document.remove("expected");  // a validation case's published figures (sim/app/validate/validation_case.hpp)
  // A simulation's section beside `projection`: the file mixes the two kinds, and `projection` made it a projection.
  for (const auto& entry : document) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (key == "sites" || key == "clusters" || key == "workloads") {
      source.fail(entry.first, key,
                  "a simulation section beside projection, which belongs to projection files (expected a projection "
                  "file with scenario and projection only, or a simulation without projection)");
    }
  }
  const MapReader root(source, document, "", std::vector<std::string>{"scenario", "projection"});
  ProjectionScenario scenario;
  scenario.source_file = display_name;
  if (!root.has("scenario"))
    source.fail(document, "scenario", "missing required section (expected a mapping with name)");
  {
    const auto& spec = scenario_section();
    const MapReader info(source, root.child("scenario"), "scenario",
                         std::vector<std::string>{"name", "description", "seed"});
    scenario.name = *info.name(spec.key("name"));
    scenario.description = info.text(spec.key("description")).value_or("");
    scenario.seed = static_cast<std::uint64_t>(*info.count(spec.key("seed")));
  }
  const MapReader map(source, root.child("projection"), "projection", projection_section());
  const auto& spec = projection_section();
  scenario.model.first_year = static_cast<int>(*map.count(spec.key("first_year")));
  scenario.model.last_year = static_cast<int>(*map.count(spec.key("last_year")));
  if (scenario.model.first_year < earliest_year || scenario.model.first_year > latest_year) {
    map.fail("first_year", "expected a year between 1950 and 2200");
  }
  if (scenario.model.last_year < scenario.model.first_year || scenario.model.last_year > latest_year) {
    map.fail("last_year", "expected a year from first_year to 2200");
  }
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

bool is_projection_file(const std::string& path) {
  try {
    const YAML::Node document = YAML::Load(read_yaml_file(path, "scenario file"));
    return document.IsMap() && document["projection"];
  } catch (const std::exception&) {
    return false;
  }
}

ProjectionScenario load_projection_text(const std::string& yaml_text, const std::string& display_name,
                                        const std::vector<std::string>& overrides) {
  return parse(load_yaml_document(yaml_text, display_name, "scenario"), display_name, overrides);
}

ProjectionScenario load_projection_file(const std::string& path, const std::vector<std::string>& overrides) {
  return load_projection_text(read_yaml_file(path, "scenario file"), path, overrides);
}

}  // namespace terawatt
