// Expert parallelism in a disaggregated service (`engine.expert_parallel` with `engine.prefill_replicas`): each
// iteration's exchanges between a replica's two servers become SimGrid transfers while a prompt's KV cache crosses
// their links (inference_exchanges.cpp). DeepSeek-V3 on two DGX H100 per replica, one prefilling, one decoding, beside
// the same service with `transfers: false` (the analytic exchange) on a cluster of its own, both given the same
// arrivals from a trace, in one scenario (one simulation per process: docs/design.md section 9).
#include "../models/temp_file.hpp"
#include "models/workload/iteration_engine.hpp"
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double duration_s = 120.0;

struct Load {
  double every_s;     // one arrival every this long, for the two minutes
  int prompt_tokens;  // each prefilled in one iteration (the token budget is the prompt)
  int output_tokens;
  std::string network;  // the clusters' `network` mapping, if any
};

std::string service_yaml(const std::string& name, const Load& load, const std::string& trace,
                         const std::string& transfers) {
  const std::string prompt = std::to_string(load.prompt_tokens);
  return "  - name: " + name + "\n    type: inference\n    cluster: " + name +
         "\n    modality: text\n    fidelity: iteration\n"
         "    model: {parameters: 37e9, total_parameters: 671e9, bytes_per_parameter: 1, layers: 61, "
         "hidden_size: 7168, kv_heads: 128, head_dim: 128}\n"
         "    request: {prompt_tokens: " +
         prompt + ", output_tokens: " + std::to_string(load.output_tokens) + "}\n    arrivals: {trace: " + trace +
         "}\n    replicas: {accelerators: 16, count: 2, max_batch: 100}\n"
         "    engine: {prefill_replicas: 1, max_batched_tokens: " +
         std::to_string(std::max(load.prompt_tokens, 100)) +
         ", expert_parallel: {experts_per_token: 8, moe_layers: 58" + transfers + "}}\n";
}

// The service "shared" (transfers where a KV cache shares the links) and "analytic" (`transfers: false`).
struct Runs {
  Scenario scenario;
  Capture run;
  const ServiceTotals& shared() const { return run.report.services.at(0).totals; }
  const ServiceTotals& analytic() const { return run.report.services.at(1).totals; }
};

Runs run(const Load& load) {
  std::string trace = "time\n";
  for (double t = 0.0; t < duration_s; t += load.every_s) trace += std::to_string(t) + "\n";
  const TempFile file(trace, "arrivals.csv");
  const std::string network = load.network.empty() ? "" : ", network: " + load.network;
  const std::string yaml =
      "scenario: {name: ep, start: 2024-01-01T00:00:00Z, duration: 2 min, sample_interval: 1 min}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters:\n"
      "  - {name: shared, accelerator: h100-sxm, servers: 4" +
      network + "}\n  - {name: analytic, accelerator: h100-sxm, servers: 4" + network +
      "}\n"
      "workloads:\n" +
      service_yaml("shared", load, file.path(), "") + service_yaml("analytic", load, file.path(), ", transfers: false");
  Runs runs{load_scenario_text(yaml, "ep.yaml", {}), {}};
  runs.run = run_scenario(runs.scenario);
  return runs;
}

// A prompt's prefill alone, as the engine times it with the analytic exchange.
IterationRecord analytic_prefill(const Scenario& s, int prompt_tokens) {
  IterationEngine engine(*s.services.at(0).engine);
  engine.submit({0, 0.0, prompt_tokens, 1});
  return engine.step();
}

}  // namespace

