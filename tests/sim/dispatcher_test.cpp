// The server pool's dispatcher on the engine: queued jobs are records that start in EASY order without an actor
// each, services take servers from the same queue, and the loader's bound on actors (sim/scenario/actor_limit.hpp).
#include "run_capture.hpp"
#include "sim/scenario/actor_limit.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

// A job of `servers` DGX servers that runs `run_s` at 400 TFLOP/s per GPU, submitted at `start_s`.
std::string job(const std::string& name, int servers, double run_s, double start_s) {
  return "  - name: " + name + "\n    type: training\n    flops: " + std::to_string(run_s * servers * 8 * 400e12) +
         " FLOP\n    accelerators: " + std::to_string(servers * 8) +
         "\n    achieved_flop_rate: 400 TFLOP/s\n    start: " + std::to_string(start_s) + " s\n";
}
}  // namespace

TEST_CASE("two thousand queued one-server jobs on ten servers start in submission order ten at a time") {
  std::string yaml = h100_servers_without_workloads(10);
  for (int i = 0; i < 2000; ++i) yaml += job("j" + std::to_string(i), 1, 600.0 + 7.0 * (i % 5), 0.5 * i);
  const Capture capture = run_scenario(load_scenario_text(yaml, "jobs.yaml"));
  const auto& jobs = capture.report.workloads;
  REQUIRE(jobs.size() == 2000);
  for (std::size_t i = 1; i < jobs.size(); ++i) REQUIRE(jobs[i].started_s >= jobs[i - 1].started_s);
  // At every start, at most ten jobs hold servers.
  for (const auto& started : jobs) {
    const auto holding = std::count_if(jobs.begin(), jobs.end(), [&](const WorkloadTotals& other) {
      return other.started_s <= started.started_s && started.started_s < other.finished_s;
    });
    REQUIRE(holding <= 10);
  }
  CHECK(jobs.back().finished_s == capture.report.end_s);
}

TEST_CASE("a later job backfills only when it cannot delay the head of the queue") {
  // 4 servers: "first" holds 2 for 1000 s; "head" needs all 4; "short" (500 s) backfills beside "first", "long"
  // (5000 s) would delay "head" and waits behind it.
  const std::string yaml = h100_servers_without_workloads(4) + job("first", 2, 1000.0, 0.0) +
                           job("head", 4, 100.0, 10.0) + job("long", 1, 5000.0, 20.0) + job("short", 1, 500.0, 30.0);
  const Capture capture = run_scenario(load_scenario_text(yaml, "jobs.yaml"));
  const auto& jobs = capture.report.workloads;
  REQUIRE(jobs.size() == 4);
  CHECK(jobs[3].started_s == 30.0);
  CHECK(jobs[1].started_s == Approx(jobs[0].finished_s).epsilon(1e-12));
  CHECK(jobs[2].started_s == Approx(jobs[1].finished_s).epsilon(1e-12));
}

TEST_CASE("a service takes its servers from the same queue as training jobs") {
  // 4 servers for 10 h: the service holds 2 from 1 h to the horizon. "fits" (2 servers) starts at 0 and ends
  // before 1 h; "whole" needs all 4 and never starts: its reservation is the service's expected end, the horizon;
  // "half" (2 servers, 600 s) ends long before that and backfills at its submission.
  std::string yaml = h100_servers_without_workloads(4, "10 h") + job("fits", 2, 1800.0, 0.0) +
                     job("whole", 4, 600.0, 2 * 3600.0) + job("half", 2, 600.0, 3 * 3600.0) + R"(
  - name: chat
    type: inference
    cluster: c
    start: 1 h
    modality: text
    fidelity: fluid
    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 1000, output_tokens: 300}
    arrivals: {requests_per_day: 1e5}
    replicas: {accelerators: 8, count: 2}
)";
  const Capture capture = run_scenario(load_scenario_text(yaml, "jobs.yaml"));
  const auto& workloads = capture.report.workloads;
  REQUIRE(workloads.size() == 4);
  CHECK(workloads[0].started_s == 0.0);
  CHECK(workloads[0].finished_s == Approx(1800.0).epsilon(1e-12));
  CHECK_FALSE(workloads[1].started_s == workloads[1].started_s);  // NaN: never started
  CHECK(workloads[2].started_s == 3 * 3600.0);
  CHECK(workloads[1].queue_wait_s == Approx(8 * 3600.0).epsilon(1e-12));
  CHECK(workloads[3].accelerator_hours == Approx(16 * 9.0).epsilon(1e-12));  // 2 servers x 8 GPUs, 1 h to 10 h
}

TEST_CASE("the jobs that can run at once are as many of the smallest as the hosts hold") {
  std::string yaml = h100_servers_without_workloads(10, "1 d");
  for (int servers : {4, 1, 3, 1, 2, 5}) yaml += job("j" + std::to_string(yaml.size()), servers, 60.0, 0.0);
  const Scenario scenario = load_scenario_text(yaml, "jobs.yaml");
  CHECK(most_jobs_running_at_once(scenario, 0) == 4);  // 1 + 1 + 2 + 3 = 7 <= 10; adding 4 would make 11
}

TEST_CASE("a scenario that could need more actors than memory maps allow is refused with the number and the fix") {
  CHECK(actor_limit(65530) == 31765);
  std::string yaml = h100_servers_without_workloads(16, "1 d");
  for (int i = 0; i < 12; ++i) yaml += job("j" + std::to_string(i), 1, 60.0, 0.0);
  const Scenario scenario = load_scenario_text(yaml, "jobs.yaml");
  const YAML::Node clusters = YAML::Load(yaml)["clusters"];
  const YamlSource context("jobs.yaml");
  // 12 running jobs, one arrivals actor and the sampler: 14 actors; maps for 14 pass, for 13 do not.
  CHECK_NOTHROW(check_actor_limit(context, clusters, scenario, maps_outside_actors + 14 * maps_per_actor));
  try {
    check_actor_limit(context, clusters, scenario, maps_outside_actors + 13 * maps_per_actor);
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& error) {
    const std::string message = error.what();
    CHECK(error.key_path() == "clusters.c.servers");
    CHECK(error.location().rfind("jobs.yaml:", 0) == 0);
    CHECK(message.find("can run 12 training jobs at once") != std::string::npos);
    CHECK(message.find("makes 14, more than the 13 actors") != std::string::npos);
    CHECK(message.find("sysctl -w vm.max_map_count=2029") != std::string::npos);
  }
}
