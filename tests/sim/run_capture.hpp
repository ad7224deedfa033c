#pragma once
// Test support: a whole simulation with every time-series row kept in memory, so that a test can check the rows
// against the report's totals without writing or reading an HDF5 file.

#include "sim/scenario/scenario.hpp"
#include "sim/simulate/simulation.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt::testing {

struct Row {
  double time_s;
  std::vector<std::vector<double>> values;  // [variable][cluster, site or workload], as Sampler::all_variables()
};

struct Capture {
  std::vector<Row> rows;
  RunReport report;
};

inline Capture run_scenario(const Scenario& scenario) {
  Capture capture;
  capture.report = simulate(scenario, {}, [&capture](double time_s, const std::vector<std::vector<double>>& values) {
    capture.rows.push_back({time_s, values});
  });
  return capture;
}

// Position of a variable in every row's values; fails the test for an unknown name.
inline std::size_t variable_index(const std::string& name) {
  const auto variables = Sampler::all_variables();
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].name == name) return i;
  }
  FAIL("no variable " << name);
  return 0;
}

// A small scenario shared by the engine tests: 4 H100 servers at one site (PUE 1.2, 400 g/kWh), and job "j" of
// 1e21 FLOP on 16 of the 32 GPUs at MFU 0.5 (about 35 h), submitted at 1 h. Tests append workload keys or jobs.
inline const std::string one_h100_cluster = R"(
scenario:
  name: test
  start: 2024-01-01T00:00:00Z
  sample_interval: 10 min
sites:
  - name: s
    pue: 1.2
    carbon_intensity: 400 g/kWh
clusters:
  - name: c
    accelerator: h100-sxm
    servers: 4
    server_overhead: 1000 W
workloads:
  - name: j
    type: training
    flops: 1e21 FLOP
    accelerators: 16
    mfu: 0.5
    start: 1 h
)";

}  // namespace terawatt::testing
