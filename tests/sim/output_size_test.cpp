// The size of a run's time series, known before it starts: the estimate from the scenario, and the warning past
// large_output_bytes.

#include "sim/record/output_size.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("a time series is sized as rows of the sample interval times the values of a row") {
  const Scenario scenario = load_scenario_text(R"(
scenario: {name: sized, duration: 1 d, sample_interval: 1 min}
sites: [{name: iowa, pue: 1.1, carbon_intensity: 352 g/kWh}]
clusters: [{name: pod, site: iowa, accelerator: h100-sxm, servers: 4}]
)",
                                               "sized.yaml");
  const OutputSize size = estimate_output_size(scenario);
  CHECK(size.rows == 1441.0);  // 1,440 minutes and the tail after the last
  CHECK(size.bytes() == (size.values() + size.rows) * 8.0);
  CHECK(large_output_warning(size).empty());
}

TEST_CASE("a time series that may pass 1 GB before compression gets a warning that says how to shrink it") {
  const OutputSize under{1e6, 120.0};  // 1e6 x 121 x 8 B = 0.968 GB
  CHECK(large_output_warning(under).empty());
  const OutputSize over{1e6, 130.0};  // 1.048 GB
  CHECK(large_output_warning(over) ==
        "the time series may take up to 1.048 GB before compression (1e+06 samples of 130 values; a longer "
        "scenario.sample_interval makes it smaller)");
}
