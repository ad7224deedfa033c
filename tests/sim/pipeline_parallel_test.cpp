// Pipeline parallelism at iteration fidelity (`replicas.pipeline_stages`): Llama 3 70B on one DGX H100 in two stages
// of four GPUs beside the same replica tensor parallel over all eight, in one scenario (one simulation per process:
// docs/design.md section 9).
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

std::string service_yaml(const std::string& name, const std::string& replicas) {
  return "  - name: " + name + "\n    type: inference\n    cluster: " + name +
         "\n    modality: text\n    fidelity: iteration\n"
         "    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}\n"
         "    request: {prompt_tokens: 1000, output_tokens: 300}\n"
         "    arrivals: {requests_per_day: 2e5}\n"
         "    replicas: {accelerators: 8, count: 1, max_batch: 64" +
         replicas + "}\n";
}

}  // namespace

TEST_CASE("a pipeline-parallel replica runs as micro-batch streams of a stage's GPUs, reported as one replica") {
  const std::string yaml =
      "scenario: {name: pp, start: 2024-01-01T00:00:00Z, duration: 30 min, sample_interval: 10 min}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters:\n"
      "  - {name: pipeline, accelerator: h100-sxm, servers: 1}\n"
      "  - {name: tensor, accelerator: h100-sxm, servers: 1}\n"
      "workloads:\n" +
      service_yaml("pipeline", ", pipeline_stages: 2") + service_yaml("tensor", "");
  const Scenario s = load_scenario_text(yaml, "pp.yaml", {});
  const InferenceService& pipeline = s.services.at(0);
  CHECK(pipeline.pipeline_stages == 2);
  CHECK(pipeline.max_replicas == 2);  // two streams
  CHECK(pipeline.replica.accelerators == 4);
  CHECK(pipeline.replicas_per_host == 2);
  CHECK(pipeline.engine->max_num_seqs == 32);  // each stream holds half of max_batch
  CHECK(pipeline.engine->pipeline_hops.intra_server == 1);
  const Capture run = run_scenario(s);
  const ServiceTotals& staged = run.report.services.at(0).totals;
  const ServiceTotals& flat = run.report.services.at(1).totals;
  INFO("pipeline: " << staged.served << " of " << staged.arrived << ", TPOT p50 " << staged.tokens.tpot_p50_s
                    << " s; tensor: " << flat.served << ", TPOT p50 " << flat.tokens.tpot_p50_s << " s");
  // Reported as the scenario's one replica, for the whole run, on its 8 GPUs.
  CHECK(staged.replica_hours == Approx(0.5));
  CHECK(run.report.clusters.at(0).accelerators == 8.0);
  // Below capacity both serve their demand.
  CHECK(staged.served == Approx(staged.arrived).epsilon(0.01));
  CHECK(flat.served == Approx(flat.arrived).epsilon(0.01));
  // A token passes both stages in turn, each on 4 GPUs: about the time of the whole model on 4 GPUs, near twice that
  // of 8 tensor-parallel ones (both lose the tensor-parallel efficiency of 0.9).
  CHECK(staged.tokens.tpot_p50_s > 1.5 * flat.tokens.tpot_p50_s);
  CHECK(staged.tokens.tpot_p50_s < 2.5 * flat.tokens.tpot_p50_s);
}
