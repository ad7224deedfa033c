#include "sim/app/sweep/collect_command.hpp"

#include "models/base/iso8601.hpp"
#include "sim/app/sweep/collect_output.hpp"
#include "sim/app/sweep/collect_table.hpp"
#include "sim/app/sweep/sweep_outputs.hpp"
#include "sim/record/provenance.hpp"

#include "sim/app/common/command_line.hpp"

#include <boost/program_options.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace terawatt {
namespace {

constexpr int exit_incomplete = exit_failure;  // some points failed or are missing
constexpr std::size_t max_listed = 20;

int usage_error(const std::string& message) {
  return command_usage_error("collect", message);
}

std::vector<Attribute> table_attributes(const SweepPlan& plan, const CollectedTable& table,
                                        const std::string& command_line) {
  const double now_s = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string created = format_iso8601_utc(static_cast<double>(static_cast<std::int64_t>(now_s)));
  const auto count = [&](const std::string& status) {
    std::int64_t n = 0;
    for (const auto& issue : table.issues) n += issue.status == status;
    return n;
  };
  return {
      {"title", "terawatt sweep '" + plan.name + "': one row per point"},
      {"software", std::string("terawatt")},
      {"version", software_version()},
      {"git_describe", git_describe()},
      {"created", created},
      {"history", history_line(created, command_line)},
      {"sweep_name", plan.name},
      {"sweep_file", plan.sweep_file},
      {"scenario_file", plan.scenario_file},
      {"scenario_sha256", plan.scenario_sha256},
      {"points", static_cast<std::int64_t>(plan.points.size())},
      {"points_done", static_cast<std::int64_t>(table.done)},
      {"points_failed", count("failed")},
      {"points_missing", count("missing")},
      {"Conventions", std::string("CF-1.8")},
  };
}

std::string with_extension(const std::string& path, const std::string& extension) {
  fs::path p(path);
  p.replace_extension(extension);
  return p.string();
}

// The counts on stdout (stderr when points failed or are missing), then the first failed and missing points.
void report_collection(const SweepPlan& plan, const CollectedTable& table, const std::string& output,
                       const std::string& csv, bool quiet) {
  for (const auto& warning : table.warnings) std::cerr << "warning: " << warning << '\n';
  std::size_t failed = 0;
  std::size_t missing = 0;
  for (const auto& issue : table.issues) (issue.status == "failed" ? failed : missing) += 1;
  if (!quiet || !table.issues.empty()) {
    (table.issues.empty() ? std::cout : std::cerr)
        << "sweep '" << plan.name << "': " << plan.points.size() << " points, " << table.done << " done, " << failed
        << " failed, " << missing << " missing -> " << output << (csv.empty() ? "" : " and " + csv) << '\n';
  }
  std::size_t listed = 0;
  for (const auto& issue : table.issues) {
    if (listed++ == max_listed) {
      std::cerr << "  ... and " << table.issues.size() - max_listed << " more (the table's status column lists all)\n";
      break;
    }
    std::string detail = issue.error;
    const auto newline = detail.find_last_of('\n');
    if (newline != std::string::npos) detail = detail.substr(newline + 1);
    std::cerr << "  " << issue.name << " " << issue.status;
    if (issue.status == "failed") std::cerr << " (exit " << issue.exit_code << ")";
    std::cerr << ": " << detail << '\n';
  }
}

}  // namespace

int collect_main(const std::vector<std::string>& args, const std::string& command_line) {
  std::string dir;
  std::string output;
  std::vector<std::string> extra_metrics;
  bool quiet = false;
  po::options_description visible("terawatt collect options");
  visible.add_options()("help,h", "show this help")("output,o", po::value<std::string>(&output),
                                                    "the table, HDF5 (default: DIR/table.h5)")(
      "csv", po::value<std::string>()->implicit_value(""), "also write CSV (default: the table's name with .csv)")(
      "metric", po::value<std::vector<std::string>>(&extra_metrics)->composing(),
      "collect this /summary variable too, e.g. --metric 'emissions[site=iowa]' (repeatable)")(
      "quiet,q", po::bool_switch(&quiet), "print only problems");
  po::variables_map vm;
  try {
    vm = parse_command_arguments(args, visible, "dir", dir);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  if (vm.count("help")) {
    std::cout << "usage: terawatt collect DIR [-o TABLE.h5] [--csv [TABLE.csv]] [--metric EXPR]...\n\n"
                 "One row per point of the sweep in DIR: its parameters, its metrics and its status. Open it with\n"
                 "xr.open_dataset(TABLE, group=\"summary\", engine=\"h5netcdf\"). Failed and missing points keep NaN\n"
                 "metrics, are listed, and make the exit code 1.\n\n"
              << visible << '\n';
    return 0;
  }
  if (dir.empty()) return usage_error("missing the sweep directory");
  if (output.empty()) output = dir + "/table.h5";
  std::string csv;
  if (vm.count("csv")) {
    csv = vm["csv"].as<std::string>();
    if (csv.empty()) csv = with_extension(output, ".csv");
  }

  const SweepLayout layout(dir);
  SweepPlan plan;
  try {
    plan = read_plan_file(layout.plan_path());
  } catch (const std::runtime_error& e) {
    std::cerr << "terawatt collect: " << e.what() << '\n';
    return exit_usage;
  }
  std::vector<SweepMetric> metrics = plan.metrics;
  for (const auto& text : extra_metrics) {
    try {
      metrics.push_back({parse_metric(text), "--metric " + text});
    } catch (const std::invalid_argument& e) {
      return usage_error(std::string("--metric: ") + e.what());
    }
  }

  CollectedTable table;
  try {
    table = collect_table(layout, plan, metrics);
    write_collected_table(table, table_attributes(plan, table, command_line), output, csv);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "terawatt collect: error: " << e.what() << '\n';
    return exit_incomplete;
  }

  report_collection(plan, table, output, csv, quiet);
  return table.issues.empty() ? 0 : exit_incomplete;
}

}  // namespace terawatt
