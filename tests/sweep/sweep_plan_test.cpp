// Sweep files and plans: the product of axes, zipped axes, generated and sampled values, stable names, and every
// mistake reported at its place in the sweep file before any point runs. Sweep texts are read as if they lived in
// tests/sweep/, next to the tiny base scenario.

#include "sim/app/sweep/sweep_plan.hpp"
#include "sim/app/sweep/sweep_spec.hpp"
#include "sim/app/sweep/sweep_values.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdio>
#include <set>
#include <string>

using namespace terawatt;

namespace {

const std::string display_name = std::string(TERAWATT_SOURCE_DIR) + "/tests/sweep/test.yaml";

// Lines 1-2 of every sweep below; line numbers in the expectations count from here.
const std::string head =
    "sweep: {name: test, scenario: tiny.yaml}\n"  // 1
    "metrics: [facility_energy]\n";               // 2

SweepPlan plan_of(const std::string& body) {
  const SweepSpec spec = load_sweep_text(head + body, display_name);
  SweepPlan plan = make_plan(spec);
  validate_points(spec, plan);
  return plan;
}

// The error message with the directory of the sweep file removed: "test.yaml:3:5: ...".
std::string error_of(const std::string& body) {
  try {
    (void)plan_of(body);
  } catch (const ScenarioError& e) {
    std::string message = e.what();
    const std::string dir = std::string(TERAWATT_SOURCE_DIR) + "/tests/sweep/";
    for (auto at = message.find(dir); at != std::string::npos; at = message.find(dir)) message.erase(at, dir.size());
    return message;
  }
  return "no error";
}

std::vector<std::string> values_of(const SweepPlan& plan, std::size_t parameter) {
  std::vector<std::string> values;
  for (const auto& point : plan.points) values.push_back(point.values.at(parameter));
  return values;
}

}  // namespace

TEST_CASE("axes form a cartesian product, the first axis slowest") {
  const SweepPlan plan = plan_of(
      "axes:\n"
      "  - sites.iowa.pue: [1.1, 1.2]\n"
      "  - clusters.pod.power_cap: {from: 400 W, to: 600 W, step: 100 W}\n");
  REQUIRE(plan.points.size() == 6);
  CHECK(plan.parameters == std::vector<std::string>{"sites.iowa.pue", "clusters.pod.power_cap"});
  CHECK(values_of(plan, 0) == std::vector<std::string>{"1.1", "1.1", "1.1", "1.2", "1.2", "1.2"});
  CHECK(values_of(plan, 1) == std::vector<std::string>{"400 W", "500 W", "600 W", "400 W", "500 W", "600 W"});
  CHECK(plan.points[4].overrides == std::vector<std::string>{"sites.iowa.pue=1.2", "clusters.pod.power_cap=500 W"});
}

TEST_CASE("a mapping of axes is the same product, `set` applies to every point") {
  const SweepPlan plan = plan_of(
      "set: {scenario.sample_interval: 30 min}\n"
      "axes:\n"
      "  sites.iowa.pue: [1.1, 1.2]\n"
      "  clusters.pod.servers: {from: 2, to: 4, count: 2}\n");
  REQUIRE(plan.points.size() == 4);
  CHECK(values_of(plan, 1) == std::vector<std::string>{"2", "4", "2", "4"});
  for (const auto& point : plan.points) CHECK(point.overrides.front() == "scenario.sample_interval=30 min");
  CHECK(plan.parameters.size() == 2);  // fixed keys are not columns
}

TEST_CASE("keys of one axis entry are zipped") {
  const SweepPlan plan = plan_of(
      "axes:\n"
      "  - {sites.iowa.carbon_intensity: [352 g/kWh, 57 g/kWh, 20 g/kWh], sites.iowa.pue: [1.1, 1.2, 1.3]}\n"
      "  - workloads.llm.mfu: [30 %, 40 %]\n");
  REQUIRE(plan.points.size() == 6);
  CHECK(values_of(plan, 0) ==
        std::vector<std::string>{"352 g/kWh", "352 g/kWh", "57 g/kWh", "57 g/kWh", "20 g/kWh", "20 g/kWh"});
  CHECK(values_of(plan, 1) == std::vector<std::string>{"1.1", "1.1", "1.2", "1.2", "1.3", "1.3"});
  CHECK(values_of(plan, 2) == std::vector<std::string>{"30 %", "40 %", "30 %", "40 %", "30 %", "40 %"});
}

TEST_CASE("a value that YAML would read as something else is quoted in its override") {
  const SweepPlan plan = plan_of("axes: {scenario.description: [\"phase: one\", \"x # y\", plain text]}\n");
  REQUIRE(plan.points.size() == 3);
  CHECK(plan.points[0].overrides.front() == "scenario.description=\"phase: one\"");
  CHECK(plan.points[1].overrides.front() == "scenario.description=\"x # y\"");
  CHECK(plan.points[2].overrides.front() == "scenario.description=plain text");
  CHECK(plan.points[0].values.front() == "phase: one");
}

