// Expert parallelism in a disaggregated service (`engine.expert_parallel` with `engine.prefill_replicas`): each
// iteration's exchanges between a replica's two servers are SimGrid transfers on the links its prompts' KV caches
// leave by (inference_disaggregated.cpp). DeepSeek-V3 on two DGX H100 per replica, one prefilling, one decoding.
// Alone on the links, the exchanges take the engine's analytic time; beside a KV transfer, the network's share.
#include "models/workload/iteration_engine.hpp"
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double prompt_tokens = 1000.0;
constexpr double duration_s = 120.0;

// One prefill and one decode replica of 16 H100 each, every iteration prefilling at most one 1,000-token prompt.
Scenario scenario(double requests_per_day, int output_tokens) {
  const std::string yaml =
      "scenario: {name: ep, start: 2024-01-01T00:00:00Z, duration: 2 min, sample_interval: 1 min}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters:\n"
      "  - {name: split, accelerator: h100-sxm, servers: 4}\n"
      "workloads:\n"
      "  - name: split\n    type: inference\n    cluster: split\n    modality: text\n    fidelity: iteration\n"
      "    model: {parameters: 37e9, total_parameters: 671e9, bytes_per_parameter: 1, layers: 61, "
      "hidden_size: 7168, kv_heads: 128, head_dim: 128}\n"
      "    request: {prompt_tokens: 1000, output_tokens: " +
      std::to_string(output_tokens) + "}\n    arrivals: {requests_per_day: " + std::to_string(requests_per_day) +
      "}\n"
      "    replicas: {accelerators: 16, count: 2}\n"
      "    engine: {prefill_replicas: 1, max_batched_tokens: 1000, "
      "expert_parallel: {experts_per_token: 8, moe_layers: 58}}\n";
  return load_scenario_text(yaml, "ep.yaml", {});
}

// A prompt's prefill alone, as the engine times it with the analytic exchange.
IterationRecord analytic_prefill(const Scenario& s) {
  IterationEngine engine(*s.services.at(0).engine);
  engine.submit({0, 0.0, static_cast<int>(prompt_tokens), 1});
  return engine.step();
}

}  // namespace

TEST_CASE("expert parallelism's transfers alone on the links take the analytic exchange's time") {
  // 0.23 requests a second: a prompt's KV (0.5 s apart at most a few ms long) has left before the next prefill.
  const Scenario s = scenario(2e4, 300);
  const IterationRecord alone = analytic_prefill(s);
  const ExpertParallel& ep = *s.services.at(0).engine->expert_parallel;
  const double fabric_s = alone.exchange_fabric_bytes / ep.inter_server_bytes_per_s;
  const Capture run = run_scenario(s);
  const ServiceTotals& split = run.report.services.at(0).totals;
  INFO("TTFT p50 " << split.tokens.ttft_p50_s << " s against a prefill of " << alone.duration_s << " s, its fabric leg "
                   << fabric_s << " s; served " << split.served << " of " << split.arrived);
  REQUIRE(split.served > 10.0);
  // A prompt is prefilled alone: its time to first token is the iteration's, known within a bin of 1.16 %
  // (latency_histogram.hpp). SimGrid's default network model (LV08) gives a flow 97 % of a link, and each of the two
  // hosts' transfers shares its link with 5 % of the other's as reverse cross-traffic (network/crosstraffic): the
  // bytes take up to 1.05 / 0.97 - 1 = 8.2 % longer than over the bare links, and a latency crossing 13 times the
  // link's, microseconds.
  CHECK(split.tokens.ttft_p50_s >= alone.duration_s * (1.0 - 0.0116));
  CHECK(split.tokens.ttft_p50_s <= alone.duration_s * (1.0 + 0.0116) + 0.085 * fabric_s);
}

TEST_CASE("a prompt's KV cache leaving beside an exchange slows it by the time they share the link") {
  // 100 requests a second, above what the prefill replica serves: it prefills one prompt after another, and each
  // prompt's KV leaves as the next prompt's exchanges start, up the same host link as half of them.
  const Scenario s = scenario(8.64e6, 2);
  const IterationRecord alone = analytic_prefill(s);
  const ExpertParallel& ep = *s.services.at(0).engine->expert_parallel;
  const double host_bytes_per_s = ep.inter_server_bytes_per_s / 2.0;
  const double exchange_host_s = alone.exchange_fabric_bytes / 2.0 / host_bytes_per_s;  // each host's share
  const double kv_s = prompt_tokens * s.services.at(0).disaggregation->kv_bytes_per_token / host_bytes_per_s;
  REQUIRE(kv_s > exchange_host_s);
  const Capture run = run_scenario(s);
  const ServiceTotals& split = run.report.services.at(0).totals;
  // Sharing the link equally, the exchange's transfer from the first host moves at half its rate until it ends: the
  // fabric leg takes its time again. The analytic exchange would leave the replica prefilling duration / alone.
  const double shared_s = alone.duration_s + exchange_host_s;
  INFO("served " << split.served << " of " << split.arrived << "; prefill " << alone.duration_s << " s alone, exchange "
                 << exchange_host_s << " s per host, KV " << kv_s << " s, shared " << shared_s << " s");
  CHECK(split.served < 0.9 * duration_s / alone.duration_s);
  // Within SimGrid's 97 % of each link (LV08), and a few prompts in flight at the end.
  CHECK(split.served == Approx(duration_s / shared_s).epsilon(0.05));
}
