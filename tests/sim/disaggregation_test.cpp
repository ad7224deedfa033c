// Prefill/decode disaggregation at iteration fidelity (`engine.prefill_replicas`; inference_disaggregated.cpp): two
// prefill and two decode replicas of Llama 3 70B on 8 H100 each, their prompts' KV moving over the cluster's network,
// beside the same service colocated, in one scenario (one simulation per process: docs/design.md section 9).
#include "models/workload/iteration_engine.hpp"
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double prompt_tokens = 2000.0;
constexpr double output_tokens = 300.0;

std::string service_yaml(const std::string& name, const std::string& engine, int accelerators, int count,
                         double per_day) {
  return "  - name: " + name + "\n    type: inference\n    cluster: " + name +
         "\n    modality: text\n    fidelity: iteration\n"
         "    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}\n"
         "    request: {prompt_tokens: 2000, output_tokens: 300}\n"
         "    arrivals: {requests_per_day: " +
         std::to_string(per_day) +
         "}\n"
         "    replicas: {accelerators: " +
         std::to_string(accelerators) + ", count: " + std::to_string(count) + "}\n" + engine;
}

// `network` of the cluster of the disaggregated service "split" (`count` replicas of `accelerators`, the first
// `prefill` prefilling); "together" serves colocated on the default fabric.
Scenario scenario(const std::string& network, int accelerators = 8, int count = 4, int prefill = 2,
                  double per_day = 1e6) {
  const std::string yaml =
      "scenario: {name: pd, start: 2024-01-01T00:00:00Z, duration: 20 min, sample_interval: 5 min}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters:\n"
      "  - {name: split, accelerator: h100-sxm, servers: 4" +
      network +
      "}\n"
      "  - {name: together, accelerator: h100-sxm, servers: 4}\n"
      "workloads:\n" +
      service_yaml("split", "    engine: {prefill_replicas: " + std::to_string(prefill) + "}\n", accelerators, count,
                   per_day) +
      service_yaml("together", "", accelerators, count, per_day);
  return load_scenario_text(yaml, "pd.yaml", {});
}

}  // namespace

TEST_CASE("disaggregated prefill and decode serve every token, first tokens at the prefill's pace") {
  const Scenario s = scenario("");
  REQUIRE(s.services.at(0).disaggregation);
  CHECK(s.services.at(0).disaggregation->kv_bytes_per_token == 327680.0);  // Llama 3 70B, BF16
  const Capture run = run_scenario(s);
  const ServiceTotals& split = run.report.services.at(0).totals;
  const ServiceTotals& together = run.report.services.at(1).totals;
  INFO("split: " << split.served << " of " << split.arrived << ", TTFT p50 " << split.tokens.ttft_p50_s
                 << " s, TPOT p50 " << split.tokens.tpot_p50_s << " s; together: " << together.served << ", TTFT p50 "
                 << together.tokens.ttft_p50_s << " s, TPOT p50 " << together.tokens.tpot_p50_s << " s");
  REQUIRE(split.served > 10000.0);
  // Below capacity every request that arrived is served, but the few in flight at the end, with all its tokens.
  CHECK(split.served == Approx(split.arrived).epsilon(0.01));
  CHECK(split.tokens_served == split.served * output_tokens);
  // A prompt's decode never waits behind another's prefill: tokens come faster than colocated, where prefill chunks
  // share the iterations.
  CHECK(split.tokens.tpot_p50_s < together.tokens.tpot_p50_s);
  // Each request's energy is its shares of the iterations of both replicas it used: at most the accelerators'.
  CHECK(split.tokens.energy_mean_j * split.served <= run.report.clusters.at(0).accelerator_energy_j);
  CHECK(split.tokens.energy_mean_j > 0.5 * together.tokens.energy_mean_j);
}

