#pragma once
// The points of a sweep: the product of its axes, each point a list of --set overrides on the base scenario,
// named p<index>-<first 8 hex digits of the SHA-256 of its overrides>. The same sweep file always gives the same
// plan, so a re-run, a Slurm array task and `collect` all find the same points. The plan is written to
// DIR/plan.yaml for `collect` and checked against it by array tasks.

#include "sim/app/sweep/sweep_spec.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

struct SweepPoint {
  std::size_t index = 0;
  std::string name;
  std::vector<std::string> overrides;  // key.path=value: `set` first, then one per swept key in axis order
  std::vector<std::string> values;     // the swept values, one per SweepPlan::parameters entry
  std::vector<std::string> locations;  // where the sweep file gives each override (empty when read from plan.yaml)
};

struct SweepPlan {
  std::string name;
  std::string sweep_file;               // absolute
  std::string scenario_file;            // absolute
  std::string scenario_sha256;          // of the base scenario file: a point's output must come from the same bytes
  std::vector<std::string> parameters;  // swept key paths, in axis order
  std::vector<SweepMetric> metrics;
  std::vector<SweepPoint> points;
  std::vector<std::string> catalog_files;  // absolute: `sweep --catalog`, given to every point's run as `--catalog`
};

std::string point_name(std::size_t index, std::size_t count, const std::vector<std::string>& overrides);

// The overrides as one string, the form the run's `scenario_overrides` attribute records.
std::string joined_overrides(const std::vector<std::string>& overrides);

// `catalog_files`: hardware catalog files (`sweep --catalog`, relative to the working directory) that every point's run
// reads, kept as absolute paths so that a point runs the same wherever it is started.
SweepPlan make_plan(const SweepSpec& spec, const std::vector<std::string>& catalog_files = {});

// Loads the scenario of each listed point (every point when `indices` is empty) the way `terawatt run` will,
// without simulating: unknown key paths, wrong types and units, values out of range. Throws the first
// ScenarioError, located in the sweep file where the offending value is given.
void validate_points(const SweepSpec& spec, const SweepPlan& plan, const std::vector<std::size_t>& indices = {});

// plan.yaml: readable by people and by yaml-cpp.
std::string plan_yaml(const SweepPlan& plan);
// Throws std::runtime_error ("DIR/plan.yaml: ...") when the file is missing or malformed.
SweepPlan read_plan_file(const std::string& path);

}  // namespace terawatt