TEST_CASE("linspace, logspace and ranges in the user's units, whole-number keys get whole numbers") {
  const SweepPlan plan = plan_of(
      "axes:\n"
      "  - workloads.llm.flops: {from: 1e19 FLOP, to: 1e21 FLOP, count: 3, spacing: log}\n"
      "  - sites.iowa.pue: {from: 1.1, to: 1.5, count: 3}\n"
      "  - clusters.pod.servers: {from: 2, to: 5, count: 3}\n"
      "  - clusters.pod.power_cap: {from: 0.4 kW, to: 0.7 kW, step: 150 W}\n");
  REQUIRE(plan.points.size() == 81);
  const auto flops = values_of(plan, 0);
  CHECK(std::set<std::string>(flops.begin(), flops.end()) ==
        std::set<std::string>{"1e+19 FLOP", "1e+20 FLOP", "1e+21 FLOP"});
  CHECK(plan.points[0].values == std::vector<std::string>{"1e+19 FLOP", "1.1", "2", "0.4 kW"});
  CHECK(plan.points[80].values == std::vector<std::string>{"1e+21 FLOP", "1.5", "5", "0.7 kW"});
  CHECK(plan.points[1].values[3] == "0.55 kW");
  CHECK(plan.points[3].values[2] == "4");  // 3.5 rounds to 4
}

TEST_CASE("Latin hypercube samples: seeded, within bounds, one per stratum, in the bounds' unit") {
  const std::string body =
      "samples:\n"
      "  method: lhs\n"
      "  count: 16\n"
      "  seed: 11\n"
      "  parameters:\n"
      "    sites.iowa.pue: {low: 1.1, high: 1.6}\n"
      "    clusters.pod.power_cap: {low: 300 W, high: 700 W}\n"
      "    workloads.llm.flops: {low: 1e19 FLOP, high: 1e21 FLOP, scale: log}\n";
  const SweepPlan plan = plan_of(body);
  REQUIRE(plan.points.size() == 16);
  CHECK(plan_of(body).points[7].overrides == plan.points[7].overrides);  // the same seed, the same plan
  std::set<int> pue_strata;
  std::set<int> cap_strata;
  for (const auto& point : plan.points) {
    const double pue = read_sweep_quantity(point.values[0])->si;
    const auto cap = read_sweep_quantity(point.values[1]);
    REQUIRE(cap->unit == "W");
    CHECK(pue >= 1.1);
    CHECK(pue < 1.6);
    pue_strata.insert(static_cast<int>((pue - 1.1) / 0.5 * 16));
    cap_strata.insert(static_cast<int>((cap->si - 300.0) / 400.0 * 16));
    const double flops = read_sweep_quantity(point.values[2])->si;
    CHECK(flops >= 1e19);
    CHECK(flops <= 1e21);
  }
  CHECK(pue_strata.size() == 16);
  CHECK(cap_strata.size() == 16);
  std::string other = body;
  other.replace(other.find("seed: 11"), 8, "seed: 12");
  CHECK(plan_of(other).points[7].overrides != plan.points[7].overrides);
}

TEST_CASE("samples cross with the axes as the last, fastest axis") {
  const SweepPlan plan = plan_of(
      "axes: {clusters.pod.servers: [2, 4]}\n"
      "samples: {method: random, count: 3, parameters: {sites.iowa.pue: {low: 1.1, high: 1.2}}}\n");
  REQUIRE(plan.points.size() == 6);
  CHECK(values_of(plan, 0) == std::vector<std::string>{"2", "2", "2", "4", "4", "4"});
  CHECK(plan.points[0].values[1] == plan.points[3].values[1]);
}

TEST_CASE("point names are stable: index and the hash of the overrides") {
  const std::string body = "axes: {sites.iowa.pue: [1.1, 1.2, 1.3]}\n";
  const SweepPlan plan = plan_of(body);
  CHECK(plan.points[1].name == point_name(1, 3, {"sites.iowa.pue=1.2"}));
  CHECK(plan.points[1].name.rfind("p0001-", 0) == 0);
  CHECK(plan.points[1].name.size() == 14);
  CHECK(plan_of(body).points[1].name == plan.points[1].name);
  // Adding a value keeps the hash of the points that were there: an extended sweep finds its old outputs.
  const SweepPlan extended = plan_of("axes: {sites.iowa.pue: [1.0, 1.1, 1.2, 1.3]}\n");
  CHECK(extended.points[2].name.substr(6) == plan.points[1].name.substr(6));
  CHECK(point_name(12345, 20000, {"a=1"}).rfind("p12345-", 0) == 0);
}

