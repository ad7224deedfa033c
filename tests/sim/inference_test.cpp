// Inference services on the engine: energy against the replica table, the three fidelities against each other, the
// power states, and request accounting.
#include "../models/temp_file.hpp"
#include "run_capture.hpp"
#include "sim/scenario/resolved_scenario.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {
// 8 DGX H100 (64 GPUs) serving Llama 3 70B on 8-GPU replicas for 6 hours, flat demand.
std::string service_yaml(const std::string& fidelity, const std::string& replicas, double per_day = 2e6) {
  return R"(
scenario:
  name: serve
  start: 2024-01-01T00:00:00Z
  duration: 6 h
  sample_interval: 10 min
sites:
  - name: s
    pue: 1.2
    carbon_intensity: 400 g/kWh
clusters:
  - name: c
    accelerator: h100-sxm
    servers: 8
    server_overhead: 1000 W
workloads:
  - name: chat
    type: inference
    modality: text
    fidelity: )" +
         fidelity + R"(
    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 1000, output_tokens: 300}
    arrivals: {requests_per_day: )" +
         std::to_string(per_day) + R"(}
    replicas: )" +
         replicas + "\n";
}

double summary(const RunReport& report, double ServiceTotals::*field) {
  return report.services.at(0).totals.*field;
}
}  // namespace

TEST_CASE("fluid service: its energy is the replica table's power at the offered load, exactly") {
  const Scenario scenario = load_scenario_text(service_yaml("fluid", "{accelerators: 8, count: 8}"), "s.yaml", {});
  const Capture run = run_scenario(scenario);
  const InferenceService& service = scenario.services.at(0);
  const ReplicaLoad load = replica_group_load(service.replica, 8, service.mean_rate_per_s);
  const double expected_w = 8.0 * (8.0 * load.accelerator_power_w + 1000.0);
  CHECK(run.report.workloads.at(0).it_energy_j == Approx(expected_w * 6.0 * 3600.0).epsilon(1e-9));
  // The servers' part of the cluster's IT energy; the fabric's floor is the rest.
  const ClusterTotals& cluster = run.report.clusters.at(0);
  CHECK(cluster.it_energy_j - cluster.network_energy_j == Approx(expected_w * 6.0 * 3600.0).epsilon(1e-9));
  CHECK(summary(run.report, &ServiceTotals::served) == Approx(service.mean_rate_per_s * 6.0 * 3600.0).epsilon(1e-9));
  // The time series sums to the totals.
  const std::size_t power = variable_index("workload_power");
  double sum_j = 0.0;
  double last_s = 0.0;
  for (const auto& row : run.rows) {
    sum_j += row.values[power][0] * (row.time_s - last_s);
    last_s = row.time_s;
  }
  CHECK(sum_j == Approx(run.report.workloads.at(0).it_energy_j).epsilon(1e-9));
}

// One simulation per process (docs/design.md section 9): each fidelity is compared with the fluid model's analytic
// energy, which the first test shows the fluid run reproduces exactly.
static double fluid_energy_j(const InferenceService& service, int replicas, double duration_s) {
  const ReplicaLoad load = replica_group_load(service.replica, replicas, service.mean_rate_per_s);
  return replicas * (8.0 * load.accelerator_power_w + 1000.0) * duration_s;
}

TEST_CASE("request fidelity: served requests and energy per request agree with the fluid model") {
  const Scenario scenario = load_scenario_text(service_yaml("request", "{accelerators: 8, count: 8}"), "r.yaml", {});
  const Capture run = run_scenario(scenario);
  const InferenceService& service = scenario.services.at(0);
  const double expected_served = service.mean_rate_per_s * 6.0 * 3600.0;
  const double served = summary(run.report, &ServiceTotals::served);
  // 2e6 a day is 500,000 in 6 h: Poisson noise is 0.14 %; requests still running at the horizon are not served.
  CHECK(served == Approx(expected_served).epsilon(0.01));
  CHECK(served <= summary(run.report, &ServiceTotals::arrived));
  const double per_request_j = run.report.workloads.at(0).it_energy_j / served;
  CHECK(per_request_j == Approx(fluid_energy_j(service, 8, 6.0 * 3600.0) / expected_served).epsilon(0.03));
  CHECK(summary(run.report, &ServiceTotals::latency_p99_s) >= summary(run.report, &ServiceTotals::latency_p50_s));
  CHECK(summary(run.report, &ServiceTotals::latency_p50_s) >= service.replica.latency_s[1] * 0.99);
}

