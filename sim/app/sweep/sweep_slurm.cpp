#include "sim/app/sweep/sweep_slurm.hpp"

#include "sim/app/common/child_process.hpp"
#include "sim/app/sweep/sweep_values.hpp"

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
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

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const auto first = text.find_first_not_of(" \t\r\n");
  return first == std::string::npos ? "" : text.substr(first);
}

}  // namespace

std::string slurm_time_text(std::string_view text) {
  std::string raw(text);
  if (const auto quantity = read_sweep_quantity(raw); quantity && quantity->dimension == Dimension::time) {
    if (!(quantity->si > 0.0))
      throw std::invalid_argument("'" + raw + "' is not a positive time (expected e.g. 30 min)");
    const double minutes = std::ceil(quantity->si / 60.0 - 1e-9);
    if (minutes > 1e7)
      throw std::invalid_argument("'" + raw + "' is longer than Slurm can take (expected at most a few years)");
    const auto total = static_cast<long long>(minutes);
    constexpr long long minutes_per_day = 24LL * 60;
    char out[64];
    if (total >= minutes_per_day) {
      std::snprintf(out, sizeof out, "%lld-%02lld:%02lld:00", total / minutes_per_day, total / 60 % 24, total % 60);
    } else {
      std::snprintf(out, sizeof out, "%lld:%02lld:00", total / 60, total % 60);
    }
    return out;
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
  // '%' starts a file-name pattern in --output (%A, %a), so a literal one is doubled.
  std::string logs = inputs.output_dir + "/logs";
  std::string escaped;
  for (char c : logs) escaped += c == '%' ? std::string("%%") : std::string(1, c);
  const SlurmSettings& s = inputs.settings;
  std::ostringstream out;
  out << "#!/bin/bash\n";
  out << "# terawatt sweep '" << inputs.sweep_name << "': one array task per point that was pending when this was\n"
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
      << shell_quote(inputs.output_dir) << " --index \"$SLURM_ARRAY_TASK_ID\"\n";
  return out.str();
}

std::string submit_sbatch(const std::string& script_path, const std::string& scratch_dir) {
  const std::string stdout_path = scratch_dir + "/sbatch.out.tmp" + std::to_string(getpid());
  const std::string stderr_path = scratch_dir + "/sbatch.err.tmp" + std::to_string(getpid());
  std::remove(stdout_path.c_str());
  std::remove(stderr_path.c_str());
  ProcessExit exit;
  try {
    exit = wait_process(spawn_process({"sbatch", "--parsable", script_path}, stdout_path, stderr_path));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string(e.what()) + " (is Slurm installed and sbatch on PATH?)");
  }
  const std::string output = trimmed(read_file(stdout_path));
  const std::string errors = trimmed(read_file(stderr_path));
  std::remove(stdout_path.c_str());
  std::remove(stderr_path.c_str());
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

}  // namespace terawatt
