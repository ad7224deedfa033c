#pragma once
// A validation case: a scenario file of scenarios/validation/ that also says, under its top-level key `expected`,
// which published figures its run must reproduce, and from where:
//
//   expected:
//     mode: measured-power        # or predicted: how the case sets power (README, Validation)
//     source: Patterson et al. 2021, Table 4 (docs/references.md RC-01)     # the default source of every check
//     checks:
//       - {metric: "workload_facility_energy[workload=gpt3]", published: 1287 MWh, tolerance: 2 %}
//       - {metric: "end_time[workload=gpt3]", published: 14.8 d, tolerance: 0.4 %, source: ...}
//       - {metric: ..., published: ..., tolerance: 15 %, known_miss: "why the model misses it"}
//
// A metric is a sweep metric (sim/app/sweep/sweep_metric.hpp) over the run's /summary; `published` is a number with a
// unit of the project's table (models/base/units.hpp); `tolerance` is relative to it. `terawatt run` ignores
// `expected`, so a case runs as it is; this reader checks it, with errors located at file:line:col.

#include "sim/app/sweep/sweep_metric.hpp"
#include "sim/app/sweep/sweep_values.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

enum class ValidationMode {
  measured_power,  // the study's own power per accelerator is imposed: a tight check of the accounting
  predicted,       // the catalog and power model set power: the model's error, reported as it is
};

std::string_view validation_mode_name(ValidationMode mode);

struct ValidationCheck {
  MetricSpec metric;
  std::string location;        // file:line:col of the metric, for problems only the run's output reveals
  std::string key_path;        // expected.checks.<i>.metric
  SweepQuantity published;     // in SI, with the unit it was written in
  std::string published_text;  // as written: "1287 MWh"
  double tolerance = 0.0;      // relative to the published value: 0.02 for "2 %"
  std::string source;
  // Non-empty: the check is known to miss its tolerance, and this says why. A documented miss is reported with its
  // error and explanation and does not fail the run; a default is never tuned to make it pass (README, Validation).
  std::string known_miss;
};

struct ValidationCase {
  std::string name;  // the file's base name without .yaml: what --case selects
  std::string file;
  ValidationMode mode = ValidationMode::measured_power;
  std::vector<ValidationCheck> checks;
};

// Throw ScenarioError located in the file. They read `expected` only: the scenario is the loader's to check.
ValidationCase read_validation_case_text(const std::string& yaml_text, const std::string& display_name);
ValidationCase read_validation_case_file(const std::string& path);

}  // namespace terawatt