namespace {

// Writes `text` as a plan file, reads it back, removes it.
SweepPlan read_back(const std::string& text) {
  char path[] = "/tmp/terawatt-plan-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  FILE* file = std::fopen(path, "w");
  std::fwrite(text.data(), 1, text.size(), file);
  std::fclose(file);
  try {
    SweepPlan back = read_plan_file(path);
    std::remove(path);
    return back;
  } catch (...) {
    std::remove(path);
    throw;
  }
}

}  // namespace

TEST_CASE("the plan file reads back to the same points") {
  const SweepPlan plan = plan_of(
      "axes:\n"
      "  - clusters.pod.power_cap: ['400 W', 500 W]\n"
      "  - sites.iowa.pue: [1.1, 1.2]\n");
  const SweepPlan back = read_back(plan_yaml(plan));
  CHECK(back.name == "test");
  CHECK(back.scenario_sha256 == plan.scenario_sha256);
  CHECK(back.parameters == plan.parameters);
  REQUIRE(back.points.size() == plan.points.size());
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    CHECK(back.points[i].name == plan.points[i].name);
    CHECK(back.points[i].overrides == plan.points[i].overrides);
    CHECK(back.points[i].values == plan.points[i].values);
  }
  REQUIRE(back.metrics.size() == 1);
  CHECK(back.metrics[0].spec.variable == "facility_energy");
}

TEST_CASE("a plan whose point names were edited to leave the sweep directory is refused") {
  const SweepPlan plan = plan_of("axes:\n  - sites.iowa.pue: [1.1, 1.2]\n");
  for (const std::string tampered : {"../../etc/passwd", "a/b", "..", "p0001-00000000"}) {
    std::string text = plan_yaml(plan);
    const auto at = text.find(plan.points[0].name);
    REQUIRE(at != std::string::npos);
    text.replace(at, plan.points[0].name.size(), "'" + tampered + "'");
    CHECK_THROWS_WITH(read_back(text), Catch::Contains("the plan was edited"));
  }
}

TEST_CASE("a mistake in a sweep file is reported where it is written, before anything runs") {
  // An unknown key path, with the loader's suggestion.
  CHECK(error_of("axes:\n  - clusters.pod.powr_cap: [300 W]\n")
            .rfind("test.yaml:4:29: clusters.pod.powr_cap: in point p0000-", 0) == 0);
  CHECK(error_of("axes:\n  - clusters.pod.powr_cap: [300 W]\n").find("unknown key (did you mean 'power_cap'?)") !=
        std::string::npos);
  CHECK(error_of("axes:\n  - sites.iwa.pue: [1.1]\n").rfind("test.yaml:4:21: sites.iwa: in point", 0) == 0);
  // An empty axis.
  CHECK(error_of("axes:\n  - sites.iowa.pue: []\n") ==
        "test.yaml:4:21: sites.iowa.pue: empty axis (expected at least one value)");
  // A wrong unit, at the very value.
  CHECK(error_of("axes:\n  - clusters.pod.power_cap: [300 W, 2 kWh]\n")
            .rfind("test.yaml:4:37: clusters.pod.power_cap: in point p0001-", 0) == 0);
  CHECK(error_of("axes:\n  - clusters.pod.power_cap: [300 W, 2 kWh]\n").find("which is an energy, not a power") !=
        std::string::npos);
  // A wrong type.
  CHECK(error_of("axes:\n  - clusters.pod.servers: [2, many]\n").find("test.yaml:4:31: clusters.pod.servers:") == 0);
  CHECK(error_of("axes:\n  - clusters.pod.servers: [2, many]\n").find("'many' is not a whole number") !=
        std::string::npos);
  // A value out of range for the model.
  CHECK(error_of("axes:\n  - clusters.pod.power_cap: [800 W]\n").find("exceeds the h100-sxm TDP") != std::string::npos);
  // Mismatched units in a generator.
  CHECK(error_of("axes:\n  - clusters.pod.power_cap: {from: 300 W, to: 2 h, step: 100 W}\n") ==
        "test.yaml:4:47: clusters.pod.power_cap.to: '2 h' is time but 'from' is power (expected the same kind of "
        "quantity)");
  CHECK(error_of("axes:\n  - clusters.pod.power_cap: {from: 300 W, to: 700 W}\n")
            .find("test.yaml:4:29: clusters.pod.power_cap: give either step") == 0);
  CHECK(error_of("axes:\n  - sites.iowa.pue: {from: 1.1, to: 1.2, step: 0}\n")
            .find("test.yaml:4:21: sites.iowa.pue: step must not be zero") == 0);
  // Zipped keys of different lengths, a key given twice, an unknown section.
  CHECK(error_of("axes:\n  - {sites.iowa.pue: [1.1, 1.2], clusters.pod.servers: [2]}\n")
            .find("test.yaml:4:56: clusters.pod.servers: has 1 values but sites.iowa.pue has 2") == 0);
  CHECK(error_of("set: {sites.iowa.pue: 1.2}\naxes: {sites.iowa.pue: [1.1]}\n") ==
        "test.yaml:4:8: sites.iowa.pue: already swept or set at test.yaml:3:7 (expected each key once)");
  CHECK(error_of("axis: {sites.iowa.pue: [1.1]}\n").find("test.yaml:3:1: axis: unknown key (did you mean 'axes'?)") ==
        0);
  CHECK(error_of("metrics: [x]\n").find("duplicate key") != std::string::npos);
  CHECK(error_of("").find("test.yaml:1:1: axes: missing: nothing is swept") == 0);
  CHECK(error_of("axes: {sites.iowa.pue: [1.1, 1.1]}\n").find("gives 1.1 twice") != std::string::npos);
  // Samples.
  CHECK(error_of("samples: {method: lhc, count: 4, parameters: {sites.iowa.pue: {low: 1.1, high: 1.2}}}\n")
            .find("unknown sampling method 'lhc' (did you mean 'lhs'?)") != std::string::npos);
  CHECK(error_of("samples: {method: lhs, count: 4, parameters: {sites.iowa.pue: {low: 1.2, high: 1.1}}}\n")
            .find("sites.iowa.pue.high: is not above low") != std::string::npos);
  CHECK(error_of("samples: {method: lhs, count: 4, parameters: {clusters.pod.power_cap: {low: 1, high: 700 W}}}\n")
            .find("is power but 'low' is dimensionless number") != std::string::npos);
  // A combination the base scenario cannot take is reported at the base, naming the point.
  CHECK(error_of("axes: {clusters.pod.servers: [1]}\n")
            .find("tiny.yaml:21:19: workloads.llm.accelerators: in point p0000-") == 0);
}

