// Expert parallelism at iteration fidelity (`engine.expert_parallel`): the reader's bandwidths and server count, and
// the time it adds to a run: DeepSeek-V3 on two DGX H100 (16 GPUs), each 1,000-token prompt's all-to-all crossing the
// fabric between them.
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

std::string service_yaml(const std::string& name, const std::string& engine) {
  return "  - name: " + name + "\n    type: inference\n    cluster: " + name +
         "\n    modality: text\n    fidelity: iteration\n"
         "    model: {parameters: 37e9, total_parameters: 671e9, bytes_per_parameter: 1, layers: 61, "
         "hidden_size: 7168, kv_heads: 128, head_dim: 128}\n"
         "    request: {prompt_tokens: 1000, output_tokens: 300}\n"
         "    arrivals: {requests_per_day: 2e4}\n"
         "    replicas: {accelerators: 16, count: 1}\n" +
         engine;
}

// `service` with its replicas line replaced by `replicas`.
std::string edit_replicas(const std::string& service, const std::string& replicas) {
  const std::string line = "    replicas: {accelerators: 16, count: 1}\n";
  return service.substr(0, service.find(line)) + replicas + service.substr(service.find(line) + line.size());
}

Scenario scenario() {
  const std::string yaml =
      "scenario: {name: ep, start: 2024-01-01T00:00:00Z, duration: 1 h, sample_interval: 10 min}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters:\n"
      "  - {name: ep, accelerator: h100-sxm, servers: 2}\n"
      "  - {name: replicated, accelerator: h100-sxm, servers: 2}\n"
      "workloads:\n" +
      service_yaml("ep", "    engine: {expert_parallel: {experts_per_token: 8, moe_layers: 58}}\n") +
      service_yaml("replicated", "");
  return load_scenario_text(yaml, "ep.yaml", {});
}

}  // namespace

TEST_CASE("expert parallelism over two servers: its exchange delays each first token by the fabric's time") {
  const Scenario s = scenario();
  const auto& ep = s.services.at(0).engine->expert_parallel;
  REQUIRE(ep);
  CHECK(!s.services.at(1).engine->expert_parallel);
  CHECK(ep->servers == 2);
  CHECK(ep->experts_per_token == 8);
  CHECK(ep->moe_layers == 58);
  CHECK(ep->intra_server_bytes_per_s == Approx(8 * 450e9));  // NVLink 4, one way, per H100 of a server
  CHECK(ep->inter_server_bytes_per_s == Approx(2 * 400e9));  // the DGX H100's 400 GB/s, per server
  CHECK(ep->inter_server_latency_s == Approx(2e-6));         // the cluster network's default latency
  const Capture run = run_scenario(s);
  const TokenLatencyFigures& with = run.report.services.at(0).totals.tokens;
  const TokenLatencyFigures& without = run.report.services.at(1).totals.tokens;
  // At 0.23 requests a second a prompt is mostly prefilled alone, in one iteration of its 1,000 tokens.
  const double exchange_s = all_to_all_s(*ep, 16, 7168, 1000.0);
  INFO("TTFT p50 " << with.ttft_p50_s << " s against " << without.ttft_p50_s << " s, exchange " << exchange_s << " s");
  CHECK(with.ttft_p50_s - without.ttft_p50_s == Approx(exchange_s).epsilon(0.1));
  CHECK(with.tpot_p50_s >= without.tpot_p50_s);
}

TEST_CASE("expert parallelism's exchanges between servers cost the fabric's energy per bit") {
  std::string yaml =
      "scenario: {name: ep, start: 2024-01-01T00:00:00Z, duration: 1 h, sample_interval: 10 min}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters:\n"
      "  - {name: ep, accelerator: h100-sxm, servers: 2, network: {traffic_pj_per_bit: 10}}\n"
      "  - {name: replicated, accelerator: h100-sxm, servers: 2, network: {traffic_pj_per_bit: 10}}\n"
      "workloads:\n" +
      service_yaml("ep", "    engine: {expert_parallel: {experts_per_token: 8, moe_layers: 58}}\n") +
      service_yaml("replicated", "");
  const Scenario s = load_scenario_text(yaml, "ep.yaml", {});
  const ExpertParallel& ep = *s.services.at(0).engine->expert_parallel;
  const Capture run = run_scenario(s);
  const double floor_j = s.clusters.at(0).network.fabric.floor_w(2.0) * run.report.end_s;
  const double token_j = 10e-12 * 8.0 * all_to_all_legs(ep, 16, 7168, 1.0).fabric_bytes;
  const ServiceTotals& served = run.report.services.at(0).totals;
  const double tokens = (run.report.clusters.at(0).network_energy_j - floor_j) / token_j;
  INFO(tokens << " tokens through the exchanges for " << served.served << " served of " << served.arrived);
  // Each request served ran its 1,000 prompt tokens and 299 decode steps through them (its prefill samples the first of
  // its 300 output tokens); those in flight at the end, part.
  CHECK(tokens >= served.served * 1299.0 * (1.0 - 1e-9));
  CHECK(tokens <= served.arrived * 1299.0 * (1.0 + 1e-9));
  // Without expert parallelism nothing crosses the fabric: its floor only.
  CHECK(run.report.clusters.at(1).network_energy_j == Approx(floor_j).epsilon(1e-12));
}

TEST_CASE("expert parallelism within pipeline stages exchanges over each stage's own server") {
  // DeepSeek-V3 in two stages of one DGX H100 each: a stage's experts sit on its server, so a micro-batch's all-to-all
  // stays on NVLink at every stage, and the fabric carries only the activations' hop between the stages.
  const std::string yaml =
      "scenario: {name: ep, start: 2024-01-01T00:00:00Z, duration: 1 h, sample_interval: 10 min}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters:\n"
      "  - {name: staged, accelerator: h100-sxm, servers: 2}\n"
      "workloads:\n" +
      edit_replicas(service_yaml("staged", "    engine: {expert_parallel: {experts_per_token: 8, moe_layers: 58}}\n"),
                    "    replicas: {accelerators: 16, count: 1, pipeline_stages: 2}\n");
  const Scenario s = load_scenario_text(yaml, "staged.yaml", {});
  const IterationEngineConfig& engine = *s.services.at(0).engine;
  REQUIRE(engine.expert_parallel);
  CHECK(engine.pipeline_stages == 2);
  CHECK(engine.replica.accelerators == 8);
  CHECK(engine.expert_parallel->servers == 1);
  CHECK(engine.pipeline_hops.inter_server == 1);
  CHECK(engine.pipeline_hops.intra_server == 0);
  // Each stream's exchange is all 58 MoE layers' over its 8 accelerators on NVLink.
  CHECK(all_to_all_s(*engine.expert_parallel, 8, 7168, 1000.0) ==
        Approx(2.0 * 1000.0 * 8 * 7168 * 2.0 * 58 * (7.0 / 8.0) / (8 * 450e9)).epsilon(1e-12));
}
