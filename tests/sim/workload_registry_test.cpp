// The Workload seam: the registry of workload types, what they need of the platform, and the run report and series
// built from them without knowing their types.

#include "sim/engine/workloads/workload_registry.hpp"
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;

namespace {
// A training job with a power cap of its own and a request-fidelity service (2 replicas of 4 GPUs per server,
// max_batch 16), on one cluster of 4 H100 servers, for 1 hour.
const std::string job_and_service = R"(
scenario:
  name: mixed
  start: 2024-01-01T00:00:00Z
  duration: 1 h
  sample_interval: 10 min
sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: h100-sxm, servers: 4, server_overhead: 1000 W}]
workloads:
  - name: train
    type: training
    flops: 1e20 FLOP
    accelerators: 16
    mfu: 0.5
    power_cap: 500 W
)" + testing::llama_chat_service + "    replicas: {accelerators: 4, count: 4, max_batch: 16}\n";
}  // namespace

TEST_CASE("The registry finds each workload type by the scenario's type name") {
  REQUIRE(workload_types().size() >= 2);
  CHECK(workload_types().at(0).type == "training");
  CHECK(workload_types().at(1).type == "inference");
  REQUIRE(find_workload_type("inference") != nullptr);
  CHECK(find_workload_type("inference")->dimension->name == "service");
  CHECK(find_workload_type("training")->dimension == nullptr);
  CHECK(find_workload_type("storage") == nullptr);
}

TEST_CASE("A cluster's platform needs are the pstates of the workloads placed on it") {
  const Scenario scenario = load_scenario_text(job_and_service, "mixed.yaml", {});
  const std::vector<ClusterNeeds> needs = workload_platform_needs(scenario);
  REQUIRE(needs.size() == 1);
  REQUIRE(needs[0].own_pstates.size() == 1);
  CHECK(needs[0].own_pstates[0].first == "train");
  CHECK(needs[0].own_pstates[0].second < 1.0);
}

TEST_CASE("The report lists every workload in the registry's order and points each service at its workload") {
  const Scenario scenario = load_scenario_text(job_and_service, "mixed.yaml", {});
  const testing::Capture run = testing::run_scenario(scenario);
  const std::vector<std::string> names = workload_names(scenario);
  REQUIRE(names == std::vector<std::string>{"train", "chat"});
  REQUIRE(run.report.workloads.size() == 2);
  CHECK(run.report.workloads[0].name == "train");
  CHECK(run.report.workloads[1].name == "chat");
  REQUIRE(run.report.services.size() == 1);
  CHECK(run.report.services[0].workload == 1);
  CHECK(run.report.workloads[1].it_energy_j > 0.0);
  CHECK(run.report.services[0].totals.arrived > 0.0);
  // The row holds the service's own series after the workloads' and the dimensions name both types' workloads.
  const auto variables = Sampler::variables(scenario);
  REQUIRE(run.rows.front().values.size() == variables.size());
  CHECK(run.rows.front().values[testing::variable_index("request_rate")].size() == 1);
  CHECK(run.rows.front().values[testing::variable_index("workload_power")].size() == 2);
  const auto dimensions = Sampler::dimensions(scenario);
  REQUIRE(dimensions.size() == 4);
  CHECK(dimensions[2].labels == names);
  CHECK(dimensions[3].name == "service");
  CHECK(dimensions[3].labels == std::vector<std::string>{"chat"});
}
