// Requests of their own sizes at request fidelity (models/workload/sized_request_latency.hpp) against the mean
// request's replica table and against iteration fidelity. One scenario holds the three services side by side, each on
// its own cluster with its own arrival stream (one simulation per process: docs/design.md section 9):
//   mean       request fidelity, every request the mean one;
//   sized      request fidelity, prompts and outputs drawn;
//   engine     iteration fidelity, the same distributions.
// At half of capacity, requests served and accelerator energy agree with the replica table's occupancy chain
// (replica_group_load for the two replicas, fluid fidelity's energy) within the 2 % for all three: the chain
// depends on the mean latency, not its spread, below a full batch. The spread shows where it should: in the latency
// percentiles.
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double agreement = 0.02;  // the bar between fidelities
constexpr double prompt_mean = 1000.0;
constexpr double output_mean = 300.0;

std::string service_yaml(const std::string& name, const std::string& fidelity, double per_day, bool sized) {
  const std::string sizes = sized ? "      sizes:\n"
                                    "        prompt: {distribution: lognormal, cv: 0.5}\n"
                                    "        output: {distribution: gamma, cv: 1.0}\n"
                                  : "";
  return "  - name: " + name + "\n    type: inference\n    cluster: " + name + "\n    fidelity: " + fidelity +
         "\n    control_interval: 10 min\n    modality: text\n"
         "    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}\n"
         "    arrivals: {requests_per_day: " +
         std::to_string(per_day) + "}\n    replicas: {accelerators: 8, count: 2, max_batch: 64}\n" +
         "    request:\n      prompt_tokens: " + std::to_string(prompt_mean) +
         "\n      output_tokens: " + std::to_string(output_mean) + "\n" + sizes;
}

std::string scenario_yaml(double per_day, double duration_s) {
  std::string yaml =
      "scenario: {name: sized, start: 2024-01-01T00:00:00Z, duration: " + std::to_string(std::ceil(duration_s)) +
      " s, sample_interval: 1 h}\n" + "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\nclusters:\n";
  for (const char* name : {"mean", "sized", "engine"}) {
    yaml += std::string("  - {name: ") + name + ", accelerator: h100-sxm, servers: 2, server_overhead: 1000 W}\n";
  }
  return yaml + "workloads:\n" + service_yaml("mean", "request", per_day, false) +
         service_yaml("sized", "request", per_day, true) + service_yaml("engine", "iteration", per_day, true);
}

}  // namespace

TEST_CASE("requests of their own sizes at request and iteration fidelity serve the mean request's work and energy") {
  const Scenario probe = load_scenario_text(scenario_yaml(1.0, 3600.0), "probe.yaml", {});
  const ReplicaService& table = probe.services.at(0).replica;
  const int replicas = 2;
  const double rate_per_s = 0.5 * table.capacity_per_s() * replicas;
  const double duration_s = std::ceil(8000.0 / rate_per_s);
  const Scenario scenario = load_scenario_text(scenario_yaml(rate_per_s * 86400.0, duration_s), "sized.yaml", {});
  REQUIRE(scenario.services.at(1).sized_latency);
  REQUIRE(!scenario.services.at(0).sized_latency);
  REQUIRE(!scenario.services.at(2).sized_latency);  // iteration fidelity sizes requests in its engine
  const double horizon_s = scenario.info.duration_s.value();
  const Capture run = run_scenario(scenario);

  double p99_mean_s = 0.0;
  for (std::size_t i = 0; i < 3; ++i) {
    const ServiceTotals& totals = run.report.services.at(i).totals;
    const ReplicaLoad load = replica_group_load(table, replicas, totals.arrived / horizon_s);
    const double table_j = replicas * table.accelerators * load.accelerator_power_w * horizon_s;
    INFO("energy per request mean " << totals.tokens.energy_mean_j << " J, p50 " << totals.tokens.energy_p50_j
                                    << ", p99 " << totals.tokens.energy_p99_j);
    INFO(run.report.services.at(i).name << ": " << totals.served << " served, busy " << totals.busy_fraction
                                        << " against " << load.busy_fraction << ", latency p50 " << totals.latency_p50_s
                                        << " s, p99 " << totals.latency_p99_s << " s");
    CHECK(totals.served == Approx(load.served_per_s * replicas * horizon_s).epsilon(agreement));
    // Each request's energy is a share of its replica's while it is held: together no more than the accelerators'.
    CHECK(totals.tokens.energy_mean_j * totals.served <= run.report.clusters.at(i).accelerator_energy_j);
    CHECK(run.report.clusters.at(i).accelerator_energy_j == Approx(table_j).epsilon(agreement));
    if (i == 0) {
      p99_mean_s = totals.latency_p99_s;
      CHECK(totals.tokens_served == Approx(totals.served * output_mean).epsilon(1e-12));
    } else {
      // Gamma outputs of cv 1 over ~8,000 requests: the sample mean's standard error is about 1.1 %.
      CHECK(totals.tokens_served / totals.served == Approx(scenario.services.at(i).sizes.output->mean()).epsilon(0.05));
      // Outputs spread as a gamma of cv 1 spread the latencies: the mean request's 99th percentile is far exceeded.
      CHECK(totals.latency_p99_s > 2.0 * p99_mean_s);
    }
  }
  // Energy per request as a distribution: request fidelity shares a replica's power equally among the requests it
  // holds, iteration fidelity among the tokens of each iteration. The means agree within the fidelities' 2 %; the
  // spreads differ, as the two shares do (a long prompt's prefill weighs more by tokens than by time).
  const TokenLatencyFigures& sized = run.report.services.at(1).totals.tokens;
  const TokenLatencyFigures& engine = run.report.services.at(2).totals.tokens;
  CHECK(sized.energy_mean_j == Approx(engine.energy_mean_j).epsilon(agreement));
  CHECK(sized.energy_p99_j > 2.0 * sized.energy_p50_j);
  const TokenLatencyFigures& mean = run.report.services.at(0).totals.tokens;
  CHECK(mean.energy_p99_j < 1.5 * mean.energy_p50_j);
}
