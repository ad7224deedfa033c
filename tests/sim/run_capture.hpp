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

// The cluster of one_h100_cluster with `servers` servers and no workloads yet (the text ends with `workloads:`),
// run for `duration` when one is given.
inline std::string h100_servers_without_workloads(int servers, const std::string& duration = "") {
  std::string yaml = one_h100_cluster.substr(0, one_h100_cluster.find("workloads:\n") + 11);
  yaml.replace(yaml.find("servers: 4"), 10, "servers: " + std::to_string(servers));
  if (!duration.empty()) yaml.replace(yaml.find("  sample_interval"), 0, "  duration: " + duration + "\n");
  return yaml;
}

// A text service of Llama 3 70B at request fidelity, 1e5 requests a day: a `workloads:` entry to which a test adds
// its `replicas:` line.
inline const std::string llama_chat_service = R"(
  - name: chat
    type: inference
    modality: text
    fidelity: request
    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 1000, output_tokens: 300}
    arrivals: {requests_per_day: 1e5}
)";

}  // namespace terawatt::testing