TEST_CASE("batch fidelity: the fluid model's energy within the noise of its Poisson draws") {
  const Scenario scenario = load_scenario_text(service_yaml("batch", "{accelerators: 8, count: 8}"), "b.yaml", {});
  const Capture run = run_scenario(scenario);
  CHECK(run.report.workloads.at(0).it_energy_j ==
        Approx(fluid_energy_j(scenario.services.at(0), 8, 6.0 * 3600.0)).epsilon(0.01));
}

TEST_CASE("autoscaling with replicas off saves the idle power of the replicas not needed") {
  const double low = 2e5;  // a tenth of the demand: one replica suffices
  const Scenario scenario = load_scenario_text(
      service_yaml("fluid", "{accelerators: 8, min: 1, max: 8, scaled_down: off}", low), "a.yaml", {});
  const Capture run = run_scenario(scenario);
  const InferenceService& service = scenario.services.at(0);
  CHECK(summary(run.report, &ServiceTotals::served) == Approx(service.mean_rate_per_s * 6.0 * 3600.0).epsilon(1e-9));
  CHECK(run.report.workloads.at(0).it_energy_j < 0.5 * fluid_energy_j(service, 8, 6.0 * 3600.0));
  CHECK(summary(run.report, &ServiceTotals::replica_hours) == Approx(6.0).epsilon(1e-9));  // one replica, 6 h
}

TEST_CASE("request fidelity with autoscaling wakes only the replicas the demand needs") {
  // Flat demand: the fluid autoscaler keeps k = ceil(rate / (0.7 x capacity)) replicas serving. At request fidelity
  // the scaler sees each interval's Poisson count, which here often asks for one more (the rate is close to k x 0.7
  // x capacity), held for the scale-down delay; replicas that are off and not needed must stay off.
  const Scenario scenario =
      load_scenario_text(service_yaml("request", "{accelerators: 8, min: 1, max: 8, scaled_down: off}"), "a.yaml", {});
  const InferenceService& service = scenario.services.at(0);
  const int k = static_cast<int>(std::ceil(service.mean_rate_per_s / (0.7 * service.replica.capacity_per_s())));
  REQUIRE(k < 8);
  const Capture run = run_scenario(scenario);
  const double energy_j = run.report.workloads.at(0).it_energy_j;
  CHECK(energy_j >= 0.97 * fluid_energy_j(service, k, 6.0 * 3600.0));
  CHECK(energy_j <= 1.03 * fluid_energy_j(service, k + 1, 6.0 * 3600.0));
  CHECK(summary(run.report, &ServiceTotals::busy_fraction) <= 1.0);
}

TEST_CASE("replicas in standby draw the standby power of their servers, exactly") {
  const double low = 2e5;  // one replica serves it all the time
  const Scenario scenario = load_scenario_text(
      service_yaml("fluid", "{accelerators: 8, min: 1, max: 8, scaled_down: standby, standby_power: 60 W}", low),
      "s.yaml", {});
  const Capture run = run_scenario(scenario);
  const double serving_w = fluid_energy_j(scenario.services.at(0), 1, 1.0);  // one replica, per second
  CHECK(run.report.workloads.at(0).it_energy_j == Approx((serving_w + 7.0 * 60.0) * 6.0 * 3600.0).epsilon(1e-9));
}

TEST_CASE("demand above capacity leaves a backlog and serves at capacity") {
  const Scenario scenario = load_scenario_text(service_yaml("fluid", "{accelerators: 8, count: 1}", 2e7), "o.yaml", {});
  const Capture run = run_scenario(scenario);
  const double capacity = scenario.services.at(0).replica.capacity_per_s();
  CHECK(summary(run.report, &ServiceTotals::served) == Approx(capacity * 6.0 * 3600.0).epsilon(1e-9));
  CHECK(summary(run.report, &ServiceTotals::queue_length) > 0.0);
}