TEST_CASE("a slow fabric delays the decode by the KV cache's transfer, and caps the service at the link's rate") {
  // 1 GB/s per server: a 2,000-token prompt's 655 MB take 0.66 s, so each prefill replica's link moves 1.5 prompts a
  // second, below the 5.8 a second each receives.
  const Scenario s = scenario(", network: {bandwidth: 1 GB/s}");
  const IterationEngine engine(*s.services.at(0).engine);
  const double cache_prompts = std::floor(static_cast<double>(engine.kv_blocks_total()) /
                                          std::ceil(prompt_tokens / s.services.at(0).engine->block_tokens));
  const Capture run = run_scenario(s);
  const ServiceTotals& split = run.report.services.at(0).totals;
  const double transfer_s = prompt_tokens * 327680.0 / 1e9;
  const double links_per_s = 2.0 / transfer_s;  // two prefill replicas, each sending one prompt at a time
  INFO("served " << split.served << " of " << split.arrived << ", TTFT p50 " << split.tokens.ttft_p50_s << " s, p90 "
                 << split.tokens.ttft_p90_s << " s, TPOT p50 " << split.tokens.tpot_p50_s << " s, p99 "
                 << split.tokens.tpot_p99_s << " s; a prefill replica holds " << cache_prompts << " prompts");
  // At best each prefill replica's link sends all the time; at worst both send to one decode replica's link at once,
  // which halves the rate.
  CHECK(split.served <= links_per_s * 1200.0 + 10.0);
  CHECK(split.served >= 0.5 * links_per_s * 1200.0);
  CHECK(split.tokens.tpot_p50_s > transfer_s / (output_tokens - 1.0));
  // A prompt's KV waiting to be sent holds its blocks on the prefill replica: a full cache stops its admissions, so
  // requests wait there for their prefill (the first token comes late) instead of queueing without bound for the
  // network. The first requests served fill the caches quickly; the last tenth waited to be admitted.
  CHECK(split.tokens.ttft_p90_s > 10.0 * transfer_s);
  // A request's wait for its transfer is at most a full cache's prompts sent at half the link's rate.
  CHECK(split.tokens.tpot_p99_s < (cache_prompts + 1.0) * 2.0 * transfer_s / (output_tokens - 1.0));
}

TEST_CASE("the KV cache's transfers cost the fabric's energy per bit, counted in the service's energy") {
  const Scenario s = scenario(", network: {fabric_power: 0 W, traffic_pj_per_bit: 50}");
  const Capture run = run_scenario(s);
  const ClusterTotals& split = run.report.clusters.at(0);
  const ServiceTotals& served = run.report.services.at(0).totals;
  const double prompt_j = 50e-12 * 8.0 * prompt_tokens * 327680.0;
  const double prompts_sent = split.network_energy_j / prompt_j;
  INFO("network " << split.network_energy_j << " J: " << prompts_sent << " prompts' KV for " << served.served
                  << " served of " << served.arrived);
  // Every request served had its KV sent; the few in flight at the end, part of it.
  CHECK(prompts_sent >= served.served);
  CHECK(prompts_sent <= served.arrived);
  // The service holds every server of its cluster: the cluster's IT energy is the service's, transfers included.
  CHECK(run.report.workloads.at(0).it_energy_j == Approx(split.it_energy_j).epsilon(1e-12));
  // The colocated service's cluster sends nothing; its fabric draws the default floor (models/power/fabric_power.hpp).
  CHECK(run.report.clusters.at(1).network_energy_j ==
        Approx(4 * 8 * (3 * 747.0 / 64 + 30.0) * run.report.end_s).epsilon(1e-12));
}

TEST_CASE("replicas of one host move their KV cache over the server interconnect, not the network") {
  // Two 4-GPU replicas on one DGX H100, the first prefilling, at 2.3 requests a second: every prompt's KV stays in the
  // server. Over the 1 GB/s fabric of the test above the service would serve 1.5 requests a second; over NVLink it
  // serves its demand.
  const Scenario s = scenario(", network: {bandwidth: 1 GB/s}", 4, 2, 1, 2e5);
  REQUIRE(s.services.at(0).disaggregation->intra_host_bytes_per_s);
  // NVLink 4: 900 GB/s both ways per H100; each of the replica's 4 GPUs sends its shard one way: 1.8 TB/s.
  CHECK(*s.services.at(0).disaggregation->intra_host_bytes_per_s == Approx(4 * 450e9));
  const Capture run = run_scenario(s);
  const ServiceTotals& split = run.report.services.at(0).totals;
  INFO("served " << split.served << " of " << split.arrived);
  CHECK(split.served == Approx(split.arrived).epsilon(0.01));
}
