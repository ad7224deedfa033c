#include "sim/app/sweep/sweep_tasks.hpp"

#include "sim/app/common/child_process.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace terawatt {

std::vector<std::vector<std::size_t>> bundle_points(const std::vector<std::size_t>& pending,
                                                    std::size_t points_per_task) {
  if (points_per_task == 0) throw std::invalid_argument("points per task must be at least 1");
  std::vector<std::vector<std::size_t>> tasks;
  for (std::size_t i = 0; i < pending.size(); i += points_per_task) {
    tasks.emplace_back(pending.begin() + static_cast<std::ptrdiff_t>(i),
                       pending.begin() + static_cast<std::ptrdiff_t>(std::min(pending.size(), i + points_per_task)));
  }
  return tasks;
}

std::size_t points_per_task_within(std::size_t pending, std::size_t requested, std::size_t max_array_size) {
  const std::size_t tasks_allowed = max_array_size == 0 ? 1 : max_array_size;
  const std::size_t least = (pending + tasks_allowed - 1) / tasks_allowed;
  return std::max({requested, least, std::size_t{1}});
}

std::size_t points_for_task_time(double task_time_s, double point_time_s) {
  if (!(task_time_s > 0.0) || !(point_time_s > 0.0)) {
    throw std::invalid_argument("task and point times must be positive");
  }
  const double fit = std::floor(task_time_s / point_time_s);
  // Past a billion points a task the count no longer matters: MaxArraySize and the sweep's size bound it first.
  return fit < 1.0 ? 1 : static_cast<std::size_t>(std::min(fit, 1e9));
}

std::optional<double> typical_point_time(std::vector<double> measured_s) {
  measured_s.erase(std::remove_if(measured_s.begin(), measured_s.end(), [](double s) { return !(s > 0.0); }),
                   measured_s.end());
  if (measured_s.empty()) return std::nullopt;
  const auto middle = measured_s.begin() + static_cast<std::ptrdiff_t>(measured_s.size() / 2);
  std::nth_element(measured_s.begin(), middle, measured_s.end());
  return *middle;
}

std::optional<std::size_t> slurm_max_array_size() {
  CapturedRun run;
  try {
    run = run_captured({"scontrol", "show", "config"});
  } catch (const std::runtime_error&) {
    return std::nullopt;  // no scontrol here: the caller assumes Slurm's default
  }
  if (run.exit.exit_code != 0) return std::nullopt;
  static const std::regex setting(R"(\s*MaxArraySize\s*=\s*(\d{1,9})\s*)");
  std::istringstream lines(run.out);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, match, setting)) return std::stoul(match[1].str());
  }
  return std::nullopt;
}

std::string tasks_file_text(const std::vector<std::vector<std::size_t>>& tasks) {
  std::string text =
      "# terawatt sweep: the points (indices in plan.yaml) of each Slurm array task, one task a line, from task 0\n";
  for (const auto& task : tasks) {
    for (std::size_t i = 0; i < task.size(); ++i) text += (i ? " " : "") + std::to_string(task[i]);
    text += '\n';
  }
  return text;
}

std::vector<std::size_t> read_task_points(const std::string& path, std::size_t task) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + " (write it with --slurm --points-per-task)");
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '#') continue;
    if (number++ != task) continue;
    std::istringstream fields(line);
    std::vector<std::size_t> points;
    std::string field;
    while (fields >> field) {
      if (field.find_first_not_of("0123456789") != std::string::npos || field.size() > 9) {
        throw std::runtime_error(path + ": task " + std::to_string(task) + ": '" + field + "' is not a point index");
      }
      points.push_back(std::stoul(field));
    }
    if (points.empty()) throw std::runtime_error(path + ": task " + std::to_string(task) + " lists no points");
    return points;
  }
  throw std::runtime_error(path + ": there is no task " + std::to_string(task) + " (it lists " +
                           std::to_string(number) + ")");
}

}  // namespace terawatt
