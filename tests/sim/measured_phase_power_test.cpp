// Measured phase powers of an inference service (`workloads[].measured_power`) on the engine: a fluid service held at
// a known load draws them, and the resolved scenario keeps them. Each TEST_CASE runs in its own process (one SimGrid
// engine per process).
#include "run_capture.hpp"
#include "sim/scenario/resolved_scenario.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {
constexpr double hours_6_s = 6.0 * 3600.0;
constexpr double accelerators = 64.0;  // 8 DGX H100, all held by the service's 8 replicas

// 8 DGX H100 serving a 70B model on 8-GPU replicas for 6 hours at fluid fidelity, flat demand.
std::string service_yaml(const std::string& request, double per_day, const std::string& measured) {
  return R"(
scenario:
  name: measured
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
    fidelity: fluid
    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}
    request: )" +
         request + R"(
    arrivals: {requests_per_day: )" +
         std::to_string(per_day) + R"(}
    replicas: {accelerators: 8, count: 8}
    measured_power: )" +
         measured + "\n";
}
}  // namespace

TEST_CASE("a service with no demand holds every accelerator at the measured idle power") {
  const Scenario scenario =
      load_scenario_text(service_yaml("{prompt_tokens: 1000, output_tokens: 300}", 0.0, "{idle: 150 W}"), "m.yaml");
  const Capture run = run_scenario(scenario);
  CHECK(scenario.services.at(0).replica.accelerator_power_w[0] == 150.0);
  CHECK(run.report.clusters.at(0).accelerator_energy_j == Approx(accelerators * 150.0 * hours_6_s).epsilon(1e-9));
}

TEST_CASE("a saturated decode-only service draws the measured decode power at its full batch") {
  // No prompt: every phase is decode, and demand far above capacity keeps every replica at its full batch of 64, the
  // batch the decode power was measured at (decode_batch absent).
  const Scenario scenario =
      load_scenario_text(service_yaml("{prompt_tokens: 0, output_tokens: 300}", 1e8, "{decode: 400 W}"), "m.yaml");
  const Capture run = run_scenario(scenario);
  REQUIRE(scenario.services.at(0).replica.slots == 64);
  CHECK(run.report.clusters.at(0).accelerator_energy_j == Approx(accelerators * 400.0 * hours_6_s).epsilon(1e-9));
  const ClusterTotals& cluster = run.report.clusters.at(0);
  CHECK(cluster.it_energy_j - cluster.network_energy_j ==
        Approx((accelerators * 400.0 + 8.0 * 1000.0) * hours_6_s).epsilon(1e-9));
}

TEST_CASE("a saturated prompt-only service draws the measured prefill power") {
  const Scenario scenario =
      load_scenario_text(service_yaml("{prompt_tokens: 1000, output_tokens: 0}", 1e8, "{prefill: 650 W}"), "m.yaml");
  const Capture run = run_scenario(scenario);
  CHECK(run.report.clusters.at(0).accelerator_energy_j == Approx(accelerators * 650.0 * hours_6_s).epsilon(1e-9));
}

TEST_CASE("a cap below the measured prefill power clips it and serves fewer requests") {
  const std::string yaml = service_yaml("{prompt_tokens: 1000, output_tokens: 0}", 1e8, "{prefill: 650 W}");
  const Scenario free = load_scenario_text(yaml, "m.yaml");
  const Scenario capped = load_scenario_text(yaml, "m.yaml", {"clusters.c.power_cap=500 W"});
  const Capture run = run_scenario(capped);
  CHECK(run.report.clusters.at(0).accelerator_energy_j == Approx(accelerators * 500.0 * hours_6_s).epsilon(1e-9));
  // Prefill is clock-bound: its time stretches by 1 / f, f the cube root of the dynamic power's cut.
  const double clock = std::cbrt((500.0 - 70.0) / (650.0 - 70.0));
  CHECK(capped.services.at(0).replica.latency_s[1] ==
        Approx(free.services.at(0).replica.latency_s[1] / clock).epsilon(1e-12));
}

TEST_CASE("the resolved scenario keeps the measured powers, and so the replica table") {
  const Scenario original =
      load_scenario_text(service_yaml("{prompt_tokens: 1000, output_tokens: 300}", 2e6,
                                      "{prefill: 650 W, decode: 350 W, decode_batch: 16, idle: 120 W}"),
                         "m.yaml");
  const Scenario model =
      load_scenario_text(service_yaml("{prompt_tokens: 1000, output_tokens: 300}", 2e6, "{}"), "m.yaml");
  const Scenario again = load_scenario_text(resolved_scenario_yaml(original), "resolved.yaml");
  const ReplicaService& a = original.services.at(0).replica;
  const ReplicaService& b = again.services.at(0).replica;
  CHECK(b.accelerator_power_w == a.accelerator_power_w);
  CHECK(b.latency_s == a.latency_s);
  CHECK(b.accelerator_power_w[0] == 120.0);
  CHECK(a.accelerator_power_w != model.services.at(0).replica.accelerator_power_w);
  CHECK(a.latency_s == model.services.at(0).replica.latency_s);  // no cap: measured powers change no time
}
