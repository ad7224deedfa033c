#include "sim/app/projection/projection_command.hpp"

#include "sim/app/common/central_values_note.hpp"
#include "sim/app/common/command_line.hpp"
#include "sim/app/common/count_progress.hpp"
#include "sim/app/common/run_output.hpp"
#include "sim/app/common/stop_signals.hpp"
#include "sim/app/projection/generation_output.hpp"
#include "sim/app/projection/projection_caveats.hpp"
#include "sim/app/projection/projection_output.hpp"
#include "sim/app/projection/projection_representative.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/record/provenance.hpp"
#include "sim/scenario/projection_loader.hpp"
#include "sim/scenario/scenario_error.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace terawatt {
int run_projection_command(const RunCommandOptions& options) {
  const auto wall_begin = std::chrono::steady_clock::now();
  try {
    // A scenario error, here or when the inputs make no fleet, exits 2 before anything is written.
    const ProjectionScenario scenario =
        load_projection_file(options.scenario_path, options.overrides, options.catalog_files);
    if (!options.quiet) print_central_values_note(scenario.central_values);
    const std::optional<std::string> writable = writable_output_path(options, {options.scenario_path});
    if (!writable) return exit_usage;
    const std::string& output_path = *writable;
    const Coupling coupling = measure_representatives(scenario, stderr_progress_style(options.quiet));
    ProjectionResult result;
    try {
      result = project_fleet(scenario.model, [&](std::size_t s, std::size_t g, std::size_t r, std::size_t c, int year) {
        return coupling.power(scenario, s, g, r, c, year);
      });
    } catch (const std::invalid_argument& e) {
      // Inputs that load but make no fleet (all shares 0 in a year, a growth trajectory below -100 %).
      throw ScenarioError(scenario.source_file, "projection", e.what());
    }
    // Warnings print even with --quiet (they are not progress), and stay with the output.
    std::vector<std::string> caveats = growth_caveats(scenario, result);
    for (std::string& caveat : demand_meeting_caveats(scenario, result)) caveats.push_back(std::move(caveat));
    for (const std::string& caveat : caveats) std::cerr << "terawatt: warning: " << caveat << '\n';
    Hdf5Writer writer(output_path);
    remove_file_on_stop_signal(writer.partial_path());  // every child has ended: no fork follows
    write_projection_groups(writer, scenario, result, coupling);
    writer.set_root_attributes(projection_provenance(scenario, options.command_line, options.overrides));
    if (!caveats.empty()) {
      std::string joined;
      for (const std::string& caveat : caveats) joined += (joined.empty() ? "" : "\n") + caveat;
      writer.set_root_attributes({{"warnings", joined}});
    }
    keep_file_on_stop_signal([&writer] { writer.commit(); });
    if (!options.quiet) {
      std::size_t simulated = 0;
      for (const auto& rep : coupling.representatives) simulated += rep.simulated;
      std::cout << "terawatt " << software_version() << ": projection '" << scenario.name << "', "
                << scenario.model.first_year << "-" << scenario.model.last_year << ", " << result.cases.size()
                << " cases, " << result.segments.size() << " segments, " << result.regions.size() << " regions; "
                << simulated << " representative clusters simulated in " << coupling.week_scenarios.size()
                << " weeks -> " << output_path << '\n';
      print_generations(std::cout, scenario);
      print_projection_table(std::cout, result);
      print_delivered_efficiency(std::cout, scenario, result);
    }
    std::cout.flush();
    if (options.timing) {
      rusage usage{};
      getrusage(RUSAGE_SELF, &usage);
      rusage children{};
      getrusage(RUSAGE_CHILDREN, &children);
      const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_begin).count();
      std::fprintf(stderr,
                   "timing: wall %.3f s (representative simulations %.3f s), peak RSS %.0f MB (largest child %.0f "
                   "MB)\n",
                   wall_s, coupling.wall_s, static_cast<double>(usage.ru_maxrss) / 1024.0,
                   static_cast<double>(children.ru_maxrss) / 1024.0);
    }
  } catch (...) {
    return report_command_failure("terawatt");
  }
  return 0;
}

}  // namespace terawatt
