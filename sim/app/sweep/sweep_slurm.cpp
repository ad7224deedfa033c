#include "sim/app/sweep/sweep_slurm.hpp"

#include "sim/app/common/child_process.hpp"
#include "sim/app/sweep/sweep_values.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace terawatt {
namespace {

// Single quotes for the shell: nothing inside them is special but the quote itself.
std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// '%' starts a file-name pattern in --output (%A, %a, %j), so a literal one is doubled.
std::string output_pattern_text(const std::string& path) {
  std::string escaped;
  for (char c : path) escaped += c == '%' ? std::string("%%") : std::string(1, c);
  return escaped;
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string::npos ? "" : text.substr(first);
}

// Whole minutes in Slurm's HH:MM:SS, or D-HH:MM:SS from a day on.
std::string minutes_text(long long total) {
  constexpr long long minutes_per_day = 24LL * 60;
  char out[64];
  if (total >= minutes_per_day) {
    std::snprintf(out, sizeof out, "%lld-%02lld:%02lld:00", total / minutes_per_day, total / 60 % 24, total % 60);
  } else {
    std::snprintf(out, sizeof out, "%lld:%02lld:00", total / 60, total % 60);
  }
  return out;
}

// Seconds of a time limit in Slurm's syntax (as slurm_time_text accepts it): "MM", "MM:SS", "HH:MM:SS", "D-HH",
// "D-HH:MM", "D-HH:MM:SS".
double slurm_seconds(const std::string& text) {
  const auto dash = text.find('-');
  const double days = dash == std::string::npos ? 0.0 : std::stod(text.substr(0, dash));
  std::vector<double> parts;
  std::stringstream rest(dash == std::string::npos ? text : text.substr(dash + 1));
  for (std::string part; std::getline(rest, part, ':');) parts.push_back(std::stod(part));
  double seconds = days * 86400.0;
  if (dash != std::string::npos) {  // D-HH[:MM[:SS]]
    const double scale[] = {3600.0, 60.0, 1.0};
    for (std::size_t i = 0; i < parts.size() && i < 3; ++i) seconds += parts[i] * scale[i];
  } else if (parts.size() == 1) {  // MM
    seconds += parts[0] * 60.0;
  } else if (parts.size() == 2) {  // MM:SS
    seconds += parts[0] * 60.0 + parts[1];
  } else {  // HH:MM:SS
    seconds += parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
  }
  return seconds;
}

}  // namespace

std::string slurm_time_for_points(const std::string& per_point, std::size_t points) {
  if (per_point.empty() || per_point == "UNLIMITED" || per_point == "INFINITE") return per_point;
  const double minutes = std::ceil(slurm_seconds(per_point) * static_cast<double>(points) / 60.0 - 1e-9);
  return minutes_text(static_cast<long long>(minutes));
}

std::string slurm_time_for_expected(double expected_s, const std::string& per_point, std::size_t points) {
  if (per_point.empty() || per_point == "UNLIMITED" || per_point == "INFINITE") return per_point;
  const double per_point_s = slurm_seconds(per_point);
  const double seconds = std::min(2.0 * expected_s + per_point_s, per_point_s * static_cast<double>(points));
  return minutes_text(static_cast<long long>(std::ceil(seconds / 60.0 - 1e-9)));
}

std::string slurm_time_text(std::string_view text) {
  std::string raw(text);
  if (const auto quantity = read_sweep_quantity(raw); quantity && quantity->dimension == Dimension::time) {
    if (!(quantity->si > 0.0))
      throw std::invalid_argument("'" + raw + "' is not a positive time (expected e.g. 30 min)");
    const double minutes = std::ceil(quantity->si / 60.0 - 1e-9);
    if (minutes > 1e7)
      throw std::invalid_argument("'" + raw + "' is longer than Slurm can take (expected at most a few years)");
    return minutes_text(static_cast<long long>(minutes));
  }
  static const std::regex slurm_syntax(R"(\d+(:\d+){0,2}|\d+-\d+(:\d+){0,2}|UNLIMITED|INFINITE)");
  if (std::regex_match(raw, slurm_syntax)) return raw;
  throw std::invalid_argument("'" + raw +
                              "' is not a time limit (expected a time such as 30 min or 2 h, or Slurm's "
                              "MM, HH:MM:SS or D-HH:MM:SS)");
}

std::string slurm_mem_text(std::string_view text) {
  std::string raw(text);
  if (const auto quantity = read_sweep_quantity(raw); quantity && quantity->dimension == Dimension::data_size) {
    if (!(quantity->si > 0.0)) throw std::invalid_argument("'" + raw + "' is not a positive size (expected e.g. 2 GB)");
    const double mebibytes = std::ceil(quantity->si / (1024.0 * 1024.0) - 1e-9);
    if (mebibytes > 1e12) throw std::invalid_argument("'" + raw + "' is more memory than any node has");
    return format_number(mebibytes, 15) + "M";
  }
  static const std::regex slurm_syntax(R"(\d+[KMGT]?)");
  if (std::regex_match(raw, slurm_syntax)) return raw;
  throw std::invalid_argument("'" + raw +
                              "' is not an amount of memory (expected a size such as 2 GB or 512 MiB, "
                              "or Slurm's 2G or 2048M)");
}

