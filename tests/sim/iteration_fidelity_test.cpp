// Iteration fidelity against the replica table every other fidelity reads (models/workload/replica_service.hpp),
// point by point over load, maximum batch, request size and replicas (2 by default, up to 32): requests served and
// accelerator energy agree within 2 % with replica_group_load for the service's replicas behind least-loaded routing,
// which is fluid fidelity's energy exactly and request fidelity's within 2 % (occupancy_matrix_test.cpp). One
// simulation per point, each in its own process (docs/design.md section 9). Then what only iteration fidelity
// resolves: time to first token and per output token, the targets met, each request's size.
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double agreement = 0.02;             // the issue's bar between fidelities
constexpr double requests_per_point = 6000.0;  // about 0.1 s of run time each

// Llama 3 70B on 8-GPU replicas, one per DGX H100, as occupancy_matrix_test.cpp.
std::string scenario_yaml(int max_batch, double prompt, double output, double per_day, double duration_s,
                          const std::string& extra = "", int replicas = 2) {
  const std::string count = std::to_string(replicas);
  return R"(
scenario: {name: iteration, start: 2024-01-01T00:00:00Z, duration: )" +
         std::to_string(std::ceil(duration_s)) + R"( s, sample_interval: 1 h}
sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: h100-sxm, servers: )" +
         count + R"(, server_overhead: 1000 W}]
workloads:
  - name: serve
    type: inference
    fidelity: iteration
    control_interval: 10 min
    modality: text
    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}
    arrivals: {requests_per_day: )" +
         std::to_string(per_day) + R"(}
    replicas: {accelerators: 8, count: )" +
         count + ", max_batch: " + std::to_string(max_batch) + R"(}
    request:
      prompt_tokens: )" +
         std::to_string(prompt) + "\n      output_tokens: " + std::to_string(output) + "\n" + extra;
}

void check_point(int max_batch, double fraction, double prompt, double output, int replicas = 2) {
  const InferenceService probe =
      load_scenario_text(scenario_yaml(max_batch, prompt, output, 1.0, 3600.0, "", replicas), "probe.yaml", {})
          .services.at(0);
  const double rate_per_s = fraction * probe.replica.capacity_per_s() * replicas;
  const double duration_s = std::ceil(requests_per_point / rate_per_s);
  const Scenario scenario = load_scenario_text(
      scenario_yaml(max_batch, prompt, output, rate_per_s * 86400.0, duration_s, "", replicas), "point.yaml", {});
  const InferenceService& service = scenario.services.at(0);
  const double horizon_s = scenario.info.duration_s.value();
  const Capture run = run_scenario(scenario);
  const ServiceTotals& totals = run.report.services.at(0).totals;
  const ReplicaLoad load = replica_group_load(service.replica, replicas, totals.arrived / horizon_s);
  const double fluid_accelerator_j = replicas * service.replica.accelerators * load.accelerator_power_w * horizon_s;
  const double accelerator_j = run.report.clusters.at(0).accelerator_energy_j;
  INFO(replicas << " replicas of max batch " << max_batch << ", " << fraction << " of capacity, " << prompt << " + "
                << output << " tokens: " << totals.served << " served, busy " << totals.busy_fraction << " against "
                << load.busy_fraction);
  CHECK(totals.served == Approx(load.served_per_s * replicas * horizon_s).epsilon(agreement));
  CHECK(accelerator_j == Approx(fluid_accelerator_j).epsilon(agreement));
  CHECK(totals.tokens_served == Approx(totals.served * output).epsilon(1e-9));
}

}  // namespace

#define ITERATION_POINT(batch, fraction, prompt, output)                                                    \
  TEST_CASE("iteration fidelity at max batch " #batch ", " #fraction " of capacity, " #prompt " + " #output \
            " tokens: served work and accelerator energy within 2 percent of the replica table") {          \
    check_point(batch, fraction, prompt, output);                                                           \
  }

ITERATION_POINT(8, 0.25, 1000, 300)
ITERATION_POINT(8, 0.75, 1000, 300)
ITERATION_POINT(64, 0.25, 1000, 300)
ITERATION_POINT(64, 0.75, 1000, 300)
ITERATION_POINT(64, 0.5, 4000, 100)
ITERATION_POINT(64, 0.5, 100, 1000)

// Groups of replicas behind least-loaded routing: at a quarter of capacity of B = 8 and 0.05 of B = 64 a replica holds
// one or two requests on average, where an idle replica takes the next request and a completion can empty one replica
// while another holds two (one simulation per process: a test case each).
#define GROUP_POINT(replicas, batch, fraction)                                                                  \
  TEST_CASE("iteration fidelity on " #replicas " replicas of max batch " #batch ", " #fraction                  \
            " of capacity: served work and accelerator energy within 2 percent of the replica group's table") { \
    check_point(batch, fraction, 1000, 300, replicas);                                                          \
  }

