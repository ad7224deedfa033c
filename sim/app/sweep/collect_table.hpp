#pragma once
// A sweep's points gathered into one table: a row per point of the plan, in plan order, with the swept parameters
// (numbers in SI units where every value is a quantity, else text), the metrics read from each point's /summary,
// and the point's status. Points without a complete output keep NaN metrics and are listed as failed or missing.

#include "sim/app/sweep/sweep_outputs.hpp"
#include "sim/app/sweep/sweep_plan.hpp"

#include <string>
#include <vector>

namespace terawatt {

struct TableColumn {
  std::string name;
  std::string units;  // numeric columns only ("1" for dimensionless)
  std::string long_name;
  bool numeric = true;
  std::vector<double> numbers;
  std::vector<std::string> texts;
  // The CSV's header for it: a quantity's name, or a metric as the sweep file writes it, then " [unit]"
  // ("clusters.pod.power_cap [W]", "workload_emissions[workload=llm-13b] [kg]"); empty: the name.
  std::string csv_header;
};

struct PointIssue {
  std::string name;
  std::string status;  // "failed" or "missing"
  int exit_code = 0;   // failed only
  std::string error;   // failed: the end of its error output; missing: why ("no output", "stale output")
};

struct CollectedTable {
  std::string sweep_name;
  std::vector<std::string> points;    // the names, in plan order: the table's `point` dimension
  std::vector<TableColumn> columns;   // index, parameters, metrics, status, exit_code, error
  std::vector<PointIssue> issues;     // failed and missing points, in plan order
  std::vector<std::string> warnings;  // e.g. a metric absent from some points
  std::size_t done = 0;
};

// `metrics` are the plan's and any given on the command line. Throws ScenarioError, located where the metric is
// given, for a metric that names no variable, dimension or label of the points' /summary, or that sums a variable
// that does not add up (a PUE, a time) over several labels.
CollectedTable collect_table(const SweepLayout& layout, const SweepPlan& plan, const std::vector<SweepMetric>& metrics);

// The metrics that the first done point cannot give, each as "file:line:col: metrics: 'expr': problem", so that a
// sweep can warn of a typo as soon as one point is done, rather than at `collect`. Empty when none is done yet.
std::vector<std::string> metric_problems(const SweepLayout& layout, const SweepPlan& plan);

}  // namespace terawatt
