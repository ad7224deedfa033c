#pragma once
// A sweep file (YAML) read into the values every swept key takes. Ranges, linspace, logspace and samples are
// expanded here, so the plan only forms the product. Errors are ScenarioErrors located in the sweep file
// (file:line:col: key.path: problem (expected ...)); whether a key path exists and takes a value is the scenario
// loader's to say, when the plan validates every point.
//
//   sweep:    {name: NAME, scenario: BASE.yaml}         # BASE relative to the sweep file's directory
//   set:      {key.path: value, ...}                    # the same for every point
//   axes:                                               # the cartesian product, first axis slowest
//     - sites.iowa.pue: [1.1, 1.2, 1.4]                 # a list
//     - clusters.c.power_cap: {from: 300 W, to: 700 W, step: 100 W}         # a range, `to` included
//     - clusters.c.servers: {from: 8, to: 64, count: 8}                     # linspace (spacing: log: logspace)
//     - {sites.iowa.carbon_intensity: [352 g/kWh, 57 g/kWh], sites.iowa.pue: [1.1, 1.3]}   # zipped
//   samples:  {method: lhs | random, count: N, seed: S, parameters: {key.path: {low: A, high: B, scale: log}}}
//   metrics:  [facility_energy, facility_energy[site=iowa], max(end_time)]
//   slurm:    {throttle: 8, time: 30 min, mem: 2 GB, partition: P, account: A, job_name: J, options: [...]}
// `axes` may also be a mapping (each key its own axis). Samples are one more axis, the last.

#include "sim/app/sweep/sweep_metric.hpp"
#include "sim/app/sweep/sweep_slurm.hpp"
#include "sim/scenario/scenario_error.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

struct SweepValue {
  std::string text;      // the --set value
  std::string location;  // where the sweep file gives it (file:line:col)
};

struct SweepKey {
  std::string key_path;
  std::vector<SweepValue> values;
};

// One dimension of the product; several keys advance together (zipped) and have as many values each.
struct SweepAxis {
  std::vector<SweepKey> keys;
  std::string location;
  std::size_t size() const { return keys.empty() ? 0 : keys.front().values.size(); }
};

struct SweepMetric {
  MetricSpec spec;
  std::string location;
};

struct SweepSpec {
  std::string file;             // the sweep file as given
  std::string name;             // default: the file's base name without extension
  std::string scenario_path;    // the base scenario, as a path from the working directory
  std::vector<SweepKey> fixed;  // `set`: one value each
  std::vector<SweepAxis> axes;  // samples, if any, are the last
  std::vector<SweepMetric> metrics;
  SlurmSettings slurm;
};

SweepSpec load_sweep_file(const std::string& path);
SweepSpec load_sweep_text(const std::string& yaml_text, const std::string& display_name);

// True when the scenario schema declares the key at `key_path` (e.g. clusters.x.servers) a whole number, so that
// generated values are rounded. False for paths the schema does not know.
bool is_count_key(const std::string& key_path);

}  // namespace terawatt
