// Image and video requests of their own sizes at request fidelity (models/workload/sized_diffusion_work.hpp). Each
// scenario holds its services side by side, each on its own cluster with its own arrival stream (one simulation per
// process: docs/design.md section 9):
//   images   28 steps, or steps drawn from a gamma of cv 0.5;
//   clips    the mean clip (81 frames at 480 x 832) at request fidelity; frames gamma (cv 0.5) and the height 480 or
//            720 (2 : 1) drawn per clip, at request fidelity and at batch fidelity.
#include "run_capture.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double frames_per_s = 16.0;  // Wan2.1's, the `fps` default

// One service on its own cluster of the same name.
std::string service_yaml(const std::string& name, const std::string& fidelity, const std::string& body, double per_day,
                         const std::string& replicas) {
  return "  - name: " + name + "\n    type: inference\n    cluster: " + name + "\n    fidelity: " + fidelity + "\n" +
         body + "    arrivals: {requests_per_day: " + std::to_string(per_day) + "}\n    replicas: " + replicas + "\n";
}

// The services, each with its own cluster of one H100 server.
std::string scenario_yaml(double duration_s, const std::vector<std::string>& names, const std::string& services) {
  std::string clusters;
  for (const auto& name : names) clusters += "  - {name: " + name + ", accelerator: h100-sxm, servers: 1}\n";
  return "scenario: {name: sized, start: 2024-01-01T00:00:00Z, duration: " + std::to_string(std::ceil(duration_s)) +
         " s, sample_interval: 1 h}\nsites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\nclusters:\n" +
         clusters + "workloads:\n" + services;
}

std::string image_scenario_yaml(double per_day, double duration_s) {
  const std::string image =
      "    modality: image\n    model: {parameters: 12e9, layers: 57, hidden_size: 3072}\n"
      "    request:\n      height: 1024\n      width: 1024\n      steps: 28\n"
      "      passes_per_step: 1\n";
  const std::string replicas = "{accelerators: 1, count: 8, max_batch: 4}";
  return scenario_yaml(
      duration_s, {"fixed", "drawn"},
      service_yaml("fixed", "request", image, per_day, replicas) +
          service_yaml("drawn", "request", image + "      sizes: {steps: {distribution: gamma, cv: 0.5}}\n", per_day,
                       replicas));
}

std::string video_scenario_yaml(double per_day, double duration_s) {
  // WAN2.1-T2V-1.3B's official shape (docs/references.md RC-31).
  const std::string clip =
      "    modality: video\n"
      "    model: {parameters: 1.3e9, layers: 30, hidden_size: 1536, ffn_size: 8960, "
      "text_tokens: 512}\n"
      "    request:\n      height: 480\n      width: 832\n      frames: 81\n      steps: 50\n";
  const std::string sizes =
      "      sizes:\n"
      "        frames: {distribution: gamma, cv: 0.5, max: 400}\n"
      "        height: {distribution: histogram, edges: [480, 481, 720, 721], weights: [2, 0, 1]}\n";
  const std::string replicas = "{accelerators: 1, count: 8}";
  return scenario_yaml(duration_s, {"mean", "sized", "batch"},
                       service_yaml("mean", "request", clip, per_day, replicas) +
                           service_yaml("sized", "request", clip + sizes, per_day, replicas) +
                           service_yaml("batch", "batch", clip + sizes, per_day, replicas));
}

}  // namespace

