// Pipeline parallelism at iteration fidelity (`replicas.pipeline_stages`): Llama 3 70B on one DGX H100 in two stages
// of four GPUs beside the same replica tensor parallel over all eight, in one scenario (one simulation per process:
// docs/design.md section 9).
#include "../models/temp_file.hpp"
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
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

TEST_CASE("an autoscaler scales a pipeline-parallel service by whole replicas, as it scales tensor-parallel ones") {
  // Two hours of one trace, a request every 0.5 s and then every 0.0625 s, for both services: 1 to 4 replicas of 8
  // GPUs, two stages of 4 or tensor parallel over 8.
  std::string trace = "time\n";
  for (double t = 0.0; t < 3600.0; t += 0.5) trace += std::to_string(t) + "\n";
  for (double t = 3600.0; t < 7200.0; t += 0.0625) trace += std::to_string(t) + "\n";
  const TempFile file(trace, "arrivals.csv");
  std::string services = service_yaml("pipeline", ", pipeline_stages: 2") + service_yaml("tensor", "");
  for (std::size_t at = 0; (at = services.find("count: 1", at)) != std::string::npos;) {
    services.replace(at, 8, "min: 1, max: 4, scale_down_delay: 0 s");
  }
  for (std::size_t at = 0; (at = services.find("{requests_per_day: 2e5}", at)) != std::string::npos;) {
    services.replace(at, 23, "{trace: " + file.path() + "}");
  }
  const std::string yaml =
      "scenario: {name: pp, start: 2024-01-01T00:00:00Z, duration: 2 h, sample_interval: 1 h}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters:\n"
      "  - {name: pipeline, accelerator: h100-sxm, servers: 4}\n"
      "  - {name: tensor, accelerator: h100-sxm, servers: 4}\n"
      "workloads:\n" +
      services;
  const Scenario s = load_scenario_text(yaml, "pp.yaml", {});
  const InferenceService& pipeline = s.services.at(0);
  REQUIRE(pipeline.autoscale);
  CHECK(pipeline.min_replicas == 2);  // streams
  CHECK(pipeline.max_replicas == 8);
  const double capacity_per_s = pipeline.replica.capacity_per_s();
  const Capture run = run_scenario(s);
  const ServiceTotals& staged = run.report.services.at(0).totals;
  const ServiceTotals& flat = run.report.services.at(1).totals;
  const std::size_t serving_column = variable_index("serving_replicas");
  REQUIRE(run.rows.size() == 2);
  const double first_hour = run.rows[0].values[serving_column][0];  // the pipeline-parallel service's column
  const double second_hour = run.rows[1].values[serving_column][0];
  INFO("replica-hours " << staged.replica_hours << " staged, " << flat.replica_hours << " flat; serving " << first_hour
                        << " then " << second_hour << " replicas; capacity " << capacity_per_s
                        << " requests/s a replica");
  CHECK(staged.served == Approx(staged.arrived).epsilon(0.01));
  // Each hour's demand over 70 % of a replica's capacity, rounded up: the replicas serving most of the hour.
  CHECK(first_hour == Approx(std::ceil(2.0 / (0.7 * capacity_per_s))).epsilon(0.1));
  CHECK(second_hour == Approx(std::ceil(16.0 / (0.7 * capacity_per_s))).epsilon(0.1));
  // The same targets as the tensor-parallel service's, from the same arrivals and the same table.
  CHECK(staged.replica_hours == Approx(flat.replica_hours).epsilon(0.05));
}

TEST_CASE("a site controller curtails a pipeline-parallel service to its floor of whole replicas") {
  // An import limit from 2 h to 3 h that nothing meets: the controller curtails both services to their floor of 2 of
  // their 8 replicas of 8 GPUs, two stages of 4 or tensor parallel over 8.
  std::string services;
  for (const std::string& name : {std::string("pipeline"), std::string("tensor")}) {
    services += "  - name: " + name + "\n    type: inference\n    cluster: " + name +
                "\n    modality: text\n    fidelity: iteration\n"
                "    model: {parameters: 8e9, layers: 32, hidden_size: 4096, kv_heads: 8, head_dim: 128}\n"
                "    request: {prompt_tokens: 1000, output_tokens: 300}\n"
                "    arrivals: {requests_per_day: 1e6}\n"
                "    replicas: {accelerators: 8, count: 8, scaled_down: off" +
                std::string(name == "pipeline" ? ", pipeline_stages: 2" : "") +
                "}\n"
                "    flexibility: {floor: 2}\n";
  }
  const std::string yaml =
      "scenario: {name: pp, start: 2024-06-01T00:00:00Z, duration: 4 h, sample_interval: 5 min}\n"
      "sites:\n  - {name: s, pue: 1.2, carbon_intensity: 400 g/kWh,\n"
      "     connection: {events: [{start: 2024-06-01T02:00:00Z, duration: 1 h, limit: 1 kW}]}}\n"
      "clusters:\n"
      "  - {name: pipeline, site: s, accelerator: h100-sxm, servers: 8}\n"
      "  - {name: tensor, site: s, accelerator: h100-sxm, servers: 8}\n"
      "workloads:\n" +
      services;
  const Scenario s = load_scenario_text(yaml, "pp.yaml", {});
  CHECK(s.services.at(0).flexibility->floor_replicas == 4);  // streams
  const Capture run = run_scenario(s);
  const std::size_t serving_column = variable_index("serving_replicas");
  // In the event's first interval the replicas shed still finish the requests they hold.
  for (const Row& row : run.rows) {
    const double t0_s = row.time_s - 300.0;
    if (t0_s < 7200.0 + 300.0 || t0_s >= 10800.0) continue;
    INFO("interval from " << t0_s << " s");
    CHECK(row.values[serving_column][0] == 2.0);
    CHECK(row.values[serving_column][1] == 2.0);
  }
  for (std::size_t w = 0; w < 2; ++w) {
    const WorkloadTotals& totals = run.report.workloads.at(w);
    CHECK(totals.curtailments == 1.0);
    CHECK(totals.capped_s == Approx(3600.0).epsilon(1e-12));
    REQUIRE(totals.curtailed_spans.size() == 1);
    CHECK(totals.curtailed_spans[0].accelerators == 6.0 * 8.0);  // 6 replicas of 8 GPUs out of service
  }
}
