// The runner of work in child processes (sim/app/common/child_runner.hpp) that a projection's representative weeks
// use: figures come back in task order, failures name the task with its exit status and stderr, and the weeks
// simulated in children measure what the same scenario measures in this process.
#include "sim/app/common/child_runner.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/simulate/simulation.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

using namespace terawatt;

TEST_CASE("children hand their figures back in task order whatever order they end in") {
  std::vector<ChildWork> tasks;
  for (int i = 0; i < 5; ++i) {
    tasks.emplace_back([i] {
      usleep(static_cast<useconds_t>((5 - i) * 20000));  // the first task ends last
      return std::vector<double>{static_cast<double>(i), 0.1 * i, static_cast<double>(getpid())};
    });
  }
  const auto results = run_in_children(tasks, 3);
  REQUIRE(results.size() == 5);
  for (int i = 0; i < 5; ++i) {
    CHECK(results[i][0] == i);
    CHECK(results[i][1] == 0.1 * i);
    CHECK(results[i][2] != static_cast<double>(getpid()));  // it ran in a child, not here
  }
  CHECK(run_in_children({}, 2).empty());
  CHECK(run_in_children({[] { return std::vector<double>{}; }}, 1).at(0).empty());
}

TEST_CASE("the parent hears of each child as it ends, counted, for its progress") {
  std::vector<ChildWork> tasks;
  for (int i = 0; i < 4; ++i) {
    tasks.emplace_back([i] {
      // The first task ends last, 0.2 s apart: wide enough that a loaded machine (a sanitizer build beside other
      // work) keeps the order.
      usleep(static_cast<useconds_t>((4 - i) * 200000));
      return std::vector<double>{};
    });
  }
  std::vector<std::size_t> counts;
  std::vector<std::size_t> order;
  run_in_children(tasks, 4, [&](std::size_t ended, std::size_t task) {
    counts.push_back(ended);
    order.push_back(task);
  });
  CHECK(counts == std::vector<std::size_t>{1, 2, 3, 4});
  CHECK(order.back() == 0);  // the slowest task is heard of last
  std::sort(order.begin(), order.end());
  CHECK(order == std::vector<std::size_t>{0, 1, 2, 3});
}

TEST_CASE("a failed child names its task with its exit status and the end of its stderr") {
  const std::vector<ChildWork> tasks{
      [] { return std::vector<double>{1.0}; },
      []() -> std::vector<double> {
        std::fprintf(stderr, "some progress\n");
        throw std::runtime_error("the engine refused the platform");
      },
      []() -> std::vector<double> { std::_Exit(7); },
  };
  try {
    run_in_children(tasks, 2);
    FAIL("no exception");
  } catch (const ChildRunError& e) {
    CHECK(e.task() == 1);  // the first failed task, though task 2 failed too
    const std::string what = e.what();
    CHECK(what.find("child run 2 failed (exit 1)") == 0);
    CHECK(what.find("some progress\nterawatt: error: the engine refused the platform") != std::string::npos);
  }
  try {
    run_in_children({tasks[2]}, 1);
    FAIL("no exception");
  } catch (const ChildRunError& e) {
    CHECK(std::string(e.what()).find("child run 1 failed (exit 7)") == 0);
    CHECK(std::string(e.what()).find("exited 0") == std::string::npos);
  }
}

TEST_CASE("a scenario simulated in a child measures what it measures in this process") {
  // Run in a child first: this process may then run its one engine itself.
  const Scenario scenario = load_scenario_text(
      "scenario: {name: s, duration: 2 h, sample_interval: 10 min}\n"
      "sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]\n"
      "clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 2}]\n"
      "workloads: [{name: j, type: training, cluster: c, flops: 1e19 FLOP, mfu: 0.4}]\n",
      "s.yaml");
  const auto figures = simulate_in_children(
      {scenario, scenario},
      [](const Scenario&, const RunReport& report) {
        return std::vector<double>{report.clusters.at(0).it_energy_j, report.sites.at(0).sums.facility_j, report.end_s};
      },
      2);
  REQUIRE(figures.size() == 2);
  CHECK(figures[0] == figures[1]);
  const RunReport here = simulate(scenario, SimulationOptions{}, [](double, const auto&) {});
  CHECK(figures[0] ==
        std::vector<double>{here.clusters.at(0).it_energy_j, here.sites.at(0).sums.facility_j, here.end_s});
  CHECK(figures[0][0] > 0.0);
}