std::string slurm_array_spec(std::vector<std::size_t> indices, std::optional<std::size_t> throttle) {
  std::sort(indices.begin(), indices.end());
  std::string spec;
  for (std::size_t i = 0; i < indices.size();) {
    std::size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    spec += (spec.empty() ? "" : ",") + std::to_string(indices[i]);
    if (j > i) spec += "-" + std::to_string(indices[j]);
    i = j + 1;
  }
  if (throttle) spec += "%" + std::to_string(*throttle);
  return spec;
}

std::string sbatch_path_problem(const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (path.find_first_of(" \t\n") != std::string::npos) {
      return "'" + path + "' contains white space, which an #SBATCH line cannot hold (expected a path without spaces)";
    }
  }
  return {};
}

std::string sbatch_script(const SlurmScriptInputs& inputs) {
  const std::string problem = sbatch_path_problem({inputs.output_dir, inputs.terawatt_path, inputs.sweep_file});
  if (!problem.empty()) throw std::invalid_argument(problem);
  const std::string escaped = output_pattern_text(inputs.output_dir + "/logs");
  const SlurmSettings& s = inputs.settings;
  std::ostringstream out;
  out << "#!/bin/bash\n";
  const std::string per_task =
      inputs.points_per_task > 0 ? std::to_string(inputs.points_per_task) + " points (tasks.txt)" : "point";
  out << "# terawatt sweep '" << inputs.sweep_name << "': one array task per " << per_task
      << " that was pending when this was\n"
      << "# written. Points already done are skipped, so after an interruption or failures, submit again with\n"
      << "#   " << inputs.terawatt_path << " sweep " << inputs.sweep_file << " -o " << inputs.output_dir
      << " --submit\n"
      << "# and collect with\n"
      << "#   " << inputs.terawatt_path << " collect " << inputs.output_dir << " -o " << inputs.output_dir
      << "/table.h5\n";
  out << "#SBATCH --job-name=" << (s.job_name.empty() ? inputs.sweep_name : s.job_name) << "\n";
  out << "#SBATCH --array=" << slurm_array_spec(inputs.indices, s.throttle) << "\n";
  out << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n";
  if (!s.time.empty()) out << "#SBATCH --time=" << s.time << "\n";
  if (!s.mem.empty()) out << "#SBATCH --mem=" << s.mem << "\n";
  if (!s.partition.empty()) out << "#SBATCH --partition=" << s.partition << "\n";
  if (!s.account.empty()) out << "#SBATCH --account=" << s.account << "\n";
  out << "#SBATCH --output=" << escaped << "/%A_%a.out\n";
  for (const auto& option : s.options) out << "#SBATCH " << option << "\n";
  out << "exec " << shell_quote(inputs.terawatt_path) << " sweep " << shell_quote(inputs.sweep_file) << " -o "
      << shell_quote(inputs.output_dir);
  for (const auto& path : inputs.catalog_files) out << " --catalog " << shell_quote(path);
  out << (inputs.points_per_task > 0 ? " --task" : " --index") << " \"$SLURM_ARRAY_TASK_ID\"\n";
  return out.str();
}

std::string submit_sbatch(const std::vector<std::string>& arguments) {
  std::vector<std::string> command{"sbatch", "--parsable"};
  command.insert(command.end(), arguments.begin(), arguments.end());
  CapturedRun run;
  try {
    run = run_captured(command);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string(e.what()) + " (is Slurm installed and sbatch on PATH?)");
  }
  const ProcessExit& exit = run.exit;
  const std::string output = trimmed(run.out);
  const std::string errors = trimmed(run.err);
  if (exit.exit_code != 0) {
    throw std::runtime_error("sbatch failed (exit " + std::to_string(exit.exit_code) + ")" +
                             (errors.empty() ? "" : ": " + errors));
  }
  // --parsable prints "jobid" or "jobid;cluster".
  std::string job_id = output.substr(0, output.find(';'));
  if (job_id.empty() || job_id.find_first_not_of("0123456789") != std::string::npos) {
    throw std::runtime_error("sbatch printed no job id: '" + output + "'" +
                             (errors.empty() ? "" : " (" + errors + ")"));
  }
  return job_id;
}

std::string submit_collect_after(const std::string& array_job, const SlurmScriptInputs& inputs) {
  const SlurmSettings& s = inputs.settings;
  std::vector<std::string> arguments{
      "--dependency=afterany:" + array_job,
      "--job-name=" + (s.job_name.empty() ? inputs.sweep_name : s.job_name) + "-collect", "--ntasks=1",
      "--output=" + output_pattern_text(inputs.output_dir + "/logs") + "/collect_%j.out"};
  if (!s.partition.empty()) arguments.push_back("--partition=" + s.partition);
  if (!s.account.empty()) arguments.push_back("--account=" + s.account);
  arguments.push_back("--wrap=exec " + shell_quote(inputs.terawatt_path) + " collect " +
                      shell_quote(inputs.output_dir) + " -o " + shell_quote(inputs.output_dir + "/table.h5"));
  return submit_sbatch(arguments);
}

}  // namespace terawatt
