#include "sim/app/validate/validation_case.hpp"

#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace terawatt {
namespace {

constexpr Dimension none = Dimension::dimensionless;

// The keys of `expected`, declared once like the scenario's (sim/scenario/scenario_schema.hpp), so that unknown and
// duplicated keys are errors with the nearest known key suggested.
const SectionSpec& expected_section() {
  static const SectionSpec section{
      "expected",
      "The published figures a validation case must reproduce (scenarios/validation/).",
      {
          {"mode", ValueType::name, none, "", false,
           "`measured-power`: the study's power per accelerator is imposed; `predicted`: the catalog and power "
           "model set it."},
          {"source", ValueType::text, none, "", true, "Where the published figures come from; each check's default."},
          {"checks", ValueType::text, none, "", false, "The figures, a list of mappings (see `expected.checks[]`)."},
      }};
  return section;
}

const SectionSpec& check_section() {
  static const SectionSpec section{
      "expected.checks[]",
      "One published figure and the simulated metric it is compared with.",
      {
          {"metric", ValueType::text, none, "", false,
           "A /summary metric as sweeps write them: `workload_emissions[workload=gpt3]`, `max(end_time)`."},
          {"published", ValueType::text, none, "", false, "The published value with its unit: `1287 MWh`, `552.1 t`."},
          {"tolerance", ValueType::fraction, none, "", false,
           "Largest accepted |simulated - published| / |published|, e.g. `2 %`."},
          {"source", ValueType::text, none, "", true, "Where the value comes from. Absent: `expected.source`."},
          {"known_miss", ValueType::text, none, "", true,
           "Why the model is known to miss this figure: the check is then reported as a documented miss, not a "
           "failure. Absent: a miss fails."},
      }};
  return section;
}

ValidationMode read_mode(const MapReader& map) {
  const std::string mode = *map.name(expected_section().key("mode"));
  if (mode == "measured-power") return ValidationMode::measured_power;
  if (mode == "predicted") return ValidationMode::predicted;
  map.fail("mode", "unknown mode '" + mode + "'" + did_you_mean(mode, {"measured-power", "predicted"}) +
                       " (expected measured-power or predicted)");
}

// A published figure is compared by relative error, so it must be a non-zero number on a ratio scale.
SweepQuantity read_published(const MapReader& map) {
  const std::string text = *map.text(check_section().key("published"));
  const auto quantity = read_sweep_quantity(text);
  if (!quantity) {
    // Name the nearest unit when a number is followed by something that is not one.
    const char* begin = text.c_str();
    char* end = nullptr;
    std::strtod(begin, &end);
    std::string unit = end == begin ? std::string() : std::string(end);
    unit.erase(0, unit.find_first_not_of(" \t"));
    std::vector<std::string> symbols;
    for (const auto& spec : unit_table()) symbols.emplace_back(spec.symbol);
    map.fail("published", "'" + text + "' is not a number with a known unit" +
                              (unit.empty() ? std::string() : did_you_mean(unit, symbols)) +
                              " (expected a figure such as 1287 MWh, 552.1 t or 14.8 d)");
  }
  if (quantity->dimension == Dimension::temperature) {
    map.fail("published", "'" + text +
                              "' is a temperature, which a relative error cannot compare (expected a "
                              "quantity with a true zero, such as an energy, a mass or a time)");
  }
  if (!std::isfinite(quantity->si) || quantity->si == 0.0) {
    map.fail("published", "'" + text +
                              "' is zero or not finite (expected a non-zero figure: the error is "
                              "relative to it)");
  }
  return *quantity;
}

ValidationCheck read_check(const YamlSource& source, const MapReader& map, const std::string& default_source) {
  const auto& spec = check_section();
  ValidationCheck check;
  const std::string expression = *map.text(spec.key("metric"));
  try {
    check.metric = parse_metric(expression);
  } catch (const std::invalid_argument& e) {
    map.fail("metric", e.what());
  }
  check.key_path = map.child_path("metric");
  check.location = source.location(map.child("metric"), check.key_path);
  check.published = read_published(map);
  check.published_text = *map.text(spec.key("published"));
  check.tolerance = *map.fraction(spec.key("tolerance"));
  check.source = map.text(spec.key("source")).value_or(default_source);
  check.known_miss = map.text(spec.key("known_miss")).value_or("");
  if (check.source.empty()) {
    map.fail("source",
             "missing: every published figure needs its source (expected a source here or as "
             "expected.source)");
  }
  return check;
}

std::string base_name(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  const auto dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

}  // namespace

std::string_view validation_mode_name(ValidationMode mode) {
  return mode == ValidationMode::measured_power ? "measured-power" : "predicted";
}

ValidationCase read_validation_case_text(const std::string& yaml_text, const std::string& display_name) {
  const YAML::Node document = load_yaml_document(yaml_text, display_name, "validation case");
  const YamlSource source(display_name);
  if (!document.IsMap() || !document["expected"]) {
    source.fail(document, "expected",
                "missing: a validation case is a scenario with an `expected` section (expected mode, source and "
                "checks)");
  }
  const MapReader expected(source, document["expected"], "expected", expected_section());
  ValidationCase result;
  result.name = base_name(display_name);
  result.file = display_name;
  result.mode = read_mode(expected);
  const std::string default_source = expected.text(expected_section().key("source")).value_or("");
  if (!expected.has("checks")) expected.fail("checks", "missing required key (expected a list of checks)");
  const YAML::Node checks = expected.child("checks");
  if (!checks.IsSequence() || checks.size() == 0) {
    expected.fail("checks", "expected a non-empty list of checks, found " + node_kind(checks));
  }
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const MapReader map(source, checks[i], "expected.checks." + std::to_string(i), check_section());
    result.checks.push_back(read_check(source, map, default_source));
  }
  return result;
}

ValidationCase read_validation_case_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, "", "cannot open the validation case: " + std::string(std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return read_validation_case_text(text.str(), path);
}

}  // namespace terawatt