GROUP_POINT(4, 8, 0.25)
GROUP_POINT(8, 8, 0.25)
GROUP_POINT(4, 64, 0.05)
GROUP_POINT(8, 64, 0.05)
GROUP_POINT(16, 64, 0.05)
GROUP_POINT(32, 64, 0.05)

TEST_CASE("iteration fidelity reports first-token and per-token times, the targets met and the goodput") {
  const std::string slo = "    slo: {ttft: 300 ms, tpot: 30 ms}\n";
  const Scenario scenario = load_scenario_text(scenario_yaml(64, 1000, 300, 2e5, 1800.0, slo), "slo.yaml", {});
  const Capture run = run_scenario(scenario);
  const ServiceTotals& totals = run.report.services.at(0).totals;
  const TokenLatencyFigures& t = totals.tokens;
  REQUIRE(totals.served > 1000.0);
  // A request's life is its first token plus its other tokens' times: the medians order as the times do.
  CHECK(t.ttft_p50_s > 0.0);
  CHECK(t.ttft_p50_s <= t.ttft_p90_s);
  CHECK(t.ttft_p90_s <= t.ttft_p99_s);
  CHECK(t.tpot_p50_s <= t.tpot_p99_s);
  CHECK(t.ttft_p50_s + 299.0 * t.tpot_p50_s == Approx(totals.latency_p50_s).epsilon(0.1));
  CHECK(t.slo_attainment >= 0.0);
  CHECK(t.slo_attainment <= 1.0);
  CHECK(t.met_slo == Approx(t.slo_attainment * totals.served).epsilon(1e-12));
  // Each request's energy is its share of its iterations': together at most the accelerators' energy.
  CHECK(t.energy_mean_j * totals.served < run.report.clusters.at(0).accelerator_energy_j);
  CHECK(t.energy_p50_j <= t.energy_p99_j);
}

TEST_CASE("requests of their own sizes: drawn output tokens average the distribution's mean") {
  const std::string sizes = R"(      sizes:
        prompt: {distribution: lognormal, cv: 1.5, max: 16000}
        output: {distribution: gamma, cv: 1.0, max: 4000}
)";
  const Scenario scenario = load_scenario_text(scenario_yaml(64, 1000, 300, 2e5, 1800.0, sizes), "sizes.yaml", {});
  const InferenceService& service = scenario.services.at(0);
  REQUIRE(service.sizes.output);
  const Capture run = run_scenario(scenario);
  const ServiceTotals& totals = run.report.services.at(0).totals;
  REQUIRE(totals.served > 1000.0);
  // Gamma with cv 1 over ~2,000 requests: the sample mean's standard error is about 2.2 %.
  CHECK(totals.tokens_served / totals.served == Approx(service.sizes.output->mean()).epsilon(0.1));
  // Requests of spread sizes spread their times: the 99th percentile far above the median.
  CHECK(totals.tokens.energy_p99_j > 2.0 * totals.tokens.energy_p50_j);
  CHECK(totals.cut_requests == 0.0);
}

namespace {
// Llama 3 70B on up to 8 replicas from 1, at about 20 requests a second: more than one replica serves.
std::string slo_scaled_yaml(const std::string& ttft) {
  return R"(
scenario: {name: slo-scaled, start: 2024-01-01T00:00:00Z, duration: 30 min, sample_interval: 5 min}
sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: h100-sxm, servers: 8}]
workloads:
  - name: serve
    type: inference
    fidelity: iteration
    control_interval: 1 min
    modality: text
    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 1000, output_tokens: 300}
    arrivals: {requests_per_day: 1.728e6}
    replicas: {accelerators: 8, min: 1, max: 8, max_batch: 64, target: slo, scale_down_delay: 10 min}
    slo: {ttft: )" +
         ttft + "}\n";
}
}  // namespace

TEST_CASE("an SLO autoscaler adds replicas while the first token is late") {
  const Scenario scenario = load_scenario_text(slo_scaled_yaml("500 ms"), "slo.yaml", {});
  const Capture run = run_scenario(scenario);
  const ServiceTotals& totals = run.report.services.at(0).totals;
  // One replica cannot serve 20 requests a second: the backlog makes the first token late, and the rule scales up.
  CHECK(totals.replica_hours > 2.0 * 0.5);
  CHECK(totals.served > 0.9 * totals.arrived);
}

TEST_CASE("an SLO autoscaler keeps its minimum while the target is met") {
  const Scenario scenario = load_scenario_text(slo_scaled_yaml("1 h"), "slo.yaml", {});
  const Capture run = run_scenario(scenario);
  const ServiceTotals& totals = run.report.services.at(0).totals;
  CHECK(totals.replica_hours == Approx(0.5).epsilon(1e-9));  // one replica for half an hour
}
