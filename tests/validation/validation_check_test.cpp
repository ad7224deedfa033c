// Comparing a simulated figure with a published one: the tolerance edge, units brought to SI from the /summary
// `units` attribute, unlike quantities refused, and the table's formatting of the outcome.

#include "sim/app/validate/validation_check.hpp"
#include "sim/app/validate/validation_case.hpp"
#include "sim/app/validate/validation_table.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace terawatt;

namespace {

const double not_a_number = std::numeric_limits<double>::quiet_NaN();

ValidationCase one_check_case(const std::string& metric, const std::string& published, const std::string& tolerance) {
  const std::string yaml = "expected:\n  mode: measured-power\n  source: a study\n  checks:\n    - {metric: \"" +
                           metric + "\", published: " + published + ", tolerance: " + tolerance + "}\n";
  return read_validation_case_text(yaml, "case.yaml");
}

// A /summary as sim/record/run_summary.cpp writes it, for the variables these tests read.
std::vector<PointSummaryVariable> summary() {
  return {
      {"workload_facility_energy",
       "J",
       "facility energy attributed to the workload",
       "workload",
       {"a", "b"},
       {1287.0 * 3.6e9 * 1.01, 5.0e9}},
      {"gpu_hours", "hour", "accelerator-hours occupied", "workload", {"a", "b"}, {184320.0, 10.0}},
      {"mean_pue", "1", "facility / IT energy over the run", "site", {"s"}, {1.1}},
      {"wue", "L/kWh", "on-site water per IT energy over the run", "site", {"s"}, {0.55}},
  };
}

}  // namespace

TEST_CASE("a simulated value exactly at the tolerance passes, just beyond it fails") {
  // 2 % of 100 is 2.0000000000000004 or 2 after rounding 0.02: the edge passes either way.
  CHECK(compare_with_published(100.0, 102.0, 0.02).pass);
  CHECK(compare_with_published(100.0, 98.0, 0.02).pass);
  CHECK_FALSE(compare_with_published(100.0, 102.0 + 1e-9, 0.02).pass);
  CHECK_FALSE(compare_with_published(100.0, 98.0 - 1e-9, 0.02).pass);
  // Percentages that binary floating point cannot hold, at realistic magnitudes (J).
  const double published_j = 1287 * 3.6e9;
  CHECK(compare_with_published(published_j, published_j * 1.001, 0.001).pass);
  CHECK(compare_with_published(published_j, published_j * (1 - 0.35), 0.35).pass);
  CHECK_FALSE(compare_with_published(published_j, published_j * (1 + 0.35 + 1e-9), 0.35).pass);
  // The slack is far below any tolerance a case states: 1e-12 relative.
  CHECK_FALSE(compare_with_published(1.0, 1.0 + 0.01 + 1e-11, 0.01).pass);
}

TEST_CASE("the error is relative to the published value and signed") {
  const CheckOutcome over = compare_with_published(1287.0, 1572.6, 0.35);
  CHECK(over.relative_error == Approx(0.22191).epsilon(1e-4));
  CHECK(over.simulated_si == 1572.6);
  CHECK(compare_with_published(4.3, 4.2766, 0.02).relative_error == Approx(-0.005442).epsilon(1e-3));
  // A negative published value (a net saving) is compared by magnitude.
  const CheckOutcome negative = compare_with_published(-10.0, -10.1, 0.02);
  CHECK(negative.relative_error == Approx(-0.01));
  CHECK(negative.pass);
}

TEST_CASE("a NaN simulated value (a job that never finished) never passes") {
  const CheckOutcome outcome = compare_with_published(14.8 * 86400, not_a_number, 1.0);
  CHECK_FALSE(outcome.pass);
  CHECK(std::isnan(outcome.relative_error));
}