TEST_CASE("expert parallelism's exchanges keep the analytic time where no KV cache crosses their links") {
  // One 1,000-token request every 4 s: its KV (10 ms) has reached the idle decode replica before it decodes, and its
  // 300 tokens (2 s) are decoded before the next prompt's KV comes.
  const Runs runs = run({4.0, 1000, 300, "{fabric_power: 0 W, traffic_pj_per_bit: 10}"});
  const ServiceTotals& shared = runs.shared();
  const ServiceTotals& analytic = runs.analytic();
  INFO("TTFT p50 " << shared.tokens.ttft_p50_s << " s, TPOT p50 " << shared.tokens.tpot_p50_s << " s, served "
                   << shared.served);
  CHECK(shared.served == 30.0);
  CHECK(shared.served == analytic.served);
  CHECK(shared.tokens.energy_mean_j == Approx(analytic.tokens.energy_mean_j).epsilon(1e-12));
  CHECK(shared.tokens.ttft_p50_s == analytic.tokens.ttft_p50_s);
  CHECK(shared.tokens.tpot_p50_s == analytic.tokens.tpot_p50_s);
  // The exchanges' bytes and the KV caches' cost the fabric's energy per bit alike, sent or not.
  const double network_j = runs.run.report.clusters.at(0).network_energy_j;
  CHECK(network_j > 0.0);
  CHECK(network_j == Approx(runs.run.report.clusters.at(1).network_energy_j).epsilon(1e-9));
  // A prompt is prefilled alone: its time to first token is the iteration's, within a bin of 1.16 %
  // (latency_histogram.hpp).
  CHECK(shared.tokens.ttft_p50_s == Approx(analytic_prefill(runs.scenario, 1000).duration_s).epsilon(0.0116));
}

TEST_CASE("a prompt's KV cache leaving beside an exchange slows it by the time they share the link") {
  // 100 requests a second, above what the prefill replica serves: it prefills one prompt after another, and each
  // prompt's KV leaves as the next prompt's exchanges start, up the same host link as half of them.
  const Runs runs = run({0.01, 1000, 2, ""});
  const Scenario& s = runs.scenario;
  const IterationRecord alone = analytic_prefill(s, 1000);
  const ExpertParallel& ep = *s.services.at(0).engine->expert_parallel;
  const double host_bytes_per_s = ep.inter_server_bytes_per_s / 2.0;
  const double exchange_host_s = alone.exchange_fabric_bytes / 2.0 / host_bytes_per_s;  // each host's share
  const double kv_s = 1000.0 * s.services.at(0).disaggregation->kv_bytes_per_token / host_bytes_per_s;
  REQUIRE(kv_s > exchange_host_s);
  // Sharing the link equally, the exchange's transfer from the first host moves at half its rate until it ends: the
  // fabric leg takes its time again.
  const double shared_s = alone.duration_s + exchange_host_s;
  const ServiceTotals& shared = runs.shared();
  const ServiceTotals& analytic = runs.analytic();
  INFO("served " << shared.served << " and " << analytic.served << " analytic of " << shared.arrived << "; prefill "
                 << alone.duration_s << " s alone, exchange " << exchange_host_s << " s per host, KV " << kv_s
                 << " s, shared " << shared_s << " s");
  // Within SimGrid's 97 % of each link (LV08) and its acknowledgements' 5 % cross-traffic, and the prompts in flight.
  CHECK(shared.served == Approx(duration_s / shared_s).epsilon(0.05));
  CHECK(analytic.served == Approx(duration_s / alone.duration_s).epsilon(0.01));
}

TEST_CASE("a KV cache arriving during a decode iteration's exchange slows what is left of it") {
  // 10 requests a second of 10 prompt tokens and 300 output, over 25 GB/s per server: a prompt's KV (40 MB) takes
  // 1.6 ms and mostly starts and ends within a decode iteration of 30 ms, whose exchange moves about 0.1 GB per host.
  // Only turning the exchange under way into transfers lets it meet the KV (without, the two services' time per output
  // token is the same here).
  const Runs runs = run({0.1, 10, 300, "{bandwidth: 25 GB/s}"});
  const ServiceTotals& shared = runs.shared();
  const ServiceTotals& analytic = runs.analytic();
  INFO("TPOT p50 " << shared.tokens.tpot_p50_s << " s against " << analytic.tokens.tpot_p50_s << " s analytic; served "
                   << shared.served << " and " << analytic.served << " of " << shared.arrived);
  CHECK(shared.served == Approx(analytic.served).epsilon(0.01));
  // At least two bins of the percentiles' histogram (1.16 % each, latency_histogram.hpp) slower.
  CHECK(shared.tokens.tpot_p50_s > analytic.tokens.tpot_p50_s * 1.0116 * 1.0116);
}
