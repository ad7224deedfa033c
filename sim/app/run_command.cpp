#include "sim/app/run_command.hpp"

#include "models/base/iso8601.hpp"
#include "models/base/nearest_name.hpp"
#include "sim/app/common/central_values_note.hpp"
#include "sim/app/common/command_line.hpp"
#include "sim/app/common/count_progress.hpp"
#include "sim/app/common/process_age.hpp"
#include "sim/app/common/run_output.hpp"
#include "sim/app/common/stop_signals.hpp"
#include "sim/app/projection/projection_command.hpp"
#include "sim/app/uncertainty/uncertainty_command.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/io/output_target.hpp"
#include "sim/record/output_size.hpp"
#include "sim/record/provenance.hpp"
#include "sim/record/run_summary.hpp"
#include "sim/record/summary_printout.hpp"
#include "sim/record/topology_columns.hpp"
#include "sim/scenario/input_distributions.hpp"
#include "sim/scenario/projection_loader.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/trace_notes.hpp"
#include "sim/simulate/simulation.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace terawatt {

namespace {
// SimGrid aborts (xbt_die) on some engine settings it cannot use (--cfg=network/model:NOPE) and on some platform
// mistakes; the .partial output must not outlive that. The handler only calls async-signal-safe functions, then
// lets the abort go on.
char partial_to_remove_on_abort[4096] = {};

void remove_partial_and_abort(int signal_number) {
  if (partial_to_remove_on_abort[0] != '\0') unlink(partial_to_remove_on_abort);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

class RemovePartialOnAbort {
 public:
  explicit RemovePartialOnAbort(const std::string& partial_path) {
    if (partial_path.size() >= sizeof partial_to_remove_on_abort) return;  // PATH_MAX is 4096 on Linux
    std::memcpy(partial_to_remove_on_abort, partial_path.c_str(), partial_path.size() + 1);
    previous_ = std::signal(SIGABRT, remove_partial_and_abort);
    installed_ = true;
  }
  ~RemovePartialOnAbort() {
    if (!installed_) return;
    std::signal(SIGABRT, previous_);
    partial_to_remove_on_abort[0] = '\0';
  }
  RemovePartialOnAbort(const RemovePartialOnAbort&) = delete;
  RemovePartialOnAbort& operator=(const RemovePartialOnAbort&) = delete;

 private:
  void (*previous_)(int) = SIG_DFL;
  bool installed_ = false;
};

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}
// The --timing line: where the run's wall time went, on stderr.
void print_timing(double wall_s, double load_s, const RunReport& report) {
  std::fprintf(stderr,
               "timing: wall %.3f s (load %.3f s, build %.3f s, simulate %.3f s, of which sampling and writing %.3f s "
               "= %.1f %%, facility and grid models %.3f s = %.1f %%, supply models %.3f s = %.1f %%), peak RSS "
               "%.0f MB\n",
               wall_s, load_s, report.wall_build_s, report.wall_simulate_s, report.wall_sampling_s,
               100.0 * report.wall_sampling_s / wall_s, report.wall_environment_s,
               100.0 * report.wall_environment_s / wall_s, report.wall_supply_s, 100.0 * report.wall_supply_s / wall_s,
               peak_rss_mb());
}

}  // namespace

int run_command(const RunCommandOptions& options) {
  if (options.samples > 0) return run_uncertainty_command(options);
  if (is_projection_file(options.scenario_path)) return run_projection_command(options);
  const auto wall_begin = std::chrono::steady_clock::now();
  Scenario scenario;
  try {
    scenario = load_scenario_file(options.scenario_path, options.overrides, options.catalog_files);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  }
  // Loading reads the files and makes the hourly series (weather, grid, PV) for the whole run.
  const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_begin).count();
  if (!options.quiet) {
    for (const std::string& note : trace_notes(scenario)) std::cerr << "terawatt: note: " << note << '\n';
    print_central_values_note(scenario.central_values);
  }
  for (const Site& site : scenario.sites) {
    for (const std::string& warning : site.warnings) std::cerr << "terawatt: warning: " << warning << '\n';
  }
  const OutputSize output_size = estimate_output_size(scenario);
  try {
    check_output_size(scenario, output_size);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  }
  const std::optional<std::string> writable =
      writable_output_path(options, run_input_files(options.scenario_path, scenario));
  if (!writable) return exit_usage;
  const std::string& output_path = *writable;
  for (const std::string& warning :
       {large_output_warning(output_size), output_space_warning(output_size, output_path)}) {
    if (!warning.empty()) std::cerr << "terawatt: warning: " << warning << '\n';
  }
  try {
    const RemovePartialOnAbort abort_guard(output_path + ".partial");
    Hdf5Writer writer(output_path);
    remove_file_on_stop_signal(writer.partial_path());
    writer.define_timeseries("seconds since " + format_iso8601_utc(scenario.info.start_epoch_s),
                             Sampler::dimensions(scenario), Sampler::variables(scenario));
    SimulationOptions simulation_options;
    simulation_options.engine_args = options.engine_args;
    simulation_options.quiet = options.quiet;
    simulation_options.progress = stderr_progress_style(options.quiet);
    const RunReport report = simulate(scenario, simulation_options, [&writer](double time_s, const auto& values) {
      writer.append_row(time_s, values);
    });
    write_summary(writer, report);
    write_topology_coordinates(writer, report, scenario.services.size());
    writer.set_root_attributes(provenance_attributes(scenario, {options.command_line, options.overrides}));
    // How long the run took, its process's start included: what a sweep sizes its tasks by.
    const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_begin).count();
    writer.set_root_attributes({{"wall_s", std::max(run_s, process_age_s().value_or(0.0))}});
    keep_file_on_stop_signal([&writer] { writer.commit(); });

    if (!options.quiet) {
      std::cout << "terawatt " << software_version() << ": scenario '" << scenario.info.name << "', "
                << format_duration(report.end_s) << " simulated, " << report.samples << " samples -> " << output_path
                << '\n';
      print_summary(std::cout, report);
    }
    std::cout.flush();
    if (options.timing) {
      print_timing(std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_begin).count(), load_s,
                   report);
    }
  } catch (const std::exception& e) {
    std::cerr << "terawatt: error: " << e.what() << '\n';
    return exit_failure;
  }
  return 0;
}

}  // namespace terawatt
