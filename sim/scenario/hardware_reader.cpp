#include "sim/scenario/hardware_reader.hpp"

#include "models/base/nearest_name.hpp"
#include "models/base/number_text.hpp"
#include "models/facility/climate.hpp"
#include "sim/scenario/scenario_override.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <limits>
#include <stdexcept>

namespace terawatt {
namespace {

// Fails at `key` of an entry, which may be nested one level ("peak.bf16"): at its value when given, else at the entry.
[[noreturn]] void fail_at(const YamlSource& context, const MapReader& map, const std::string& key,
                          const std::string& problem) {
  const auto dot = key.find('.');
  if (dot != std::string::npos && map.has(key.substr(0, dot))) {
    const YAML::Node outer = map.child(key.substr(0, dot));
    const YAML::Node value = outer.IsMap() ? outer[key.substr(dot + 1)] : YAML::Node();
    if (value) context.fail(value, map.child_path(key), problem);
  }
  map.fail(key, problem);
}

// The entry `name` may be declared: a new name, or one already taken that it changes (`based_on` the same name).
template <typename Spec>
void require_free_name(const MapReader& map, const std::string& name, const std::optional<std::string>& based_on,
                       const Spec* taken, const std::string& what) {
  if (taken && based_on != name) {
    map.fail("name", "'" + name + "' is already " + what +
                         " of the catalog (expected a new name, or based_on: " + name + " to change it)");
  }
}

// The base an entry starts from, when it names one.
template <typename Spec>
const Spec* read_base(const MapReader& map, const KeySpec& key, const std::vector<Spec>& known,
                      const std::string& what) {
  const auto base_name = map.name(key);
  if (!base_name) return nullptr;
  for (const Spec& spec : known) {
    if (spec.name == *base_name) return &spec;
  }
  const std::vector<std::string> names = names_of(known);
  map.fail("based_on", "unknown " + what + " '" + *base_name + "'" + did_you_mean(*base_name, names) +
                           " (expected one of: " + join(names) + "; see `terawatt catalog`)");
}

// A value the entry gives, or keeps from its base; a new entry must give it.
void take(const MapReader& map, const KeySpec& key, bool has_base, const std::string& what, double& field) {
  if (const auto value = map.quantity(key)) {
    field = *value;
  } else if (!has_base) {
    map.fail(std::string(key.key), "missing: a new " + what + " needs it (expected " +
                                       std::string(dimension_name(key.dimension)) +
                                       ", or based_on: an entry to "
                                       "start from)");
  }
}

void take_optional(const MapReader& map, const KeySpec& key, std::optional<double>& field) {
  if (const auto value = map.quantity(key)) field = *value;
}

// The source line: the user's, or where the entry was declared; with a base, where the other values come from.
std::string entry_source(const YamlSource& context, const MapReader& map, const KeySpec& key,
                         const std::string& base_name, const std::string& base_source) {
  std::string source = map.text(key).value_or("declared at " + context.location(map.node(), map.path()));
  if (!base_name.empty()) source += "; other values from " + base_name + ": " + base_source;
  return source;
}

void read_peaks(const YamlSource& context, const MapReader& map, bool has_base, AcceleratorSpec& a) {
  if (!map.has("peak")) {
    if (!has_base) map.fail("peak", "missing: a new accelerator needs its peak (expected a mapping with bf16)");
    return;
  }
  const auto& spec = hardware_peak_section();
  const MapReader peak(context, map.child("peak"), map.child_path("peak"), spec);
  take(peak, spec.key("bf16"), has_base, "accelerator", a.peak_flop_per_s);
  PrecisionPeaks& p = a.other_peaks;
  take_optional(peak, spec.key("fp64"), p.fp64_flop_per_s);
  take_optional(peak, spec.key("fp32"), p.fp32_flop_per_s);
  take_optional(peak, spec.key("tf32"), p.tf32_flop_per_s);
  take_optional(peak, spec.key("fp8"), p.fp8_flop_per_s);
  take_optional(peak, spec.key("fp4"), p.fp4_flop_per_s);
}

AcceleratorSpec read_accelerator(const YamlSource& context, const MapReader& map, const HardwareCatalog& catalog) {
  const auto& spec = hardware_accelerator_section();
  const std::string name = *map.name(spec.key("name"));
  const AcceleratorSpec* base = read_base(map, spec.key("based_on"), catalog.accelerators, "accelerator");
  require_free_name(map, name, map.name(spec.key("based_on")), catalog.find_accelerator(name), "an accelerator");
  AcceleratorSpec a = base ? *base : AcceleratorSpec{};
  const bool has_base = base != nullptr;
  a.name = name;
  a.description = map.text(spec.key("description")).value_or(base ? base->description : name);
  take(map, spec.key("tdp"), has_base, "accelerator", a.tdp_w);
  take(map, spec.key("idle_power"), has_base, "accelerator", a.idle_w);
  read_peaks(context, map, has_base, a);
  take(map, spec.key("memory"), has_base, "accelerator", a.hbm_capacity_bytes);
  take(map, spec.key("memory_bandwidth"), has_base, "accelerator", a.hbm_bandwidth_bytes_per_s);
  take_optional(map, spec.key("interconnect_bandwidth"), a.interconnect_bytes_per_s);
  take_optional(map, spec.key("compute_power"), a.compute_power_w);
  take_optional(map, spec.key("checkpoint_power"), a.checkpoint_power_w);
  take_optional(map, spec.key("communication_power"), a.communication_power_w);
  a.source = entry_source(context, map, spec.key("source"), base ? base->name : "", base ? base->source : "");
  if (const auto problem = check_accelerator(a)) fail_at(context, map, problem->key, problem->problem);
  return a;
}

// The host of a server: both host powers (or one, with a base), else from the nameplate as for a DGX, else the
// base's scaled to the accelerator count.
HostPowerCurve read_server_host(const MapReader& map, const ServerSpec* base, const AcceleratorSpec& accelerator,
                                int count, std::string& rule) {
  const auto& spec = hardware_server_section();
  const auto idle = map.quantity(spec.key("host_idle_power"));
  const auto loaded = map.quantity(spec.key("host_loaded_power"));
  const auto max_power = map.quantity(spec.key("max_power"));
  if (idle || loaded) {
    if (!base && !(idle && loaded)) {
      map.fail(idle ? "host_loaded_power" : "host_idle_power",
               "missing: a new server needs both host powers (expected host_idle_power and host_loaded_power)");
    }
    return {idle ? *idle : base->host.idle_w, loaded ? *loaded : base->host.loaded_w};
  }
  if (max_power) {
    rule = std::string("; host from max_power: ") + host_from_nameplate_rule;
    return host_from_nameplate(*max_power, accelerator, count);
  }
  if (!base) {
    map.fail("host_idle_power",
             "missing: a new server needs its host power (expected host_idle_power and host_loaded_power, or "
             "max_power)");
  }
  return base->host_for(count);
}

ServerSpec read_server(const YamlSource& context, const MapReader& map, const HardwareCatalog& catalog) {
  const auto& spec = hardware_server_section();
  const std::string name = *map.name(spec.key("name"));
  const ServerSpec* base = read_base(map, spec.key("based_on"), catalog.servers, "server");
  require_free_name(map, name, map.name(spec.key("based_on")), catalog.find_server(name), "a server");
  ServerSpec s = base ? *base : ServerSpec{};
  s.name = name;
  const auto accelerator_name = map.name(spec.key("accelerator"));
  if (!accelerator_name && !base) {
    map.fail("accelerator", "missing: a new server needs its accelerator (expected e.g. accelerator: h100-sxm)");
  }
  if (accelerator_name) s.accelerator = *accelerator_name;
  const AcceleratorSpec* accelerator = catalog.find_accelerator(s.accelerator);
  if (!accelerator) {
    const auto names = names_of(catalog.accelerators);
    map.fail("accelerator", "unknown accelerator '" + s.accelerator + "'" + did_you_mean(s.accelerator, names) +
                                " (expected one of: " + join(names) + "; see `terawatt catalog`)");
  }
  const auto count = map.positive_count(spec.key("accelerators_per_server"));
  if (!count && !base) {
    map.fail("accelerators_per_server", "missing: a new server needs it (expected an integer >= 1)");
  }
  if (count && *count > std::numeric_limits<int>::max()) {
    map.fail("accelerators_per_server",
             "is too large (expected at most " + std::to_string(std::numeric_limits<int>::max()) + ")");
  }
  if (count) s.accelerators_per_server = static_cast<int>(*count);
  std::string rule;
  const bool unchanged = base && !accelerator_name && !count && !map.has("host_idle_power") &&
                         !map.has("host_loaded_power") && !map.has("max_power");
  s.host = read_server_host(map, base, *accelerator, s.accelerators_per_server, rule);
  const auto max_power = map.quantity(spec.key("max_power"));
  s.max_power_w = max_power   ? *max_power
                  : unchanged ? base->max_power_w
                              : s.accelerators_per_server * accelerator->tdp_w + s.host.loaded_w;
  s.source = entry_source(context, map, spec.key("source"), base ? base->name : "", base ? base->source : "") + rule;
  if (const auto problem = check_server(s, *accelerator)) fail_at(context, map, problem->key, problem->problem);
  return s;
}

// The node at a dotted path under `node` ("liquid_cooling.pumps.exponent"), if the document gives it.
std::optional<YAML::Node> node_at(const YAML::Node& node, const std::string& dotted) {
  if (!node.IsMap()) return std::nullopt;
  const auto dot = dotted.find('.');
  const YAML::Node child = node[dotted.substr(0, dot)];
  if (!child) return std::nullopt;
  if (dot == std::string::npos) return child;
  return node_at(child, dotted.substr(dot + 1));
}

// A word of one of the plant's enumerations.
template <typename Enum>
void read_word(const MapReader& group, const KeySpec& key, const std::vector<std::pair<std::string_view, Enum>>& words,
               Enum& field) {
  const auto word = group.name(key);
  if (!word) return;
  std::vector<std::string> known;
  for (const auto& [text, value] : words) {
    if (text == *word) {
      field = value;
      return;
    }
    known.emplace_back(text);
  }
  group.fail(key.key,
             "unknown value '" + *word + "'" + did_you_mean(*word, known) + " (expected one of: " + join(known) + ")");
}

// The plant values a facility gives, group by group, each group's keys checked against its section.
void read_plant(const YamlSource& context, const MapReader& map, CoolingPlantParams& plant) {
  for (const PlantGroup& group : facility_plant_groups()) {
    const std::string path(group.path);
    const auto node = path.empty() ? std::optional<YAML::Node>(map.node()) : node_at(map.node(), path);
    if (!node) continue;
    const MapReader reader = path.empty() ? map : MapReader(context, *node, map.child_path(path), group.section);
    for (const PlantKey& key : group.keys) {
      if (const auto value = reader.real(group.section.key(key.key))) key.field(plant) = *value;
    }
    if (path == "chiller") {
      read_word(reader, group.section.key("heat_rejection"), heat_rejection_names(), plant.chiller.heat_rejection);
    }
    if (path == "economiser")
      read_word(reader, group.section.key("type"), economiser_type_names(), plant.economiser.type);
  }
}

// The plant's own rules (validate_cooling_plant), located at the value that breaks one, else at the facility.
void check_plant(const YamlSource& context, const MapReader& map, const CoolingPlantParams& plant) {
  try {
    validate_cooling_plant(with_design_capacity(plant, 1.0));  // any capacity: the site sets it
  } catch (const PlantParameterError& e) {
    const std::string& key = e.field();
    if (const auto node = node_at(map.node(), key)) context.fail(*node, map.child_path(key), e.problem());
    map.fail(key, e.problem() + " (a value kept from the base preset, with the values given)");
  }
}

FacilityPreset read_facility(const YamlSource& context, const MapReader& map, const HardwareCatalog& catalog) {
  const auto& spec = hardware_facility_section();
  const std::string name = *map.name(spec.key("name"));
  const auto names = names_of(all_facilities(catalog));
  const auto given_base = map.name(spec.key("based_on"));
  if (!given_base) {
    map.fail("based_on",
             "missing: a facility preset starts from another, whose plant it changes (expected based_on: "
             "one of: " +
                 join(names) + ")");
  }
  const std::string& base_name = *given_base;
  const FacilityPreset* base = find_facility(catalog, base_name);
  if (!base) {
    map.fail("based_on", "unknown facility preset '" + base_name + "'" + did_you_mean(base_name, names) +
                             " (expected one of: " + join(names) + "; see `terawatt catalog facilities`)");
  }
  if (find_facility(catalog, name) && base_name != name) {
    map.fail("name", "'" + name + "' is already a facility preset (expected a new name, or based_on: " + name +
                         " to change it)");
  }
  FacilityPreset f = *base;
  f.name = name;
  if (f.built_in_base.empty()) f.built_in_base = base->name;
  f.description = map.text(spec.key("description")).value_or(base->description);
  const auto pue = map.number(spec.key("published_pue"));
  if (pue && !(*pue >= 1.0 && *pue <= max_stated_pue)) {
    map.fail("published_pue", exact_number_text(*pue) + " is outside 1 to " + exact_number_text(max_stated_pue) +
                                  " (expected a PUE >= 1, as facility power includes the IT power)");
  }
  f.published_annual_pue = pue.value_or(0.0);
  f.published_source = pue ? "stated by the user (see source)" : "none: a user preset";
  if (const auto climate = map.name(spec.key("typical_climate"))) {
    if (!find_climate(*climate)) {
      const auto climates = names_of(climate_presets());
      map.fail("typical_climate", "unknown climate '" + *climate + "'" + did_you_mean(*climate, climates) +
                                      " (expected one of: " + join(climates) + ")");
    }
    f.typical_climate = *climate;
  }
  if (const auto load = map.fraction(spec.key("typical_load"))) f.typical_load_fraction = *load;
  read_plant(context, map, f.plant);
  check_plant(context, map, f.plant);
  f.fitted_parameter = "none: " + base->name + "'s plant with the values given";
  f.source = entry_source(context, map, spec.key("source"), base->name, base->source);
  return f;
}

// The elements of one list of a hardware mapping, each read on top of the entries before it.
template <typename Read>
void read_list(const YamlSource& context, const MapReader& section, const std::string& key, const SectionSpec& spec,
               Read read) {
  if (!section.has(key)) return;
  const YAML::Node list = section.child(key);
  if (!list.IsSequence()) {
    context.fail(list, section.child_path(key), "expected a list of mappings, found " + node_kind(list));
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    read(MapReader(context, list[i], section.child_path(key) + "." + element_segment(list[i], i), spec));
  }
}

// A mapping with `accelerators` and `servers` (a scenario's `hardware`, or a catalog file), onto `hardware`.
void read_hardware_mapping(const YamlSource& context, const MapReader& section, ScenarioHardware& hardware) {
  read_list(context, section, "accelerators", hardware_accelerator_section(), [&](const MapReader& map) {
    const AcceleratorSpec a = read_accelerator(context, map, hardware.catalog);
    hardware.catalog.put(a);
    hardware.declared.put(a);
  });
  read_list(context, section, "servers", hardware_server_section(), [&](const MapReader& map) {
    const ServerSpec s = read_server(context, map, hardware.catalog);
    hardware.catalog.put(s);
    hardware.declared.put(s);
  });
  read_list(context, section, "facilities", hardware_facility_section(), [&](const MapReader& map) {
    const FacilityPreset f = read_facility(context, map, hardware.catalog);
    hardware.catalog.put(f);
    hardware.declared.put(f);
  });
}

// The paths of a scenario's `catalog`: one text or a list of them.
std::vector<std::string> catalog_paths(const YamlSource& context, const MapReader& root, const std::string& base_dir) {
  if (!root.has("catalog")) return {};
  const YAML::Node node = root.child("catalog");
  std::vector<YAML::Node> items;
  if (node.IsSequence()) {
    for (const auto& item : node) items.push_back(item);
  } else {
    items.push_back(node);
  }
  std::vector<std::string> paths;
  for (const auto& item : items) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      context.fail(item, "catalog", "expected a catalog file's path or a list of them, found " + node_kind(item));
    }
    const std::filesystem::path given(item.Scalar());
    const std::string path = given.is_absolute() ? given.string() : (std::filesystem::path(base_dir) / given).string();
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      context.fail(item, "catalog",
                   "'" + path +
                       "' is not a readable catalog file (expected a YAML file, relative to "
                       "the scenario)");
    }
    paths.push_back(path);
  }
  return paths;
}

}  // namespace

