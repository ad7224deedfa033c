#include "sim/scenario/projection_segment_reader.hpp"

#include "models/base/nearest_name.hpp"
#include "models/facility/facility_presets.hpp"
#include "sim/scenario/hardware_reader.hpp"
#include "sim/scenario/projection_demand_reader.hpp"
#include "sim/scenario/projection_run_parts.hpp"
#include "sim/scenario/projection_schema.hpp"
#include "sim/scenario/projection_varying_reader.hpp"
#include "sim/scenario/replica_table_reader.hpp"

#include <cmath>

namespace terawatt {
namespace {

constexpr double seconds_per_year = 365.0 * 86400.0;  // the fleet model's 8,760-hour year

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

GenerationSetup read_generation(const MapReader& map, bool accelerated, const HardwareCatalog& catalog) {
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
    server = catalog.find_server(*server_name);
    if (!server) {
      const auto known = names_of(catalog.servers);
      map.fail("server", "unknown server '" + *server_name + "'" + did_you_mean(*server_name, known) +
                             " (expected one of: " + join(known) + ")");
    }
    if (map.has("accelerators_per_server")) map.fail("accelerators_per_server", "comes from the server");
  }
  const std::string accelerator = server ? server->accelerator : accelerator_name.value_or("");
  if (accelerator.empty()) map.fail("server", "missing: an accelerated generation needs server or accelerator");
  const AcceleratorSpec* found = catalog.find_accelerator(accelerator);
  if (!found) {
    const auto known = names_of(catalog.accelerators);
    map.fail("accelerator", "unknown accelerator '" + accelerator + "'" + did_you_mean(accelerator, known) +
                                " (expected one of: " + join(known) + ")");
  }
  g.accelerator = *found;
  g.accelerators_per_server =
      server ? server->accelerators_per_server
             : static_cast<int>(
                   map.positive_count(projection_generation_section().key("accelerators_per_server")).value_or(8));
  g.server_overhead_w = map.quantity(spec.key("server_overhead"));
  // A measured constant host power, or the curve of the catalog's first server that holds the accelerator, as a
  // cluster without a `server` key gets it.
  const ServerSpec* holder = catalog.server_for(found->name);
  if (!g.server_overhead_w && !holder) {
    map.fail("server_overhead", "missing: no catalog server holds accelerator '" + found->name +
                                    "' (expected a server of it in the catalog, or server_overhead)");
  }
  g.host = g.server_overhead_w ? HostPowerCurve::constant(*g.server_overhead_w)
                               : holder->host_for(g.accelerators_per_server);
  const double nameplate_w = server ? server->max_power_w : g.accelerators_per_server * found->tdp_w + g.host.loaded_w;
  g.max_w = max_w.value_or(nameplate_w);
  return g;
}

// An inference segment's service, and for each generation what its replicas serve, as the simulation's own inference
// reader makes them (the cost models behind `type: inference`), so that utilisation = demand / capacity at a full
// batch.
void read_inference_service(const MapReader& map, SegmentSetup& setup, const RepresentativeSettings& settings,
                            const ProjectionSegment& segment) {
  const auto& spec = projection_segment_section();
  setup.replica_accelerators = map.positive_count(spec.key("replica_accelerators")).value_or(0);
  setup.modality = static_cast<Modality>(read_choice(map, spec.key("modality"), modality_names()));
  const std::string& modality = modality_name(setup.modality);
  if (setup.modality != Modality::text && !(map.has("model") && map.has("request"))) {
    map.fail(map.has("model") ? "request" : "model",
             "missing: an " + modality +
                 " segment states its model and request (the defaults are a text model's; "
                 "expected them as workloads[].model and .request of a " +
                 modality + " service)");
  }
  for (const char* key : {"model", "request"}) {
    if (map.has(key) && !map.child(key).IsMap())
      map.fail(key, "expected a mapping, found " + node_kind(map.child(key)));
  }
  for (std::size_t i = 0; i < setup.generations.size(); ++i) {
    GenerationSetup& g = setup.generations[i];
    try {
      g.service = read_representative_service(map, representative_cluster("c", "s", 0, g, settings), settings,
                                              setup.replica_accelerators, setup.modality);
      g.replica_capacity_per_s = g.service.replica.capacity_per_s();
      g.replicas = g.service.max_replicas;
    } catch (const ScenarioError& e) {
      const std::string& path = e.key_path();
      const char* key = path.find(".model") != std::string::npos     ? "model"
                        : path.find(".request") != std::string::npos ? "request"
                                                                     : "replica_accelerators";
      map.fail(key, "generation '" + segment.generations[i].name + "': the inference service refuses it: " +
                        (path.empty() ? "" : path.substr(path.find('.', path.find('.') + 1) + 1) + ": ") + e.problem());
    }
  }
  setup.prompt_tokens = setup.modality == Modality::text ? representative_prompt_tokens(map) : 0.0;
}

// A segment's survival curve: Weibull of the mean lifetime, or a fixed lifetime of whole years.
SurvivalCurve read_survival(const MapReader& map) {
  const auto& spec = projection_segment_section();
  const double lifetime_years = *map.positive_quantity(spec.key("lifetime")) / seconds_per_year;
  if (const auto shape = map.number(spec.key("weibull_shape"))) return SurvivalCurve::weibull(*shape, lifetime_years);
  const long rounded = std::lround(lifetime_years);
  if (rounded < 1 || std::fabs(lifetime_years - static_cast<double>(rounded)) > 1e-9) {
    map.fail("lifetime",
             "a fixed lifetime must be a whole number of years of 365 days (expected e.g. 5 yr, or "
             "give weibull_shape)");
  }
  return SurvivalCurve::fixed(static_cast<int>(rounded));
}

// Nameplate power runs no cooling plant: its cases need a stated PUE.
void check_nameplate_pue(const MapReader& map, const ProjectionInputs& model, const SegmentSetup& setup,
                         const ProjectionSegment& segment) {
  for (std::size_t c = 0; c < model.cases.size(); ++c) {
    if (setup.nameplate[c] &&
        std::isnan(segment.pue.at({model.regions.front().name, model.cases[c].chain, model.first_year}))) {
      map.fail("pue", "is simulated, but case '" + model.cases[c].name +
                          "' uses nameplate power, which "
                          "runs no cooling plant (expected a stated PUE for that case, e.g. 1 for none)");
    }
  }
}

// The segment's `sourced_until`, if given, with where it was given for the warning past it.
void read_sourced_until(const YamlSource& source, const MapReader& map, int first_year, SegmentSetup& setup) {
  const auto sourced = map.count(projection_segment_section().key("sourced_until"));
  if (!sourced) return;
  if (*sourced < first_year) {
    map.fail("sourced_until", "is before first_year " + std::to_string(first_year) +
                                  " (expected the last year the growth inputs hold for)");
  }
  setup.sourced_until = static_cast<int>(*sourced);
  const std::string path = map.child_path("sourced_until");
  setup.sourced_until_location = source.location(map.child("sourced_until"), path) + ": " + path;
}

}  // namespace

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
    if (!find_facility(scenario.hardware, setup.facility)) {
      const auto known = names_of(all_facilities(scenario.hardware));
      map.fail("facility", "unknown facility preset '" + setup.facility + "'" + did_you_mean(setup.facility, known) +
                               " (expected one of: " + join(known) + ")");
    }
    setup.utilisation = varying.read(map, spec.key("utilisation"), [](const std::string& raw) {
      const double value = parse_quantity(raw, Dimension::dimensionless);
      if (!(value > 0.0 && value <= 1.0)) throw UnitError("'" + raw + "' is outside (0, 1] (expected a fraction)");
      return value;
    });
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
    segment.history_growth = varying.read(map, spec.key("history_growth"), growth_rate);
    read_shipment_inputs(source, map, varying, setup, segment);
    read_sourced_until(source, map, scenario.model.first_year, setup);
    segment.survival = read_survival(map);
    const auto& gspec = projection_generation_section();
    read_list(source, map, "generations", gspec, [&](const MapReader& gmap, const std::string& gname) {
      ProjectionGeneration generation;
      generation.name = gname;
      const GenerationSetup g = read_generation(gmap, setup.accelerated(), scenario.hardware);
      generation.accelerators_per_server = g.accelerators_per_server;
      generation.peak_flop_per_s = g.accelerator ? g.accelerator->peak_flop_per_s : 0.0;
      generation.memory_bandwidth_bytes_per_s = g.accelerator ? g.accelerator->hbm_bandwidth_bytes_per_s : 0.0;
      generation.share = varying.read(gmap, gspec.key("share"), non_negative);
      segment.generations.push_back(std::move(generation));
      setup.generations.push_back(g);
    });
    if (setup.kind == SegmentKind::inference) {
      read_inference_service(map, setup, scenario.representative, segment);
    } else {
      for (const char* key : {"model", "request", "replica_accelerators", "modality"}) {
        if (map.has(key)) map.fail(key, "is for inference segments only");
      }
    }
    read_demand(map, varying, setup, segment);
    check_nameplate_pue(map, scenario.model, setup, segment);
    scenario.model.segments.push_back(std::move(segment));
    scenario.segments.push_back(std::move(setup));
  });
}

}  // namespace terawatt
