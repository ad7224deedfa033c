#include "sim/app/uncertainty/uncertainty_command.hpp"

#include "sim/app/common/child_runner.hpp"
#include "sim/app/common/command_line.hpp"
#include "sim/app/common/count_progress.hpp"
#include "sim/app/common/stop_signals.hpp"
#include "sim/app/run_command.hpp"
#include "sim/app/uncertainty/uncertainty_figures.hpp"
#include "sim/io/output_target.hpp"
#include "sim/record/provenance.hpp"
#include "sim/record/run_summary.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/simulate/simulation.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace terawatt {
namespace {

std::vector<std::string> with_sample(const RunCommandOptions& options, const SamplePlan& plan, std::size_t s) {
  std::vector<std::string> overrides = options.overrides;
  overrides.insert(overrides.end(), plan.overrides[s].begin(), plan.overrides[s].end());
  return overrides;
}

// A directory of its own under $TMPDIR (or /tmp), removed with everything in it when this goes.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/terawatt-samples-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a directory under " + pattern);
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Simulates every sample in a child process, each writing its summary to DIR/sample_S.h5, and reads them back.
std::vector<std::vector<PointSummaryVariable>> simulate_samples(const RunCommandOptions& options,
                                                                const SamplePlan& plan, const std::string& dir) {
  const auto file_of = [&dir](std::size_t s) { return dir + "/sample_" + std::to_string(s) + ".h5"; };
  std::vector<ChildWork> tasks;
  for (std::size_t s = 0; s < plan.values.size(); ++s) {
    tasks.emplace_back([&, s] {
      const Scenario scenario =
          load_scenario_file(options.scenario_path, with_sample(options, plan, s), options.catalog_files);
      SimulationOptions simulation;
      simulation.quiet = true;
      const RunReport report = simulate(scenario, simulation, [](double, const auto&) {});
      Hdf5Writer writer(file_of(s));
      write_summary(writer, report);
      writer.commit();
      return std::vector<double>{};
    });
  }
  CountProgress counter(stderr_progress_style(options.quiet), tasks.size(), "samples");
  const auto begin = std::chrono::steady_clock::now();
  run_in_children(tasks, options.jobs, [&](std::size_t ended, std::size_t s) {
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::cerr << counter.finished(ended, wall_s, "sample " + std::to_string(s)) << std::flush;
  });
  std::cerr << counter.finish() << std::flush;
  std::vector<std::vector<PointSummaryVariable>> summaries;
  for (std::size_t s = 0; s < plan.values.size(); ++s) summaries.push_back(read_point_summary(file_of(s)));
  return summaries;
}

}  // namespace

int run_uncertainty_command(const RunCommandOptions& options) {
  Scenario scenario;
  SamplePlan plan;
  try {
    scenario = load_scenario_file(options.scenario_path, options.overrides, options.catalog_files);
    std::vector<InputDistribution> inputs = scenario_input_distributions(options.scenario_path, options.overrides);
    if (inputs.empty()) {
      std::cerr << "terawatt: --samples: " << options.scenario_path
                << " gives no value as a distribution (expected e.g. pue: {uniform: [1.1, 1.4]}; README, "
                   "Uncertainty)\n";
      return exit_usage;
    }
    plan = plan_samples(std::move(inputs), options.samples, scenario.info.seed);
    // Every sample is read as its run will read it, so that a value a key refuses stops the run before anything
    // is simulated, at its sample and override.
    for (std::size_t s = 0; s < plan.values.size(); ++s) {
      try {
        (void)load_scenario_file(options.scenario_path, with_sample(options, plan, s), options.catalog_files);
      } catch (const ScenarioError& e) {
        std::cerr << "terawatt: --samples: in sample " << s << ": " << e.what() << '\n';
        return exit_usage;
      }
    }
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  }
  const std::optional<std::string> writable = writable_output_path(options, scenario);
  if (!writable) return exit_usage;
  const std::string& output_path = *writable;
  try {
    std::vector<SampledFigure> figures;
    {
      const TemporaryDirectory dir;
      figures = gather_figures(simulate_samples(options, plan, dir.path()));
    }
    Hdf5Writer writer(output_path);
    remove_file_on_stop_signal(writer.partial_path());
    write_uncertainty(writer, plan, figures);
    writer.set_root_attributes(provenance_attributes(scenario, {options.command_line, options.overrides}));
    keep_file_on_stop_signal([&writer] { writer.commit(); });
    if (!options.quiet) {
      std::cout << "terawatt " << software_version() << ": scenario '" << scenario.info.name << "', "
                << plan.values.size() << " Latin hypercube samples of " << plan.inputs.size() << " inputs -> "
                << output_path << "\n\ninputs\n";
      for (const InputDistribution& input : plan.inputs) {
        std::cout << "  " << input.path << ": " << input.description() << '\n';
      }
      std::cout << '\n';
      print_uncertainty(std::cout, plan, figures);
    }
  } catch (const ChildRunError& e) {
    std::string values;
    for (const std::string& o : plan.overrides[e.task()]) values += (values.empty() ? "" : ", ") + o;
    std::cerr << "terawatt: error: sample " << e.task() << " (" << values << "): " << e.what() << '\n';
    return exit_failure;
  } catch (const std::exception& e) {
    std::cerr << "terawatt: error: " << e.what() << '\n';
    return exit_failure;
  }
  return 0;
}

}  // namespace terawatt
