// Value lists, sampling, metric expressions and Slurm syntax of sweeps: the pure parts, without files or runs.

#include "sim/app/sweep/sweep_values.hpp"
#include "sim/app/sweep/sweep_metric.hpp"
#include "sim/app/sweep/sweep_sampling.hpp"
#include "sim/app/sweep/sweep_slurm.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>

using namespace terawatt;

TEST_CASE("a range includes its end when it lands on a step, even after 0.1-steps") {
  CHECK(range_values(300, 700, 100) == std::vector<double>{300, 400, 500, 600, 700});
  CHECK(range_values(300, 750, 100) == std::vector<double>{300, 400, 500, 600, 700});
  CHECK(range_values(1.0, 1.3, 0.1).size() == 4);
  CHECK(range_values(5, 1, -2) == std::vector<double>{5, 3, 1});
  CHECK(range_values(1, 1, 1) == std::vector<double>{1});
  CHECK_THROWS_AS(range_values(1, 5, 0), std::invalid_argument);
  CHECK_THROWS_AS(range_values(1, 5, -1), std::invalid_argument);
  CHECK_THROWS_AS(range_values(0, 1e9, 1), std::invalid_argument);  // more points than a sweep may have
}

TEST_CASE("linspace and logspace include both ends exactly") {
  CHECK(linspace_values(8, 64, 8) == std::vector<double>{8, 16, 24, 32, 40, 48, 56, 64});
  const auto log = logspace_values(1e10, 1e12, 3);
  REQUIRE(log.size() == 3);
  CHECK(log[0] == 1e10);
  CHECK(log[1] == Approx(1e11).epsilon(1e-12));
  CHECK(log[2] == 1e12);
  CHECK(linspace_values(2, 2, 1) == std::vector<double>{2});
  CHECK_THROWS_AS(linspace_values(1, 2, 0), std::invalid_argument);
  CHECK_THROWS_AS(linspace_values(1, 2, 1), std::invalid_argument);
  CHECK_THROWS_AS(logspace_values(0, 2, 3), std::invalid_argument);
}

TEST_CASE("generated values are written back in the unit the user wrote") {
  const auto watts = read_sweep_quantity("300 W");
  REQUIRE(watts);
  CHECK(watts->dimension == Dimension::power);
  CHECK(format_in_unit(450.0, *watts, 12) == "450 W");
  const auto kilowatts = read_sweep_quantity("0.3 kW");
  REQUIRE(kilowatts);
  CHECK(kilowatts->si == 300.0);
  CHECK(format_in_unit(450.0, *kilowatts, 12) == "0.45 kW");
  const auto percent = read_sweep_quantity("40 %");
  REQUIRE(percent);
  CHECK(percent->si == Approx(0.4));
  CHECK(format_in_unit(0.375, *percent, 12) == "37.5 %");
  const auto bare = read_sweep_quantity("1.1");
  REQUIRE(bare);
  CHECK(bare->unit.empty());
  CHECK(format_in_unit(1.0 + 0.1 + 0.1, *bare, 12) == "1.2");  // no floating-point noise in a point's name
  const auto kelvin = read_sweep_quantity("300 K");
  REQUIRE(kelvin);
  CHECK(format_in_unit(kelvin->si, *kelvin, 12) == "300 K");
  CHECK_FALSE(read_sweep_quantity("h100-sxm"));
  CHECK_FALSE(read_sweep_quantity("300 Watts"));
  CHECK_FALSE(read_sweep_quantity("2024-06-01T00:00:00Z"));
}

TEST_CASE("the sampling stream is the same on every platform") {
  // std::mt19937_64 is fully specified; these are its first outputs for seed 1, turned into [0, 1) as documented.
  SweepRandom random(1);
  CHECK(random.uniform() == static_cast<double>(2469588189546311528ULL >> 11) * 0x1.0p-53);
  CHECK(random.uniform() == static_cast<double>(2516265689700432462ULL >> 11) * 0x1.0p-53);
  const auto a = unit_samples(SamplingMethod::latin_hypercube, 10, 3, 42);
  const auto b = unit_samples(SamplingMethod::latin_hypercube, 10, 3, 42);
  const auto c = unit_samples(SamplingMethod::latin_hypercube, 10, 3, 43);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("a Latin hypercube hits each of its n strata exactly once in every dimension") {
  for (const std::size_t n : {1u, 2u, 7u, 16u, 100u}) {
    const auto samples = unit_samples(SamplingMethod::latin_hypercube, n, 4, 7);
    REQUIRE(samples.size() == n);
    for (std::size_t d = 0; d < 4; ++d) {
      std::set<std::size_t> strata;
      for (const auto& point : samples) {
        REQUIRE(point[d] >= 0.0);
        REQUIRE(point[d] < 1.0);
        strata.insert(static_cast<std::size_t>(point[d] * static_cast<double>(n)));
      }
      INFO("n = " << n << ", dimension " << d);
      CHECK(strata.size() == n);
    }
  }
}

TEST_CASE("random samples are uniform draws from 0 up to 1") {
  const auto samples = unit_samples(SamplingMethod::random, 2000, 2, 3);
  double sum = 0.0;
  for (const auto& point : samples) {
    for (double u : point) {
      REQUIRE(u >= 0.0);
      REQUIRE(u < 1.0);
      sum += u;
    }
  }
  CHECK(sum / 4000.0 == Approx(0.5).margin(0.02));
}

TEST_CASE("unbiased integers below n") {
  SweepRandom random(5);
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 3000; ++i) ++counts[random.below(3)];
  for (int count : counts) CHECK(count == Approx(1000).margin(100));
  CHECK(random.below(1) == 0);
}