TEST_CASE("a sweep whose metrics or Slurm settings are malformed is rejected with their place") {
  const auto error = [](const std::string& text) {
    try {
      (void)load_sweep_text(text, display_name);
    } catch (const ScenarioError& e) {
      return std::string(e.what()).substr(std::string(e.what()).find("test.yaml"));
    }
    return std::string("no error");
  };
  CHECK(error("sweep: {scenario: tiny.yaml}\naxes: {sites.iowa.pue: [1.1]}\nmetrics: [\"energy[site]\"]\n")
            .find("test.yaml:3:11: metrics.0: 'energy[site]' has a selector without '='") == 0);
  CHECK(error("sweep: {scenario: tiny.yaml}\naxes: {sites.iowa.pue: [1.1]}\n").find("metrics: missing") !=
        std::string::npos);
  CHECK(error("sweep: {scenario: nowhere.yaml}\naxes: {sites.iowa.pue: [1.1]}\nmetrics: [e]\n")
            .find("sweep.scenario: cannot read the base scenario") != std::string::npos);
  CHECK(error("sweep: {scenario: tiny.yaml}\naxes: {sites.iowa.pue: [1.1]}\nmetrics: [e]\nslurm: {time: soon}\n")
            .find("test.yaml:4:15: slurm.time: 'soon' is not a time limit") == 0);
  CHECK(error("sweep: {scenario: tiny.yaml}\naxes: {sites.iowa.pue: [1.1]}\nmetrics: [e]\nslurm: {mem: 2 GW}\n")
            .find("slurm.mem: '2 GW' is not an amount of memory") != std::string::npos);
  const SweepSpec spec = load_sweep_text(
      "sweep: {scenario: tiny.yaml}\naxes: {sites.iowa.pue: [1.1]}\nmetrics: [e]\n"
      "slurm: {throttle: 4, time: 2 h, mem: 1 GiB, partition: short, options: [--qos=low]}\n",
      display_name);
  CHECK(spec.name == "test");  // from the file name
  CHECK(spec.slurm.throttle == std::size_t{4});
  CHECK(spec.slurm.time == "2:00:00");
  CHECK(spec.slurm.mem == "1024M");
  CHECK(spec.slurm.partition == "short");
  CHECK(spec.slurm.options == std::vector<std::string>{"--qos=low"});
}

TEST_CASE("whole-number keys are known from the scenario schema") {
  CHECK(is_count_key("clusters.pod.servers"));
  CHECK(is_count_key("scenario.seed"));
  CHECK_FALSE(is_count_key("clusters.pod.power_cap"));
  CHECK_FALSE(is_count_key("sites.iowa.pue"));
  CHECK_FALSE(is_count_key("clusters.pod.nothing"));
  CHECK_FALSE(is_count_key("servers"));
}
