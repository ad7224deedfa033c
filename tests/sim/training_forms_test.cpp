// A training job's size as users report it: FLOPs or 6 N D with an mfu, or its run as accelerator-hours, as a
// wall-clock time on its accelerators, or as tokens at a measured throughput; and the precision its mfu refers to.
// Each form must give the run it states, and the resolved scenario must run again to the same job.

#include "models/workload/training_cost.hpp"
#include "sim/scenario/resolved_scenario.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;

namespace {

const std::string head = R"(
scenario: {name: forms, start: 2024-06-01T00:00:00Z}
sites: [{name: iowa, pue: 1.1, carbon_intensity: 352 g/kWh}]
clusters: [{name: pod, site: iowa, accelerator: h100-sxm, servers: 4, accelerators_per_server: 8}]
workloads:
)";

constexpr double h100_bf16_peak = 989e12;  // the catalog's dense BF16 peak (docs/references.md RC-23)

TrainingJob job_of(const std::string& workload) {
  const Scenario scenario = load_scenario_text(head + "  - " + workload + "\n", "forms.yaml");
  REQUIRE(scenario.training_jobs.size() == 1);
  return scenario.training_jobs.front();
}

// The job's run at full speed on its accelerators, as the simulator computes it.
double run_s(const TrainingJob& job) {
  return training_duration_s(job.flops, static_cast<double>(job.accelerators), h100_bf16_peak * job.precision_speedup,
                             job.mfu);
}

std::string refusal(const std::string& workload) {
  try {
    job_of(workload);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("accelerator-hours and a wall-clock time give the run they state, with no mfu needed") {
  const TrainingJob hours = job_of("{name: j, type: training, accelerator_hours: 320 h, accelerators: 32}");
  CHECK(run_s(hours) == Approx(10 * 3600.0).epsilon(1e-12));
  CHECK(hours.mfu == 1.0);
  const TrainingJob wall = job_of("{name: j, type: training, run_time: 14.8 d, accelerators: 16}");
  CHECK(run_s(wall) == Approx(14.8 * 86400.0).epsilon(1e-12));
}

TEST_CASE("tokens at a measured throughput give the run, and with parameters the mfu of 6 N D over it") {
  const TrainingJob tps =
      job_of("{name: j, type: training, parameters: 7e9, tokens: 1e10, tokens_per_second: 5e5, accelerators: 32}");
  CHECK(run_s(tps) == Approx(1e10 / 5e5).epsilon(1e-12));
  CHECK(tps.flops == 6.0 * 7e9 * 1e10);
  CHECK(tps.mfu == Approx(6.0 * 7e9 * 1e10 / (1e10 / 5e5 * 32 * h100_bf16_peak)).epsilon(1e-12));
  const TrainingJob tokens_only =
      job_of("{name: j, type: training, tokens: 1e10, tokens_per_second: 5e5, accelerators: 32}");
  CHECK(run_s(tokens_only) == Approx(20000.0).epsilon(1e-12));
}

TEST_CASE("the resolved scenario runs a time-given job again to the same run") {
  const Scenario scenario = load_scenario_text(
      head + "  - {name: j, type: training, accelerator_hours: 320 h, accelerators: 32}\n", "f.yaml");
  const Scenario again = load_scenario_text(resolved_scenario_yaml(scenario), "resolved.yaml");
  CHECK(run_s(again.training_jobs.front()) == Approx(run_s(scenario.training_jobs.front())).epsilon(1e-12));
  CHECK(again.training_jobs.front().precision == "bf16");
}

TEST_CASE("an mfu at a precision refers to that precision's peak") {
  const TrainingJob fp16 = job_of("{name: j, type: training, flops: 1e21 FLOP, mfu: 0.3, precision: fp16}");
  const TrainingJob bf16 = job_of("{name: j, type: training, flops: 1e21 FLOP, mfu: 0.3}");
  CHECK(fp16.precision_speedup == 1.0);  // the catalog's 16-bit peak is both formats'
  CHECK(run_s(fp16) == run_s(bf16));
  // H100 SXM: 1,979 TFLOP/s dense at FP8 against 989 at BF16 (the vendor datasheet's figures, halved for density).
  const TrainingJob fp8 = job_of("{name: j, type: training, flops: 1e21 FLOP, mfu: 0.3, precision: fp8}");
  CHECK(fp8.precision_speedup == Approx(1979.0 / 989.0).epsilon(1e-12));
  CHECK(run_s(fp8) == Approx(run_s(bf16) * 989.0 / 1979.0).epsilon(1e-12));
  CHECK_THAT(refusal("{name: j, type: training, flops: 1e21 FLOP, mfu: 0.3, precision: fp4}"),
             Catch::Contains("workloads.j.precision: the catalog has no fp4 peak for h100-sxm (expected one of: bf16, "
                             "fp16, fp8, tf32, fp32, fp64)"));
}

TEST_CASE("a training job's size forms are refused where they conflict or fall short, at their key") {
  CHECK_THAT(refusal("{name: j, type: training, accelerator_hours: 320 h, run_time: 10 h}"),
             Catch::Contains("workloads.j.run_time: conflicts with another measure of the job's run"));
  CHECK_THAT(refusal("{name: j, type: training, run_time: 10 h, mfu: 0.4}"),
             Catch::Contains("workloads.j.mfu: conflicts with run_time"));
  CHECK_THAT(refusal("{name: j, type: training, tokens_per_second: 5e5}"),
             Catch::Contains("workloads.j.tokens: missing: tokens_per_second needs the job's tokens"));
  CHECK_THAT(refusal("{name: j, type: training, tokens: 1e10, tokens_per_second: 0}"),
             Catch::Contains("workloads.j.tokens_per_second: '0' is not positive"));
  // 6 N D FLOPs in less time than the peak allows: an mfu above 1.
  CHECK_THAT(refusal("{name: j, type: training, parameters: 7e10, tokens: 1e12, run_time: 1 h, accelerators: 8}"),
             Catch::Contains("workloads.j.run_time:") && Catch::Contains("(expected at most 1"));
  CHECK_THAT(refusal("{name: j, type: training, tokens: 1e10, mfu: 0.4}"),
             Catch::Contains("workloads.j.parameters: missing required key: parameters and tokens go together"));
  CHECK_THAT(refusal("{name: j, type: training, mfu: 0.4}"),
             Catch::Contains("workloads.j.flops: missing required key (expected flops, parameters and tokens, "
                             "accelerator_hours, run_time, or tokens and tokens_per_second)"));
  CHECK_THAT(refusal("{name: j, type: training, flops: 1e21 FLOP, mfu: 0.3, precision: bf61}"),
             Catch::Contains("workloads.j.precision: unknown precision 'bf61' (did you mean 'bf16'?)"));
}
