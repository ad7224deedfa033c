// The scenario loader: typed values in SI units, defaults from the schema, overrides, and a resolved scenario
// that loads back to the same values. Malformed files are covered end to end in tests/scenarios/.

#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/resolved_scenario.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

namespace {
const std::string minimal = R"(
scenario:
  name: minimal
  duration: 2 d
sites:
  - name: paris
    carbon_intensity: 57 g/kWh
clusters:
  - name: a100s
    accelerator: a100-sxm4-80gb
    servers: 16
workloads:
  - name: train
    type: training
    parameters: 7e9
    tokens: 1e11
    mfu: 40 %
)";
}  // namespace

TEST_CASE("quantities arrive in SI units and defaults come from the schema") {
  const Scenario scenario = load_scenario_text(minimal, "minimal.yaml");
  CHECK(scenario.info.duration_s == 2 * 86400.0);
  CHECK(scenario.info.sample_interval_s == 60.0);
  CHECK(scenario.info.start_epoch_s == 1704067200.0);  // 2024-01-01T00:00:00Z
  const SiteEnvironment& site = scenario.sites.at(0).environment;
  CHECK(site.constant_pue == 1.56);                            // Uptime 2024 average
  CHECK(site.onsite_wue_m3_per_j == Approx(0.55e-3 / 3.6e6));  // Li et al. US average
  CHECK(site.carbon_intensity_kg_per_j.is_constant());
  CHECK(site.carbon_intensity_kg_per_j.at(0.0) == Approx(0.057 / 3.6e6).epsilon(1e-15));
  const Cluster& cluster = scenario.clusters.at(0);
  CHECK(cluster.site == "paris");  // the only site
  CHECK(cluster.accelerators_per_server == 8);
  // The DGX A100's host curve: loaded = 6.5 kW x 8.4/10.2 - 8 x 400 W, idle half of it (models/power/catalog.cpp).
  CHECK(cluster.host_power.loaded_w == Approx(6500.0 * 8.4 / 10.2 - 8 * 400.0));
  CHECK(cluster.host_power.idle_w == Approx(cluster.host_power.loaded_w / 2));
  // The DGX A100's eight 200 Gb/s adapters, and the two-tier fabric's floor for its four 400 Gb/s worth.
  CHECK(cluster.network.bandwidth_bytes_per_s == 200e9);
  CHECK(cluster.network.fabric.floor_w_per_server == Approx(4 * (3 * 747.0 / 64 + 30.0)).epsilon(1e-12));
  CHECK(cluster.network.latency_s == Approx(2e-6));
  const TrainingJob& job = scenario.training_jobs.at(0);
  CHECK(job.cluster == "a100s");
  CHECK(job.flops == Approx(6 * 7e9 * 1e11));
  CHECK(job.accelerators == 128);  // the whole cluster
  CHECK(job.mfu == Approx(0.4));
}

TEST_CASE("overrides given with --set address list elements by name or index") {
  const Scenario scenario =
      load_scenario_text(minimal, "minimal.yaml",
                         {"clusters.a100s.servers=32", "sites.0.pue=1.1", "workloads.train.accelerators=64",
                          "scenario.seed=7", "clusters.a100s.network.latency=5 us"});
  CHECK(scenario.clusters.at(0).servers == 32);
  CHECK(scenario.sites.at(0).environment.constant_pue == 1.1);
  CHECK(scenario.training_jobs.at(0).accelerators == 64);
  CHECK(scenario.info.seed == 7);
  CHECK(scenario.clusters.at(0).network.latency_s == Approx(5e-6));
}

TEST_CASE("an override error names the override, not a line of the file") {
  try {
    load_scenario_text(minimal, "minimal.yaml", {"clusters.a100s.servers=many"});
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(e.location() == "--set clusters.a100s.servers=many");
    CHECK(e.key_path() == "clusters.a100s.servers");
  }
}

