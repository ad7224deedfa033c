#include "sim/app/sweep/collect_table.hpp"

#include "sim/app/sweep/sweep_values.hpp"
#include "sim/io/summary_reader.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace terawatt {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

TableColumn parameter_column(const SweepPlan& plan, std::size_t j) {
  TableColumn column;
  column.name = plan.parameters[j];
  column.long_name = "swept parameter " + plan.parameters[j];
  std::optional<Dimension> dimension;
  for (const auto& point : plan.points) {
    const auto quantity = read_sweep_quantity(point.values[j]);
    if (!quantity || (dimension && *dimension != quantity->dimension)) {
      column.numeric = false;
      break;
    }
    dimension = quantity->dimension;
    column.numbers.push_back(quantity->si);
  }
  if (column.numeric) {
    column.units = std::string(cf_unit(*dimension));
    column.csv_header = column.name + " [" + column.units + "]";
  } else {
    column.numbers.clear();
    for (const auto& point : plan.points) column.texts.push_back(point.values[j]);
  }
  return column;
}

std::string metric_long_name(const MetricSpec& metric, const PointSummaryVariable& v) {
  if (!metric.label.empty()) return v.long_name + ", " + metric.dimension + " " + metric.label;
  if (!metric.reducer.empty()) return metric.reducer + " over " + v.dimension + " of " + v.long_name;
  return v.values.size() == 1 ? v.long_name : v.long_name + ", summed over " + v.dimension;
}

}  // namespace

std::vector<std::string> metric_problems(const SweepLayout& layout, const SweepPlan& plan) {
  std::vector<std::string> problems;
  for (const auto& point : plan.points) {
    if (point_state(layout, plan, point) != PointState::done) continue;
    const auto variables = read_point_summary(layout.output_path(point.name));
    for (const auto& metric : plan.metrics) {
      const MetricValue value = evaluate_metric(metric.spec, variables);
      if (!value.problem.empty()) {
        problems.push_back(metric.location + ": metrics: '" + metric.spec.expression + "': " + value.problem);
      }
    }
    break;
  }
  return problems;
}

namespace {

// The metric columns of the table as the done points fill them, with what they need to report metrics that a
// point's /summary cannot give.
struct MetricColumns {
  std::vector<TableColumn> columns;
  std::vector<std::size_t> found_in;       // the done points that gave each metric
  std::vector<std::string> first_problem;  // why the first point that could not give it did not

  MetricColumns(const std::vector<SweepMetric>& metrics, std::size_t points)
      : columns(metrics.size()), found_in(metrics.size(), 0), first_problem(metrics.size()) {
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      columns[m].name = metrics[m].spec.column;
      columns[m].numbers.assign(points, nan);
    }
  }

  // Point i's values; the first point that gives a metric also gives its units and long name.
  void fill(std::size_t i, const std::vector<PointSummaryVariable>& variables,
            const std::vector<SweepMetric>& metrics) {
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const MetricValue value = evaluate_metric(metrics[m].spec, variables);
      if (!value.problem.empty()) {
        if (first_problem[m].empty()) first_problem[m] = value.problem;
        continue;
      }
      columns[m].numbers[i] = value.value;
      if (found_in[m]++ == 0) {
        const auto& v = *std::find_if(variables.begin(), variables.end(), [&](const PointSummaryVariable& x) {
          return x.name == metrics[m].spec.variable;
        });
        columns[m].units = v.units;
        columns[m].long_name = metric_long_name(metrics[m].spec, v);
      }
    }
  }

  // A metric that no done point gives is an error in the sweep file; one that some do not give, a warning.
  void finish(const std::vector<SweepMetric>& metrics, std::size_t done, std::vector<std::string>& warnings) {
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      if (done > 0 && found_in[m] == 0) {
        throw ScenarioError(metrics[m].location, "metrics",
                            "'" + metrics[m].spec.expression + "': " + first_problem[m]);
      }
      if (found_in[m] < done) {
        warnings.push_back("metric '" + metrics[m].spec.expression + "' is NaN in " +
                           std::to_string(done - found_in[m]) + " done points: " + first_problem[m]);
      }
      if (columns[m].units.empty()) columns[m].units = "1";  // no point is done yet
      if (columns[m].long_name.empty()) columns[m].long_name = metrics[m].spec.expression;
      columns[m].csv_header = metrics[m].spec.expression + " [" + columns[m].units + "]";
    }
  }
};

}  // namespace

CollectedTable collect_table(const SweepLayout& layout, const SweepPlan& plan,
                             const std::vector<SweepMetric>& metrics) {
  CollectedTable table;
  table.sweep_name = plan.name;
  const std::size_t n = plan.points.size();
  for (const auto& point : plan.points) table.points.push_back(point.name);

  TableColumn index{"index", "1", "position of the point in the sweep plan", true, {}, {}, {}};
  for (const auto& point : plan.points) index.numbers.push_back(static_cast<double>(point.index));
  table.columns.push_back(std::move(index));
  for (std::size_t j = 0; j < plan.parameters.size(); ++j) table.columns.push_back(parameter_column(plan, j));

  MetricColumns metric_columns(metrics, n);
  TableColumn status{"status", "", "done, failed or missing", false, {}, {}, {}};
  TableColumn exit_code{"exit_code", "1", "exit code of a failed point (NaN otherwise)", true, {}, {}, {}};
  TableColumn error{"error", "", "last line of a failed point's error output", false, {}, {}, {}};

  for (std::size_t i = 0; i < n; ++i) {
    const SweepPoint& point = plan.points[i];
    const PointState state = point_state(layout, plan, point);
    std::string point_status = "done";
    double code = nan;
    std::string message;
    if (state == PointState::done) {
      ++table.done;
      metric_columns.fill(i, read_point_summary(layout.output_path(point.name)), metrics);
    } else if (const auto failure = read_point_failure(layout.failed_path(point.name));
               failure && state == PointState::failed) {
      point_status = "failed";
      code = failure->exit_code;
      message = failure->error;
      table.issues.push_back({point.name, "failed", failure->exit_code, failure->error});
    } else {
      point_status = "missing";
      table.issues.push_back(
          {point.name, "missing", 0,
           state == PointState::stale ? "its output is from another base scenario or other overrides" : "no output"});
    }
    status.texts.push_back(point_status);
    exit_code.numbers.push_back(code);
    const auto newline = message.find_last_of('\n');
    error.texts.push_back(newline == std::string::npos ? message : message.substr(newline + 1));
  }

  metric_columns.finish(metrics, table.done, table.warnings);
  std::set<std::string> taken{"point"};
  for (auto& column : metric_columns.columns) table.columns.push_back(std::move(column));
  table.columns.push_back(std::move(status));
  table.columns.push_back(std::move(exit_code));
  table.columns.push_back(std::move(error));
  for (const auto& column : table.columns) {
    if (!taken.insert(column.name).second) {
      throw ScenarioError(plan.sweep_file, "metrics",
                          "two columns are named '" + column.name + "' (expected distinct parameters and metrics)");
    }
  }
  return table;
}

}  // namespace terawatt
