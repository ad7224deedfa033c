// Execs made by helper actors (sim/engine/exec_makers.hpp): a caller gets fresh execs it configures, starts and waits
// for itself, the first thousand made by itself and the rest by helpers of at most a thousand each; a training job on
// more hosts than one actor may own keeps the per-host energy of the reference formula. Each TEST_CASE runs in its own
// process (one SimGrid engine per process).

#include "sim/engine/exec_makers.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/sim/run_capture.hpp"

#include <catch2/catch.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

// 2,500 servers of 4 TPU v3 chips drawing a measured 310 W while they compute and nothing else (no host power), one
// host each: the job's actor makes a thousand execs and two helpers the other 1,500.
const std::string wide_job = R"(scenario: {name: wide}
sites: [{name: s, pue: 1.1, carbon_intensity: 0.4 kg/kWh}]
clusters:
  - name: c
    accelerator: tpu-v3
    accelerators_per_server: 4
    servers: 2500
    server_overhead: 0 W
    compute_power: 310 W
workloads:
  - {name: j, type: training, flops: 1e24 FLOP, achieved_flop_rate: 45.6 TFLOP/s}
)";
constexpr double accelerators = 2500 * 4;

}  // namespace

TEST_CASE("a job on more hosts than one actor may own draws the energy of the per-host formula") {
  const Capture capture = run_scenario(load_scenario_text(wide_job, "wide.yaml"));
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const double run_s = 1e24 / (accelerators * 45.6e12);
  CHECK(job.finished_s == Approx(run_s).epsilon(1e-12));
  CHECK(job.it_energy_j == Approx(accelerators * 310.0 * run_s).epsilon(1e-12));
}

TEST_CASE("a checkpointed job on more hosts than one actor may own runs every phase with fresh execs") {
  // 2,193 s of compute, checkpointed every 10 min and written in 1 min: the helpers make a batch for every phase.
  const Capture capture =
      run_scenario(load_scenario_text(wide_job, "wide.yaml",
                                      {"workloads.j.flops=1e21 FLOP", "workloads.j.checkpoint_interval=10 min",
                                       "workloads.j.checkpoint_write_time=1 min"}));
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const double compute_s = 1e21 / (accelerators * 45.6e12);
  const double writes = std::ceil(compute_s / 600.0) - 1;
  CHECK(writes == 3);
  CHECK(job.finished_s == Approx(compute_s + writes * 60.0).epsilon(1e-12));
  // Compute draws the measured 310 W per accelerator; a checkpoint write draws the model's checkpoint power, so the
  // job's energy lies above that of its compute alone and below 310 W through the writes too.
  CHECK(job.it_energy_j > accelerators * 310.0 * compute_s);
  CHECK(job.it_energy_j < accelerators * 310.0 * (compute_s + writes * 60.0));
}

TEST_CASE("the caller and helpers of at most a thousand execs each make fresh execs that the caller runs") {
  namespace sg4 = simgrid::s4u;
  int argc = 1;
  char name[] = "exec_makers_test";
  char* argv[] = {name, nullptr};
  sg4::Engine engine(&argc, argv);
  sg4::NetZone* zone = sg4::create_empty_zone("z");
  sg4::Host* host = zone->create_host("h", 1e9)->seal();
  zone->seal();
  std::vector<std::size_t> helpers;
  std::vector<double> ends_s;
  sg4::Actor::create("caller", host, [&] {
    ExecMakers makers("test");
    for (const std::size_t count : {std::size_t{2500}, std::size_t{999}, std::size_t{3001}}) {
      std::vector<sg4::ExecPtr> execs = makers.make(count);
      REQUIRE(execs.size() == count);
      helpers.push_back(makers.helpers());
      // Each exec is 1e6 flops; sharing the host's 1e9 flop/s they all end after count x 1 ms.
      for (const sg4::ExecPtr& exec : execs) exec->set_flops_amount(1e6)->set_host(host)->start();
      for (const sg4::ExecPtr& exec : execs) exec->wait();
      ends_s.push_back(sg4::Engine::get_clock());
    }
    makers.stop();
  });
  engine.run();
  // The caller makes the first thousand; helpers are created as the largest batch needs them for the rest and kept:
  // 2 for 2,500 execs, still 2 for 999 (which need none), 3 for 3,001.
  CHECK(helpers == std::vector<std::size_t>{2, 2, 3});
  REQUIRE(ends_s.size() == 3);
  CHECK(ends_s[0] == Approx(2.5));
  CHECK(ends_s[1] == Approx(2.5 + 0.999));
  CHECK(ends_s[2] == Approx(2.5 + 0.999 + 3.001));
}