void read_catalog_file(const std::string& path, ScenarioHardware& hardware) {
  const YAML::Node document = load_yaml_document(read_yaml_file(path, "catalog file"), path, "catalog");
  const YamlSource context(path);
  if (!document || document.IsNull()) {
    throw ScenarioError(path, "", "the catalog file is empty (expected keys: accelerators, servers, facilities)");
  }
  read_hardware_mapping(context, MapReader(context, document, "", hardware_section()), hardware);
}

const FacilityPreset* find_facility(const HardwareCatalog& hardware, std::string_view name) {
  if (const FacilityPreset* user = hardware.find_facility(name)) return user;
  return find_facility_preset(name);
}

std::vector<FacilityPreset> all_facilities(const HardwareCatalog& hardware) {
  std::vector<FacilityPreset> all;
  for (const FacilityPreset& builtin : facility_presets()) {
    const FacilityPreset* user = hardware.find_facility(builtin.name);
    all.push_back(user ? *user : builtin);
  }
  for (const FacilityPreset& user : hardware.facilities) {
    if (!find_facility_preset(user.name)) all.push_back(user);
  }
  return all;
}

ScenarioHardware read_scenario_hardware(const YamlSource& context, const MapReader& root, const std::string& base_dir,
                                        const std::vector<std::string>& catalog_files) {
  ScenarioHardware hardware{builtin_catalog(), {}};
  for (const auto& path : catalog_paths(context, root, base_dir)) read_catalog_file(path, hardware);
  for (const auto& path : catalog_files) read_catalog_file(path, hardware);
  if (root.has("hardware")) {
    read_hardware_mapping(context, MapReader(context, root.child("hardware"), "hardware", hardware_section()),
                          hardware);
  }
  return hardware;
}

}  // namespace terawatt
