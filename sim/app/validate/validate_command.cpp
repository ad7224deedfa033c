#include "sim/app/validate/validate_command.hpp"

#include "sim/app/common/child_process.hpp"
#include "sim/app/common/count_progress.hpp"
#include "sim/app/common/scratch_directory.hpp"
#include "sim/app/common/stop_signals.hpp"
#include "sim/app/sweep/sweep_outputs.hpp"
#include "sim/app/validate/validation_case.hpp"
#include "sim/app/validate/validation_check.hpp"
#include "sim/app/validate/validation_results.hpp"
#include "sim/app/validate/validation_runner.hpp"
#include "sim/app/validate/validation_table.hpp"
#include "sim/io/summary_reader.hpp"
#include "sim/scenario/projection_loader.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include "sim/app/common/command_line.hpp"

#include <boost/program_options.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace terawatt {
namespace {

struct ValidateOptions {
  std::string directory;           // empty: default_case_directory()
  std::vector<std::string> cases;  // --case: run only these
  unsigned jobs = 0;               // 0: one per usable core
  std::string output_dir;          // empty: a temporary directory, removed at the end
  std::string csv_path;            // --csv: the rows as CSV; empty: none
  std::string junit_path;          // --junit: the checks as JUnit XML; empty: none
};

int usage_error(const std::string& message) {
  return command_usage_error("validate", message);
}

// Where the cases are when no DIR is given: scenarios/validation in the working directory (the repository's root, as
// the README runs it), else the cases installed beside the program (PREFIX/share/terawatt/scenarios/validation for
// PREFIX/bin/terawatt, cmake/Install.cmake).
std::string default_case_directory() {
  std::string here = "scenarios/validation";
  if (fs::is_directory(here)) return here;
  std::error_code unreadable;
  const fs::path installed =
      fs::path(self_executable()).parent_path().parent_path() / "share" / "terawatt" / "scenarios" / "validation";
  if (fs::is_directory(installed, unreadable)) return installed.string();
  return here;
}

std::vector<std::string> case_files(const std::string& directory) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string indent(const std::string& text) {
  std::string out = "    ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

// Every case is checked before any runs: its `expected` section here, its scenario as `terawatt run` loads it.
// Returns false (after printing each error) when a case is malformed.
bool read_cases(const std::vector<std::string>& files, std::vector<ValidationCase>& cases) {
  bool malformed = false;
  for (const auto& file : files) {
    try {
      ValidationCase validation_case = read_validation_case_file(file);
      if (is_projection_file(file)) {
        (void)load_projection_file(file);  // a projection case: its metrics read /projection
      } else {
        (void)load_scenario_file(file);
      }
      cases.push_back(std::move(validation_case));
    } catch (const ScenarioError& e) {
      std::cerr << e.what() << '\n';
      malformed = true;
    }
  }
  return !malformed;
}

// Keeps the cases --case names; "" or the usage problem of a name that is not a case.
std::string keep_chosen_cases(const std::vector<std::string>& wanted_names, std::vector<ValidationCase>& cases) {
  if (wanted_names.empty()) return "";
  std::vector<std::string> names;
  for (const auto& c : cases) names.push_back(c.name);
  for (const auto& wanted : wanted_names) {
    if (std::find(names.begin(), names.end(), wanted) == names.end()) {
      return "--case " + wanted + ": no such case" + did_you_mean(wanted, names) + " (expected one of: " + join(names) +
             ")";
    }
  }
  const std::set<std::string> chosen(wanted_names.begin(), wanted_names.end());
  cases.erase(std::remove_if(cases.begin(), cases.end(), [&](const auto& c) { return !chosen.count(c.name); }),
              cases.end());
  return "";
}

// The checks of every case against its run's /summary.
struct Evaluation {
  std::vector<ValidationRow> rows;
  std::vector<std::string> problems;  // located: a malformed check that only the output reveals
  std::vector<std::string> run_failures;
  std::size_t checks = 0;
  std::size_t passed = 0;
  std::vector<std::string> documented_misses;
  std::map<std::string, std::string> miss_explanations;  // by "case: metric"
};

// The run's /summary, or "" in `summary` and the reason in the returned text.
std::string read_case_summary(const CaseRun& run, std::vector<PointSummaryVariable>& summary) {
  if (run.exit_code != 0) return "exit " + std::to_string(run.exit_code) + ":\n" + indent(run.error_tail);
  try {
    summary = read_point_summary(run.output_path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void evaluate_case(const ValidationCase& validation_case, const CaseRun& run, Evaluation& out) {
  out.checks += validation_case.checks.size();
  std::vector<PointSummaryVariable> summary;
  const std::string run_problem = read_case_summary(run, summary);
  if (!run_problem.empty()) {
    out.run_failures.push_back("case " + validation_case.name + " (" + validation_case.file +
                               ") did not run: " + run_problem);
    for (const auto& check : validation_case.checks) {
      out.rows.push_back(unevaluated_row(validation_case, check, "run failed"));
    }
    return;
  }
  for (const auto& check : validation_case.checks) {
    const CheckResult result = evaluate_check(check, summary);
    if (!result.problem.empty()) {
      out.problems.push_back(
          ScenarioError(check.location, check.key_path, "'" + check.metric.expression + "': " + result.problem).what());
      out.rows.push_back(unevaluated_row(validation_case, check, "error"));
      continue;
    }
    out.passed += result.outcome.pass;
    ValidationRow row = validation_row(validation_case, check, result.outcome);
    if (!result.outcome.pass && !check.known_miss.empty()) {
      row.result = "documented miss";
      out.documented_misses.push_back(validation_case.name + ": " + check.metric.expression + ": " + check.known_miss);
      out.miss_explanations[validation_case.name + ": " + check.metric.expression] = check.known_miss;
    }
    out.rows.push_back(row);
  }
}

void print_report(const std::vector<ValidationCase>& cases, const Evaluation& evaluation) {
  std::cout << format_validation_table(evaluation.rows) << '\n'
            << cases.size() << (cases.size() == 1 ? " case, " : " cases, ") << evaluation.checks
            << " checks: " << evaluation.passed << " passed, " << evaluation.documented_misses.size()
            << " documented misses, " << evaluation.checks - evaluation.passed - evaluation.documented_misses.size()
            << " did not\n";
  if (!evaluation.documented_misses.empty()) {
    std::cout << "\ndocumented misses\n";
    for (const auto& miss : evaluation.documented_misses) std::cout << "  " << miss << '\n';
  }
  std::cout << "\nsources\n";
  for (const auto& validation_case : cases) {
    std::vector<std::string> seen;
    for (const auto& check : validation_case.checks) {
      if (std::find(seen.begin(), seen.end(), check.source) != seen.end()) continue;
      seen.push_back(check.source);
      std::cout << "  " << validation_case.name << ": " << check.source << '\n';
    }
  }
  std::cout.flush();
  for (const auto& failure : evaluation.run_failures) std::cerr << "terawatt validate: " << failure << '\n';
  for (const auto& problem : evaluation.problems) std::cerr << problem << '\n';
}

int validate(const ValidateOptions& options) {
  if (!fs::is_directory(options.directory)) {
    return usage_error("'" + options.directory + "' is not a directory" +
                       (options.directory == "scenarios/validation"
                            ? " (give DIR, run from the repository's root, or install terawatt with cmake --install)"
                            : ""));
  }
  const std::vector<std::string> files = case_files(options.directory);
  if (files.empty()) return usage_error("no validation cases (*.yaml) in '" + options.directory + "'");
  std::vector<ValidationCase> cases;
  if (!read_cases(files, cases)) return exit_usage;
  const std::string unknown_case = keep_chosen_cases(options.cases, cases);
  if (!unknown_case.empty()) return usage_error(unknown_case);

  // A stop signal while the cases run stops them (the pool throws StoppedBySignal); one that comes after is held
  // until the temporary directory is gone, then ends the process. Either way the directory is removed.
  const StopSignalScope stop_after_cleanup;
  const ScratchDirectory output("terawatt-validate", options.output_dir);
  const unsigned jobs = options.jobs != 0 ? options.jobs : usable_cores();
  CountProgress progress(stderr_progress_style(false), cases.size(), "cases");
  const auto began = std::chrono::steady_clock::now();
  std::size_t done = 0;
  const std::vector<CaseRun> runs =
      run_validation_cases(cases, self_executable(), output.path(), jobs, [&](std::size_t i) {
        const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        std::cerr << progress.finished(++done, wall_s, cases[i].name) << std::flush;
      });
  std::cerr << progress.finish() << std::flush;
  Evaluation evaluation;
  for (std::size_t i = 0; i < cases.size(); ++i) evaluate_case(cases[i], runs[i], evaluation);
  print_report(cases, evaluation);
  if (!options.csv_path.empty()) write_file_atomically(options.csv_path, validation_csv(evaluation.rows));
  if (!options.junit_path.empty()) {
    write_file_atomically(options.junit_path, validation_junit(evaluation.rows, evaluation.miss_explanations));
  }
  if (!evaluation.problems.empty()) return exit_usage;
  return evaluation.passed + evaluation.documented_misses.size() == evaluation.checks ? 0 : exit_failure;
}

}  // namespace

int validate_main(const std::vector<std::string>& args) {
  ValidateOptions options;
  std::string jobs_text;
  po::options_description visible("terawatt validate options");
  visible.add_options()("help,h", "show this help")("case",
                                                    po::value<std::vector<std::string>>(&options.cases)->composing(),
                                                    "run only this case, the file's name without .yaml (repeatable)")(
      "jobs,j", po::value<std::string>(&jobs_text), "run N cases at a time (default: one per usable core)")(
      "output,o", po::value<std::string>(&options.output_dir),
      "keep each case's HDF5 output in this directory (default: a temporary directory, removed)")(
      "csv", po::value<std::string>(&options.csv_path), "also write the table's rows to this CSV file")(
      "junit", po::value<std::string>(&options.junit_path),
      "also write the checks as JUnit XML to this file (a figure outside its tolerance is a failure)");
  po::variables_map vm;
  try {
    vm = parse_command_arguments(args, visible, "directory", options.directory);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  if (vm.count("help")) {
    std::cout << "usage: terawatt validate [DIR] [--case NAME]... [--jobs N] [-o OUTDIR] [--csv FILE] [--junit FILE]\n"
                 "\n"
                 "Runs every validation case in DIR (default: scenarios/validation, else the cases installed with\n"
                 "the program in PREFIX/share/terawatt/scenarios/validation), each a scenario with an\n"
                 "`expected` section of published figures, and prints published against simulated values. Mode\n"
                 "measured-power imposes the study's power per accelerator (tight tolerances); mode predicted\n"
                 "lets the catalog and power model set it (wider tolerances, the model's error). Exit 0 when every\n"
                 "check passes, 1 when one fails or a case's run fails, 2 for a malformed case.\n\n"
              << visible << '\n';
    return 0;
  }
  if (vm.count("jobs")) {
    const auto jobs = positive_count(jobs_text);
    if (!jobs) return usage_error("--jobs " + jobs_text + ": expected a whole number of at least 1");
    options.jobs = *jobs;
  }
  if (options.directory.empty()) options.directory = default_case_directory();
  try {
    return validate(options);
  } catch (...) {
    return report_command_failure("terawatt validate");
  }
}

}  // namespace terawatt
