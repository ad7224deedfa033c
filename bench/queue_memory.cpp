// Memory per queued training job: the heap its records take, from the scenario's to the dispatcher's, without the
// scenario file's parse tree (yaml-cpp's nodes, freed before the simulation starts).
//
// Usage: queue_memory [JOBS]   (default 100,000)
//
// One cluster of one DGX H100 server; JOBS one-server jobs of 60 s each, all released at 0. Heap in use (glibc's
// mallinfo2: bytes handed out and not freed, large blocks included) is read three times: before the jobs exist; once
// their scenario records (TrainingJob, as the loaded scenario holds them) and their workloads (TrainingRun, submitted
// to the pool) are made; and 30 simulated seconds in, when the first job runs and every other one waits in the EASY
// queue. The output's per-job series (the sampler's, written as the run goes) are left out: they grow with the run, not
// with the queue. Prints bytes per job for each step.

#include "sim/engine/platform.hpp"
#include "sim/engine/server_pool.hpp"
#include "sim/engine/workloads/workload.hpp"
#include "sim/engine/workloads/workload_registry.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <malloc.h>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

// One DGX H100 server and a one-server job of 60 s at MFU 0.4 (8 x 989e12 FLOP/s x 0.4 x 60 s).
const char* const kScenario = R"(
scenario: {name: queue-memory, start: 2025-01-01T00:00:00Z, sample_interval: 1 min}
sites: [{name: s, pue: 1.1, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: h100-sxm, servers: 1}]
workloads: [{name: job, type: training, flops: 1.89888e17 FLOP, accelerators: 8, mfu: 0.4}]
)";

// Bytes handed out by malloc and not freed: from its arenas, and in blocks of their own (mmap, for large ones).
std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

int run(long jobs) {
  namespace sg4 = simgrid::s4u;
  int argc = 1;
  char name[] = "queue_memory";
  char* argv[] = {name, nullptr};
  sg4::Engine engine(&argc, argv);
  terawatt::Scenario scenario = terawatt::load_scenario_text(kScenario, "queue-memory.yaml", {});
  terawatt::Platform platform;
  terawatt::build_platform(scenario, terawatt::workload_platform_needs(scenario), platform);
  std::vector<std::unique_ptr<terawatt::ServerPool>> pools;
  pools.push_back(std::make_unique<terawatt::ServerPool>(platform.clusters.at(0).hosts));
  terawatt::ServerPool& pool = *pools.front();

  // As the simulation makes them (sim/simulate/simulation.cpp): the scenario's job records, then one workload each,
  // launched (submitted to the pool).
  const std::size_t before = heap_in_use();
  const terawatt::TrainingJob model = scenario.training_jobs.at(0);
  scenario.training_jobs.assign(static_cast<std::size_t>(jobs), model);
  for (long i = 0; i < jobs; ++i) scenario.training_jobs[static_cast<std::size_t>(i)].name = "job-" + std::to_string(i);
  const std::size_t with_records = heap_in_use();
  const std::vector<std::unique_ptr<terawatt::Workload>> workloads = terawatt::create_workloads(scenario, platform);
  std::vector<std::optional<terawatt::SiteSupplyOperator>> supply(scenario.sites.size());
  terawatt::SiteController controller(scenario, platform, supply, [](double) {});
  const terawatt::LaunchContext launch{scenario, platform, pools, true, controller};
  pool.launch(platform.control_host, true);
  for (const auto& workload : workloads) workload->launch(launch);
  const std::size_t submitted = heap_in_use();

  std::size_t queued_heap = 0;
  std::size_t queued_jobs = 0;
  sg4::Actor::create("probe", platform.control_host, [&] {
    sg4::this_actor::sleep_for(30.0);
    queued_heap = heap_in_use();
    queued_jobs = pool.queued();
  });
  engine.run();

  const auto per_job = [jobs](std::size_t from, std::size_t to) {
    return static_cast<double>(to) / static_cast<double>(jobs) - static_cast<double>(from) / static_cast<double>(jobs);
  };
  std::printf("jobs %ld, queued at 30 s %zu\n", jobs, queued_jobs);
  std::printf("scenario records (TrainingJob):          %8.0f bytes per job\n", per_job(before, with_records));
  std::printf("workloads made and submitted:           %8.0f bytes per job\n", per_job(with_records, submitted));
  std::printf("queued in the dispatcher (EASY queue):   %8.0f bytes per job\n", per_job(submitted, queued_heap));
  std::printf("all, from no job to a full queue:        %8.0f bytes per job\n", per_job(before, queued_heap));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const long jobs = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 100000;
    if (jobs < 2) {
      std::fprintf(stderr, "usage: queue_memory [JOBS >= 2]\n");
      return 2;
    }
    return run(jobs);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "queue_memory: %s\n", error.what());
    return 1;
  }
}