TEST_CASE("a service in the resolved scenario loads back to the same replica table and demand") {
  const Scenario original =
      load_scenario_text(service_yaml("fluid", "{accelerators: 8, min: 1, max: 8, scaled_down: off}"), "s.yaml", {});
  const Scenario again = load_scenario_text(resolved_scenario_yaml(original), "resolved.yaml", {});
  REQUIRE(again.services.size() == 1);
  const InferenceService& a = original.services[0];
  const InferenceService& b = again.services[0];
  CHECK(b.name == a.name);
  CHECK(b.cluster == a.cluster);
  CHECK(b.fidelity == a.fidelity);
  CHECK(b.replica.latency_s == a.replica.latency_s);
  CHECK(b.replica.accelerator_power_w == a.replica.accelerator_power_w);
  CHECK(b.mean_rate_per_s == a.mean_rate_per_s);
  CHECK(b.max_replicas == a.max_replicas);
  CHECK(b.scaled_down == a.scaled_down);
}

TEST_CASE("a trace's arrivals are served as they are, at request fidelity") {
  std::string trace = "time\n";
  for (int i = 0; i < 3000; ++i) trace += std::to_string(i * 5.0) + "\n";  // one every 5 s for 4 h 10 min
  const terawatt::testing::TempFile file(trace, "trace.csv");
  std::string yaml = service_yaml("request", "{accelerators: 8, count: 2}");
  yaml.replace(yaml.find("{requests_per_day: "), yaml.find("}\n    replicas") - yaml.find("{requests_per_day: "),
               "{trace: " + file.path());
  const Capture run = run_scenario(load_scenario_text(yaml, "t.yaml", {}));
  CHECK(summary(run.report, &ServiceTotals::arrived) == 3000.0);
  CHECK(summary(run.report, &ServiceTotals::served) == 3000.0);  // all done well before the 6 h horizon
  // One request every 5 s alone on a replica: each takes the batch-1 latency.
  CHECK(summary(run.report, &ServiceTotals::latency_p50_s) ==
        Approx(load_scenario_text(yaml, "t.yaml", {}).services[0].replica.latency_s[1]).epsilon(0.012));
}

TEST_CASE("a power cap above every decode step's power leaves a decode-only replica's table unchanged") {
  // No prompt, so every phase is a memory-bound decode step; at batches up to 16 they draw under 300 W on an H100
  // (models/workload/llm_inference_cost.hpp), so a 300 W cap never acts. A 200 W cap lies below them: clipped, slower.
  const std::string yaml = service_yaml("fluid", "{accelerators: 8, count: 8, max_batch: 16}");
  const std::string decode_only =
      yaml.substr(0, yaml.find("prompt_tokens: 1000")) + "prompt_tokens: 0" +
      yaml.substr(yaml.find("prompt_tokens: 1000") + std::string("prompt_tokens: 1000").size());
  const ReplicaService free = load_scenario_text(decode_only, "s.yaml", {}).services.at(0).replica;
  const ReplicaService loose =
      load_scenario_text(decode_only, "s.yaml", {"clusters.c.power_cap=300 W"}).services.at(0).replica;
  const ReplicaService tight =
      load_scenario_text(decode_only, "s.yaml", {"clusters.c.power_cap=200 W"}).services.at(0).replica;
  REQUIRE(free.slots == 16);
  REQUIRE(free.accelerator_power_w[16] < 300.0);
  for (int n = 1; n <= 16; ++n) {
    const auto i = static_cast<std::size_t>(n);
    CHECK(loose.latency_s[i] == Approx(free.latency_s[i]).epsilon(1e-12));
    CHECK(loose.accelerator_power_w[i] == Approx(free.accelerator_power_w[i]).epsilon(1e-12));
    if (free.accelerator_power_w[i] > 200.0) {
      CHECK(tight.accelerator_power_w[i] == Approx(200.0).epsilon(1e-12));
      CHECK(tight.latency_s[i] > free.latency_s[i]);
    }
  }
}