TEST_CASE("clips of their own frames and resolution serve their mean FLOPs at request and batch fidelity") {
  const Scenario probe = load_scenario_text(video_scenario_yaml(1.0, 3600.0), "probe.yaml", {});
  const InferenceService& mean = probe.services.at(0);
  const InferenceService& sized = probe.services.at(1);
  REQUIRE(sized.sizes.diffusion_work);
  CHECK_FALSE(mean.sizes.diffusion_work);
  // The table serves the mean FLOPs, which self-attention raises above the mean clip's (h is 560 on average and the
  // mean frames stay 81): its single-clip time is theirs over the mean clip's.
  const double mean_clip_flop = sized.sizes.diffusion_work->flop({50.0, 560.0, 832.0, sized.sizes.frames->mean()});
  const double flop_ratio = sized.sizes.mean_diffusion_flop / mean_clip_flop;
  CHECK(flop_ratio > 1.1);
  CHECK(sized.replica.latency_at(1.0) / mean.replica.latency_at(1.0) ==
        Approx(sized.sizes.mean_diffusion_flop / sized.sizes.diffusion_work->flop({50.0, 480.0, 832.0, 81.0}))
            .epsilon(1e-9));
  CHECK(probe.services.at(2).replica.latency_at(1.0) == Approx(sized.replica.latency_at(1.0)).epsilon(1e-12));
  CHECK(sized.output.video_s == Approx(sized.sizes.frames->mean() / frames_per_s).epsilon(1e-12));

  // Half of the sized service's capacity, about 8,000 clips each.
  const double rate_per_s = 0.5 * sized.replica.capacity_per_s() * 8.0;
  const double duration_s = std::ceil(8000.0 / rate_per_s);
  const Capture run =
      run_scenario(load_scenario_text(video_scenario_yaml(rate_per_s * 86400.0, duration_s), "clips.yaml", {}));
  const ServiceTotals& fixed = run.report.services.at(0).totals;
  const ServiceTotals& drawn = run.report.services.at(1).totals;
  const ServiceTotals& batch = run.report.services.at(2).totals;
  const double drawn_j = run.report.clusters.at(1).accelerator_energy_j / drawn.served;
  const double batch_j = run.report.clusters.at(2).accelerator_energy_j / batch.served;
  INFO("mean FLOPs over the mean clip's " << flop_ratio << ", over the 480 px clip's "
                                          << sized.replica.latency_at(1.0) / mean.replica.latency_at(1.0));
  INFO("served " << fixed.served << ", " << drawn.served << ", " << batch.served << "; busy " << fixed.busy_fraction
                 << ", " << drawn.busy_fraction << ", " << batch.busy_fraction << "; J per clip " << drawn_j << ", "
                 << batch_j << "; p99 " << fixed.latency_p99_s << ", " << drawn.latency_p99_s << " s");
  // Request fidelity's clips cost their mean FLOPs on average: the busy share and energy per clip of batch fidelity,
  // within the sample's noise (the clips' FLOPs have a cv near 0.8: 0.9 % over 8,000) and the arrivals' (1 %).
  CHECK(drawn.busy_fraction / drawn.arrived == Approx(batch.busy_fraction / batch.arrived).epsilon(0.03));
  CHECK(drawn_j == Approx(batch_j).epsilon(0.03));
  // Each clip's own seconds are counted at request fidelity; batch fidelity counts the mean clip's.
  CHECK(drawn.video_s_served / drawn.served == Approx(sized.output.video_s).epsilon(0.02));
  CHECK(drawn.video_s_served != Approx(drawn.served * sized.output.video_s).epsilon(1e-9));
  CHECK(batch.video_s_served == Approx(batch.served * sized.output.video_s).epsilon(1e-12));
  // The spread shows in the latencies: the mean clip's service is far less loaded, and its clips do not vary.
  CHECK(drawn.latency_p99_s > 1.5 * fixed.latency_p99_s);
  // And in the energy per clip, each run alone at the replica's power: on average the table's single clip's, spread
  // as the clips' FLOPs; one value for the mean clip (within a histogram bin, 1.2 %); unresolved at batch fidelity.
  const double table_clip_j =
      sized.replica.latency_at(1.0) * sized.replica.accelerators * sized.replica.accelerator_power_at(1.0);
  INFO("J per clip mean " << drawn.tokens.energy_mean_j << ", p50 " << drawn.tokens.energy_p50_j << ", p99 "
                          << drawn.tokens.energy_p99_j << "; the table's " << table_clip_j);
  CHECK(drawn.tokens.energy_mean_j == Approx(table_clip_j).epsilon(0.03));
  CHECK(drawn.tokens.energy_p99_j > 2.0 * drawn.tokens.energy_p50_j);
  CHECK(fixed.tokens.energy_p99_j == Approx(fixed.tokens.energy_p50_j).epsilon(0.013));
  CHECK(std::isnan(batch.tokens.energy_mean_j));
}

TEST_CASE("images of their own steps at request fidelity serve the mean image's work and energy, spread in latency") {
  const Scenario probe = load_scenario_text(image_scenario_yaml(1.0, 3600.0), "probe.yaml", {});
  const ReplicaService& table = probe.services.at(0).replica;
  REQUIRE(probe.services.at(1).sizes.steps);
  CHECK(probe.services.at(1).sizes.steps->mean() == Approx(28.0).epsilon(0.01));
  REQUIRE(probe.services.at(1).sizes.diffusion_work);
  const double rate_per_s = 0.5 * table.capacity_per_s() * 8.0;
  const double duration_s = std::ceil(8000.0 / rate_per_s);
  const Capture run =
      run_scenario(load_scenario_text(image_scenario_yaml(rate_per_s * 86400.0, duration_s), "s.yaml", {}));
  const ServiceTotals& fixed = run.report.services.at(0).totals;
  const ServiceTotals& drawn = run.report.services.at(1).totals;
  INFO("fixed: " << fixed.served << " served, busy " << fixed.busy_fraction << ", p99 " << fixed.latency_p99_s
                 << " s; drawn: " << drawn.served << ", busy " << drawn.busy_fraction << ", p99 " << drawn.latency_p99_s
                 << " s");
  // A serial replica is busy rate x mean time whatever the spread (work conservation): the same busy share and
  // accelerator energy per request, within the arrival streams' noise (about 1 % over 8,000 requests).
  CHECK(drawn.busy_fraction == Approx(fixed.busy_fraction * drawn.arrived / fixed.arrived).epsilon(0.03));
  const double fixed_j = run.report.clusters.at(0).accelerator_energy_j / fixed.served;
  const double drawn_j = run.report.clusters.at(1).accelerator_energy_j / drawn.served;
  CHECK(drawn_j == Approx(fixed_j).epsilon(0.02));
  CHECK(drawn.latency_p99_s > 1.3 * fixed.latency_p99_s);
}