TEST_CASE("the resolved scenario loads back to the same values") {
  const Scenario original = load_scenario_text(minimal, "minimal.yaml", {"clusters.a100s.power_cap=300 W"});
  const std::string resolved = resolved_scenario_yaml(original);
  const Scenario again = load_scenario_text(resolved, "resolved.yaml");
  CHECK(again.info.duration_s == original.info.duration_s);
  // Carbon intensity is written in kg/kWh, readable by people: one unit conversion each way.
  CHECK(again.sites[0].environment.carbon_intensity_kg_per_j.at(0.0) ==
        Approx(original.sites[0].environment.carbon_intensity_kg_per_j.at(0.0)).epsilon(1e-15));
  CHECK(again.clusters[0].power_cap_w == original.clusters[0].power_cap_w);
  CHECK(again.clusters[0].host_power.idle_w == original.clusters[0].host_power.idle_w);
  CHECK(again.clusters[0].host_power.loaded_w == original.clusters[0].host_power.loaded_w);
  CHECK(again.training_jobs[0].flops == original.training_jobs[0].flops);
  CHECK(again.training_jobs[0].mfu == original.training_jobs[0].mfu);
}

TEST_CASE("a cluster given a catalog server takes its accelerator, count and host") {
  std::string yaml = minimal;
  const std::string from = "    accelerator: a100-sxm4-80gb\n";
  yaml.replace(yaml.find(from), from.size(), "    server: aws-p5-48xlarge\n");
  const Scenario scenario = load_scenario_text(yaml, "server.yaml");  // kept: the cluster below refers into it
  const Cluster& cluster = scenario.clusters.at(0);
  CHECK(cluster.accelerator.name == "h100-sxm");
  CHECK(cluster.accelerators_per_server == 8);
  CHECK(cluster.host_power.idle_w == Approx(1400.0));  // the DGX H100's host, models/power/catalog.cpp
  CHECK(cluster.host_power.loaded_w == Approx(2800.0));
}

TEST_CASE("a TPU cluster defaults to a board of 4 chips with its host") {
  std::string yaml = minimal;
  const std::string from = "    accelerator: a100-sxm4-80gb\n";
  yaml.replace(yaml.find(from), from.size(), "    accelerator: tpu-v3\n");
  const Scenario scenario = load_scenario_text(yaml, "tpu.yaml");  // kept: the cluster below refers into it
  const Cluster& cluster = scenario.clusters.at(0);
  CHECK(cluster.accelerators_per_server == 4);
  CHECK(cluster.host_power.loaded_w == Approx(find_server("tpu-v3-board")->host.loaded_w));
}

TEST_CASE("without a duration the run's end is estimated from the jobs' work spread over the cluster") {
  // 100 jobs of one 8-GPU server each on a 100-server cluster, each 1 h at 400 TFLOP/s per GPU, all submitted at 0:
  // they run side by side, so the estimate is the spread work (100 x 1 h x 1/100) plus the longest run, 2 h; the
  // runs one after the other would be 100 h.
  std::string yaml = R"(
scenario:
  name: many
sites:
  - name: s
    carbon_intensity: 57 g/kWh
clusters:
  - name: c
    accelerator: h100-sxm
    servers: 100
workloads:
)";
  for (int i = 0; i < 100; ++i) {
    yaml += "  - {name: j" + std::to_string(i) +
            ", type: training, flops: 1.152e19 FLOP, accelerators: 8, achieved_flop_rate: 400 TFLOP/s}\n";
  }
  const Scenario scenario = load_scenario_text(yaml, "many.yaml", {});
  CHECK(scenario.info.end_estimate_s == Approx(2.0 * 3600.0).epsilon(1e-9));
  const Scenario with_duration = load_scenario_text(yaml, "many.yaml", {"scenario.duration=5 h"});
  CHECK(with_duration.info.end_estimate_s == 5.0 * 3600.0);
}
