// The inference fidelities as strategies: each fidelity of the scenario gets its own, and they differ where the
// fidelities do.

#include "sim/engine/workloads/serving_fidelity.hpp"
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;

namespace {
ReplicaService llama_replica() {
  const std::string yaml = R"(
scenario: {name: serve, start: 2024-01-01T00:00:00Z, duration: 1 h, sample_interval: 10 min}
sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: h100-sxm, servers: 2, server_overhead: 1000 W}]
workloads:
)" + testing::llama_chat_service +
                           "    replicas: {accelerators: 8, count: 2}\n";
  return load_scenario_text(yaml, "serve.yaml", {}).services.at(0).replica;
}
}  // namespace

TEST_CASE("Each fidelity gets its own serving strategy") {
  CHECK(dynamic_cast<const RequestServing*>(make_serving_fidelity(Fidelity::request).get()) != nullptr);
  CHECK(dynamic_cast<const BatchServing*>(make_serving_fidelity(Fidelity::batch).get()) != nullptr);
  CHECK(dynamic_cast<const FluidServing*>(make_serving_fidelity(Fidelity::fluid).get()) != nullptr);
}

TEST_CASE("Only request fidelity resolves percentiles and powers a replica by the requests it holds") {
  const ReplicaService replica = llama_replica();
  const auto request = make_serving_fidelity(Fidelity::request);
  const auto batch = make_serving_fidelity(Fidelity::batch);
  const auto fluid = make_serving_fidelity(Fidelity::fluid);
  CHECK(request->resolves_percentiles());
  CHECK_FALSE(batch->resolves_percentiles());
  CHECK_FALSE(fluid->resolves_percentiles());
  CHECK(request->serving_power_w(replica, 4) == replica.accelerator_power_at(4));
  CHECK(request->serving_power_w(replica, 4) > request->serving_power_w(replica, 0));
  CHECK(batch->serving_power_w(replica, 4) == replica.accelerator_power_at(0.0));
  CHECK(fluid->serving_power_w(replica, 4) == replica.accelerator_power_at(0.0));
}