TEST_CASE("metric expressions name a variable, a label or a reduction, and their column") {
  const MetricSpec bare = parse_metric("facility_energy");
  CHECK(bare.variable == "facility_energy");
  CHECK(bare.column == "facility_energy");
  CHECK(bare.reducer.empty());
  const MetricSpec selected = parse_metric("workload_emissions[workload=llm-7b]");
  CHECK(selected.variable == "workload_emissions");
  CHECK(selected.dimension == "workload");
  CHECK(selected.label == "llm-7b");
  CHECK(selected.column == "workload_emissions.llm-7b");
  const MetricSpec reduced = parse_metric("max(end_time)");
  CHECK(reduced.reducer == "max");
  CHECK(reduced.column == "end_time.max");
  for (const char* bad : {"", "energy[", "energy[site]", "median(x)", "max(x[site=a])", "1energy", "a b"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_metric(bad), std::invalid_argument);
  }
}

TEST_CASE("Slurm time and memory: quantities or Slurm's own syntax") {
  CHECK(slurm_time_text("30 min") == "0:30:00");
  CHECK(slurm_time_text("90 s") == "0:02:00");  // rounded up to whole minutes
  CHECK(slurm_time_text("2 h") == "2:00:00");
  CHECK(slurm_time_text("1.5 d") == "1-12:00:00");
  CHECK(slurm_time_text("01:00:00") == "01:00:00");
  CHECK(slurm_time_text("2-12") == "2-12");
  CHECK(slurm_time_text("30") == "30");
  CHECK_THROWS_AS(slurm_time_text("30 W"), std::invalid_argument);
  CHECK_THROWS_AS(slurm_time_text("soon"), std::invalid_argument);
  CHECK_THROWS_AS(slurm_time_text("0 s"), std::invalid_argument);
  CHECK(slurm_mem_text("2 GiB") == "2048M");
  CHECK(slurm_mem_text("1 GB") == "954M");
  CHECK(slurm_mem_text("2G") == "2G");
  CHECK(slurm_mem_text("4096") == "4096");
  CHECK_THROWS_AS(slurm_mem_text("2 GW"), std::invalid_argument);
  CHECK_THROWS_AS(slurm_mem_text("lots"), std::invalid_argument);
}

TEST_CASE("a Slurm array lists the pending points as ranges") {
  CHECK(slurm_array_spec({0, 1, 2, 3, 4, 5, 6, 7}, 4) == "0-7%4");
  CHECK(slurm_array_spec({9, 3, 4, 5, 0}, std::nullopt) == "0,3-5,9");
  CHECK(slurm_array_spec({2}, std::nullopt) == "2");
}

namespace {
// A sweep whose program, sweep file and output folder are on a shared file system, as on a cluster.
SlurmScriptInputs demo_inputs(std::vector<std::size_t> indices) {
  SlurmScriptInputs inputs;
  inputs.sweep_name = "demo";
  inputs.terawatt_path = "/opt/terawatt/bin/terawatt";
  inputs.sweep_file = "/home/me/demo.yaml";
  inputs.output_dir = "/scratch/me/demo";
  inputs.indices = std::move(indices);
  return inputs;
}
}  // namespace

TEST_CASE("the sbatch script runs one point per task and logs where the sweep lives") {
  SlurmScriptInputs inputs = demo_inputs({0, 1, 2, 5});
  inputs.settings.throttle = 2;
  inputs.settings.time = "0:30:00";
  inputs.settings.mem = "2G";
  inputs.settings.partition = "short";
  inputs.settings.options = {"--qos=low"};
  const std::string script = sbatch_script(inputs);
  for (const char* line : {"#!/bin/bash\n", "#SBATCH --job-name=demo\n", "#SBATCH --array=0-2,5%2\n",
                           "#SBATCH --time=0:30:00\n", "#SBATCH --mem=2G\n", "#SBATCH --partition=short\n",
                           "#SBATCH --output=/scratch/me/demo/logs/%A_%a.out\n", "#SBATCH --qos=low\n",
                           // One line of the script, in two literals: NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
                           "exec '/opt/terawatt/bin/terawatt' sweep '/home/me/demo.yaml' -o '/scratch/me/demo' "
                           "--index \"$SLURM_ARRAY_TASK_ID\"\n"}) {
    INFO(line);
    CHECK(script.find(line) != std::string::npos);
  }
  // sbatch reads #SBATCH lines only before the first command.
  CHECK(script.find("#SBATCH") < script.find("exec "));
  inputs.output_dir = "/scratch/my sweep";
  CHECK_THROWS_AS(sbatch_script(inputs), std::invalid_argument);
}

TEST_CASE("the sbatch script of bundled tasks runs --task") {
  SlurmScriptInputs inputs = demo_inputs({0, 1, 2});
  inputs.points_per_task = 4;
  const std::string script = sbatch_script(inputs);
  CHECK(script.find("#SBATCH --array=0-2\n") != std::string::npos);
  CHECK(script.find("-o '/scratch/me/demo' --task \"$SLURM_ARRAY_TASK_ID\"\n") != std::string::npos);
  CHECK(script.find("one array task per 4 points") != std::string::npos);
}
