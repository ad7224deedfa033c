// The `expected` section of a validation case: read into SI values and relative tolerances, every mistake located
// at file:line:col with its key path; and the scenario loader, which ignores the section, so a case runs as it is.

#include "sim/app/validate/validation_case.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using namespace terawatt;

namespace {

// Lines 1-9: a scenario; lines 10-16: its expected section. Locations below refer to these lines.
const std::string scenario_yaml =
    "scenario: {name: case}\n"                                   //  1
    "sites:\n"                                                   //  2
    "  - {name: s, pue: 1.1, carbon_intensity: 0.429 kg/kWh}\n"  //  3
    "clusters:\n"                                                //  4
    "  - {name: c, accelerator: v100-sxm2, servers: 2}\n"        //  5
    "workloads:\n"                                               //  6
    "  - name: job\n"                                            //  7
    "    type: training\n"                                       //  8
    "    flops: 1e20 FLOP\n";                                    //  9

const std::string expected_yaml =
    "expected:\n"                                                                                        // 10
    "  mode: measured-power\n"                                                                           // 11
    "  source: Somebody et al. 2021, Table 4\n"                                                          // 12
    "  checks:\n"                                                                                        // 13
    "    - {metric: \"workload_facility_energy[workload=job]\", published: 1287 MWh, tolerance: 2 %}\n"  // 14
    "    - {metric: max(end_time), published: 14.8 d, tolerance: 0.4 %, source: Other 2020}\n"           // 15
    "    - {metric: gpu_hours, published: 3.55e6 h, tolerance: 0.2 %}\n";                                // 16

const std::string case_yaml = scenario_yaml + expected_yaml;

// `yaml` with `from`, which must occur exactly once, replaced by `to`.
std::string edit(const std::string& from, const std::string& to, const std::string& yaml = case_yaml) {
  const auto at = yaml.find(from);
  if (at == std::string::npos || yaml.find(from, at + 1) != std::string::npos) {
    throw std::logic_error("edit: '" + from + "' does not occur exactly once");
  }
  std::string result = yaml;
  result.replace(at, from.size(), to);
  return result;
}

std::string error_of(const std::string& yaml) {
  try {
    read_validation_case_text(yaml, "cases/bad.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("an expected section reads into SI values, relative tolerances and sources") {
  const ValidationCase c = read_validation_case_text(case_yaml, "scenarios/validation/gpt3.yaml");
  CHECK(c.name == "gpt3");
  CHECK(c.file == "scenarios/validation/gpt3.yaml");
  CHECK(c.mode == ValidationMode::measured_power);
  CHECK(validation_mode_name(c.mode) == "measured-power");
  REQUIRE(c.checks.size() == 3);

  const ValidationCheck& energy = c.checks[0];
  CHECK(energy.metric.variable == "workload_facility_energy");
  CHECK(energy.metric.dimension == "workload");
  CHECK(energy.metric.label == "job");
  CHECK(energy.published.si == Approx(1287 * 3.6e9).epsilon(1e-15));
  CHECK(energy.published.dimension == Dimension::energy);
  CHECK(energy.published.unit == "MWh");
  CHECK(energy.published_text == "1287 MWh");
  CHECK(energy.tolerance == Approx(0.02).epsilon(1e-15));
  CHECK(energy.source == "Somebody et al. 2021, Table 4");  // the section's default
  CHECK(energy.location == "scenarios/validation/gpt3.yaml:14:16");
  CHECK(energy.key_path == "expected.checks.0.metric");

  CHECK(c.checks[1].metric.reducer == "max");
  CHECK(c.checks[1].published.si == Approx(14.8 * 86400));
  CHECK(c.checks[1].source == "Other 2020");  // its own
  CHECK(c.checks[2].published.si == Approx(3.55e6 * 3600));
  CHECK(c.checks[2].tolerance == Approx(0.002).epsilon(1e-15));
}

TEST_CASE("the predicted mode is read") {
  const ValidationCase c = read_validation_case_text(edit("mode: measured-power", "mode: predicted"), "p.yaml");
  CHECK(c.mode == ValidationMode::predicted);
  CHECK(validation_mode_name(c.mode) == "predicted");
}

TEST_CASE("the scenario loader ignores the expected section, so a case runs as it is") {
  const Scenario scenario = load_scenario_text(case_yaml + "", "case.yaml", {"workloads.job.mfu=0.2"});
  CHECK(scenario.info.name == "case");
  CHECK(scenario.training_jobs.size() == 1);
}

TEST_CASE("malformed expected sections are located at file:line:col with their key path") {
  CHECK(error_of(scenario_yaml) ==
        "cases/bad.yaml:1:1: expected: missing: a validation case is a scenario with an `expected` section (expected "
        "mode, source and checks)");
  CHECK_THAT(error_of(edit("  mode: measured-power\n", "  mdoe: measured-power\n")),
             Catch::StartsWith("cases/bad.yaml:11:3: expected.mdoe: unknown key (did you mean 'mode'?)"));
  CHECK_THAT(error_of(edit("mode: measured-power", "mode: guessed")),
             Catch::StartsWith("cases/bad.yaml:11:9: expected.mode: unknown mode 'guessed' (expected "
                               "measured-power or predicted)"));
  CHECK_THAT(error_of(edit("published: 1287 MWh", "published: 1287 MWhh")),
             Catch::StartsWith("cases/bad.yaml:14:69: expected.checks.0.published: '1287 MWhh' is not a number "
                               "with a known unit (did you mean 'MWh'?)"));
  // A bare number is a dimensionless figure (a PUE); it is only wrong against a variable with units (after the run).
  const ValidationCase bare = read_validation_case_text(edit("published: 1287 MWh", "published: 1.1"), "p.yaml");
  CHECK(bare.checks[0].published.dimension == Dimension::dimensionless);
  CHECK_THAT(error_of(edit("published: 1287 MWh", "published: 0 MWh")),
             Catch::StartsWith("cases/bad.yaml:14:69: expected.checks.0.published: '0 MWh' is zero or not finite"));
  CHECK_THAT(error_of(edit("published: 1287 MWh", "published: 24 C")),
             Catch::Contains("expected.checks.0.published: '24 C' is a temperature"));
  CHECK_THAT(error_of(edit("tolerance: 2 %}", "tolerance: 0 %}")),
             Catch::StartsWith("cases/bad.yaml:14:90: expected.checks.0.tolerance: '0 %' is outside (0, 1]"));
  CHECK_THAT(error_of(edit("tolerance: 2 %}", "tolerance: 2 MWh}")),
             Catch::StartsWith("cases/bad.yaml:14:90: expected.checks.0.tolerance:"));
  CHECK_THAT(error_of(edit(", tolerance: 2 %}", "}")),
             Catch::StartsWith("cases/bad.yaml:14:7: expected.checks.0.tolerance: missing required key"));
  CHECK_THAT(error_of(edit("workload_facility_energy[workload=job]", "workload_facility_energy[job]")),
             Catch::StartsWith("cases/bad.yaml:14:16: expected.checks.0.metric: 'workload_facility_energy[job]' "
                               "has a selector without '='"));
  CHECK_THAT(error_of(edit("  source: Somebody et al. 2021, Table 4\n", "")),
             Catch::StartsWith("cases/bad.yaml:13:7: expected.checks.0.source: missing: every published figure "
                               "needs its source"));
  CHECK_THAT(error_of(scenario_yaml + "expected:\n  mode: predicted\n  source: x\n  checks: []\n"),
             Catch::StartsWith("cases/bad.yaml:13:11: expected.checks: expected a non-empty list of checks"));
  CHECK_THAT(error_of(scenario_yaml + "expected:\n  mode: predicted\n  source: x\n"),
             Catch::StartsWith("cases/bad.yaml:11:3: expected.checks: missing required key"));
  CHECK_THAT(error_of(edit("published: 1287 MWh,", "published: 1287 MWh, tolernce: 1 %,")),
             Catch::StartsWith("cases/bad.yaml:14:79: expected.checks.0.tolernce: unknown key (did you mean "
                               "'tolerance'?)"));
  CHECK_THAT(error_of(case_yaml + "  oops: [\n"), Catch::StartsWith("cases/bad.yaml:"));
}