TEST_CASE("summary units convert to SI: the unit table, '1' and pint's 'hour'") {
  CHECK(summary_unit("J")->dimension == Dimension::energy);
  CHECK(summary_unit("J")->factor_to_si == 1.0);
  CHECK(summary_unit("hour")->dimension == Dimension::time);
  CHECK(summary_unit("hour")->factor_to_si == 3600.0);
  CHECK(summary_unit("1")->dimension == Dimension::dimensionless);
  CHECK(summary_unit("L/kWh")->dimension == Dimension::water_intensity);
  CHECK(summary_unit("kg")->dimension == Dimension::mass);
  CHECK_FALSE(summary_unit("furlong").has_value());
  CHECK_FALSE(summary_unit("K").has_value());  // an offset unit: relative errors would be meaningless
}

TEST_CASE("a check reads its metric from the summary and compares in SI") {
  const auto energy = one_check_case("workload_facility_energy[workload=a]", "1287 MWh", "1 %").checks[0];
  const CheckResult at_edge = evaluate_check(energy, summary());
  CHECK(at_edge.problem.empty());
  CHECK(at_edge.outcome.relative_error == Approx(0.01));
  CHECK(at_edge.outcome.pass);  // 1287 MWh x 1.01 against 1 %: the edge
  const auto hours = one_check_case("gpu_hours[workload=a]", "184320 h", "0.01 %").checks[0];
  CHECK(evaluate_check(hours, summary()).outcome.relative_error == 0.0);
  const auto water = one_check_case("wue", "0.55 L/kWh", "1 %").checks[0];
  CHECK(evaluate_check(water, summary()).outcome.pass);
  const auto pue = one_check_case("mean_pue", "1.1", "1 %").checks[0];
  CHECK(evaluate_check(pue, summary()).outcome.pass);
}

TEST_CASE("a check that names nothing in the summary, or compares unlike quantities, is a problem") {
  const auto typo = one_check_case("workload_facility_energy[workload=c]", "1287 MWh", "1 %").checks[0];
  CHECK(evaluate_check(typo, summary()).problem == "no workload 'c' (expected one of: a, b)");
  const auto unknown = one_check_case("gpu_hour[workload=a]", "1 h", "1 %").checks[0];
  CHECK_THAT(evaluate_check(unknown, summary()).problem,
             Catch::StartsWith("no /summary variable 'gpu_hour' (did you mean 'gpu_hours'?)"));
  const auto mass = one_check_case("workload_facility_energy[workload=a]", "552.1 t", "1 %").checks[0];
  CHECK_THAT(evaluate_check(mass, summary()).problem,
             Catch::StartsWith("the published '552.1 t' (mass) cannot be compared with 'workload_facility_energy' [J] "
                               "(energy) (expected a published value in J, kJ,"));
}

TEST_CASE("the table shows the simulated value in the published unit, the signed error and the result") {
  const ValidationCase c = one_check_case("gpu_hours[workload=a]", "3.55e6 h", "0.2 %");
  const CheckOutcome outcome = compare_with_published(3.55e6 * 3600, 3545619.0 * 3600, 0.002);
  const ValidationRow row = validation_row(c, c.checks[0], outcome);
  CHECK(row.case_name == "case");
  CHECK(row.mode == "measured-power");
  CHECK(row.published == "3.55e6 h");
  CHECK(row.simulated == "3545619 h");  // whole digits kept, not 3.5456e+06
  CHECK(row.error == "-0.12 %");
  CHECK(row.tolerance == "0.2 %");
  CHECK(row.result == "pass");
  const ValidationRow exact = validation_row(c, c.checks[0], compare_with_published(1.0, 1.0 - 1e-9, 0.002));
  CHECK(exact.error == "0.00 %");  // no sign on an error that rounds to zero
  const ValidationRow failed = validation_row(c, c.checks[0], compare_with_published(1.0, 1.5, 0.002));
  CHECK(failed.error == "+50.00 %");
  CHECK(failed.result == "FAIL");
  const ValidationRow not_run = unevaluated_row(c, c.checks[0], "run failed");
  CHECK(not_run.simulated == "-");
  CHECK(not_run.result == "run failed");
  const std::string table = format_validation_table({row, not_run});
  CHECK_THAT(table, Catch::StartsWith("case  mode            metric                 published  simulated    error  "
                                      "tolerance  result\n"
                                      "case  measured-power  gpu_hours[workload=a]   3.55e6 h  3545619 h  -0.12 %  "
                                      "    0.2 %  pass\n"));
}
