// Values given as distributions (sim/scenario/input_distributions.hpp): malformed ones are refused with exit code 2 at
// file:line:col, and a central value the key refuses is refused at the distribution. The base of cli_harness.hpp with
// its PUE (line 8) given as `pue`; then rank correlations among such values (sim/scenario/input_correlations.hpp).

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

namespace {
std::string pue_as(const std::string& value) {
  return edit("    pue: 1.1\n", "    pue: " + value + "\n");
}
}  // namespace

MALFORMED("distribution: a uniform with one number", pue_as("{uniform: [1.1]}"),
          "bad.yaml:8:20: sites.iowa.pue.uniform: expected a list [low, high]")
MALFORMED("distribution: a uniform whose low is not below its high", pue_as("{uniform: [1.4, 1.1]}"),
          "bad.yaml:8:20: sites.iowa.pue.uniform: low must be below high")
MALFORMED("distribution: a triangular mode outside its range", pue_as("{triangular: [1.1, 1.6, 1.5]}"),
          "bad.yaml:8:23: sites.iowa.pue.triangular: expected low <= mode <= high")
MALFORMED("distribution: a normal without spread", pue_as("{normal: [1.2, 0]}"),
          "bad.yaml:8:19: sites.iowa.pue.normal: the standard deviation must be > 0")
MALFORMED("distribution: a lognormal with a factor of 1", pue_as("{lognormal: [1.2, 1]}"),
          "bad.yaml:8:22: sites.iowa.pue.lognormal: the median must be > 0 and the geometric standard deviation > 1")
MALFORMED("distribution: a bound on a uniform", pue_as("{uniform: [1.1, 1.4], max: 2}"),
          "bad.yaml:8:32: sites.iowa.pue.max: not a key of a uniform distribution (it takes only its list)")
MALFORMED("distribution: a min above the max", pue_as("{normal: [1.2, 0.1], min: 1.5, max: 1.3}"),
          "bad.yaml:8:46: sites.iowa.pue.max: must be above min")
MALFORMED("distribution: numbers in two units",
          edit("    carbon_intensity: 352 g/kWh\n", "    carbon_intensity: {uniform: [300 g/kWh, 0.5 kg/kWh]}\n"),
          "bad.yaml:9:45: sites.iowa.carbon_intensity.uniform: the unit 'kg/kWh' differs from the distribution's "
          "first, 'g/kWh'")
MALFORMED("distribution: a word where a number goes", pue_as("{uniform: [low, 1.4]}"),
          "bad.yaml:8:21: sites.iowa.pue.uniform: expected a number, with its unit if the key has one (got 'low')")
MALFORMED("distribution: choice weights that do not match", pue_as("{choice: [1.1, 1.3], weights: [1]}"),
          "bad.yaml:8:40: sites.iowa.pue.weights: expected a list of 2 weights, one per choice")
MALFORMED("distribution: choice weights all zero", pue_as("{choice: [1.1, 1.3], weights: [0, 0]}"),
          "bad.yaml:8:40: sites.iowa.pue.weights: the weights sum to 0")
MALFORMED("distribution: a central value the key refuses", pue_as("{uniform: [0.5, 0.9]}"),
          "bad.yaml:8:10: sites.iowa.pue: PUE must be >= 1")

namespace {
// The base with PUE, grid intensity and MFU as distributions and `correlations` as line 6 (the sites move down one).
std::string correlated(const std::string& correlations) {
  std::string yaml = edit("    pue: 1.1\n", "    pue: {uniform: [1.1, 1.4]}\n");
  yaml = edit("    carbon_intensity: 352 g/kWh\n", "    carbon_intensity: {uniform: [300 g/kWh, 500 g/kWh]}\n", yaml);
  yaml = edit("    mfu: 40 %\n", "    mfu: {choice: [35 %, 40 %]}\n", yaml);
  return edit("  sample_interval: 1 h\n", "  sample_interval: 1 h\n  correlations: " + correlations + "\n", yaml);
}
}  // namespace

MALFORMED("correlation: an input that is not a distribution",
          correlated("[{inputs: [sites.iowa.pue, clusters.h100-pod.servers], rank: 0.5}]"),
          "bad.yaml:6:44: scenario.correlations.0.inputs: 'clusters.h100-pod.servers' is not a value given as a "
          "distribution (expected one of: sites.iowa.pue, sites.iowa.carbon_intensity, workloads.llm.mfu)")
MALFORMED("correlation: an input named twice", correlated("[{inputs: [sites.iowa.pue, sites.iowa.pue], rank: 0.5}]"),
          "bad.yaml:6:27: scenario.correlations.0.inputs: names the same input twice")
MALFORMED("correlation: a rank of 1", correlated("[{inputs: [sites.iowa.pue, sites.iowa.carbon_intensity], rank: 1}]"),
          "bad.yaml:6:80: scenario.correlations.0.rank: must lie strictly between -1 and 1")
MALFORMED("correlation: the same pair twice",
          correlated("[{inputs: [sites.iowa.pue, workloads.llm.mfu], rank: 0.5}, "
                     "{inputs: [workloads.llm.mfu, sites.iowa.pue], rank: 0.2}]"),
          "bad.yaml:6:76: scenario.correlations.1: correlates the same inputs as the entry at bad.yaml:6:18")
MALFORMED("correlation: ranks that cannot hold together",
          correlated("[{inputs: [sites.iowa.pue, workloads.llm.mfu], rank: 0.9}, "
                     "{inputs: [workloads.llm.mfu, sites.iowa.carbon_intensity], rank: 0.9}, "
                     "{inputs: [sites.iowa.pue, sites.iowa.carbon_intensity], rank: -0.9}]"),
          "bad.yaml:6:17: scenario.correlations: these correlations cannot hold together (their matrix is not "
          "positive definite; e.g. a ~ b and b ~ c strongly positive with a ~ c negative)")
MALFORMED("correlation: not a list", correlated("{inputs: [sites.iowa.pue, workloads.llm.mfu], rank: 0.5}"),
          "bad.yaml:6:17: scenario.correlations: expected a list of {inputs: [PATH, PATH], rank: R}, found a mapping")
