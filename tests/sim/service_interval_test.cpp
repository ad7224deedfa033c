// A batch or fluid service's requests of one control interval are spread evenly over it, so each sample interval
// takes its share by overlap. With the control interval equal to the sample interval the sampler and the controller
// act at the same instants; a flat demand must still give a flat series (it used to alternate between twice the rate
// and 0), and the series must sum to the run's totals. One simulation per TEST_CASE (one SimGrid engine per process).

#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;

namespace {

// 1e5 requests a day, flat: 1.1574 requests/s.
std::string flat_service(const std::string& fidelity, const std::string& sample_interval) {
  return R"(
scenario: {name: flat, start: 2024-06-01T00:00:00Z, duration: 30 min, sample_interval: )" +
         sample_interval + R"(}
sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 4, accelerators_per_server: 8}]
workloads:
  - name: chat
    type: inference
    modality: text
    fidelity: )" +
         fidelity + R"(
    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 1000, output_tokens: 300}
    arrivals: {requests_per_day: 1e5}
    replicas: {accelerators: 8, count: 4}
)";
}

void check_flat(const std::string& fidelity, const std::string& sample_interval, double sample_s) {
  const Scenario scenario = load_scenario_text(flat_service(fidelity, sample_interval), "flat.yaml", {});
  const testing::Capture run = testing::run_scenario(scenario);
  const std::size_t arrived = testing::variable_index("request_rate");
  const std::size_t served = testing::variable_index("served_rate");
  double arrived_sum = 0.0;
  double served_sum = 0.0;
  double previous_s = 0.0;
  for (const testing::Row& row : run.rows) {
    const double length_s = row.time_s - previous_s;
    previous_s = row.time_s;
    arrived_sum += row.values[arrived][0] * length_s;
    served_sum += row.values[served][0] * length_s;
    if (length_s < sample_s) continue;  // the tail after the last whole interval
    // Fluid: the expected arrivals exactly; batch: a Poisson draw of them per control interval.
    if (fidelity == "fluid") CHECK(row.values[arrived][0] == Approx(1e5 / 86400.0).epsilon(1e-12));
    CHECK(row.values[arrived][0] > 0.0);
    CHECK(row.values[served][0] > 0.0);
  }
  CHECK(arrived_sum == Approx(run.report.services.at(0).totals.arrived).epsilon(1e-12));
  CHECK(served_sum == Approx(run.report.services.at(0).totals.served).epsilon(1e-12));
}

}  // namespace

TEST_CASE("a fluid service's series is flat when the control and sample intervals are both 1 minute") {
  check_flat("fluid", "1 min", 60.0);
}

TEST_CASE("a batch service serves in every sample interval when the control and sample intervals are equal") {
  check_flat("batch", "1 min", 60.0);
}

TEST_CASE("a fluid service's 20-second samples each take a third of a control interval's requests") {
  check_flat("fluid", "20 s", 20.0);
}
