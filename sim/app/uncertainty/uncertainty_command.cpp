#include "sim/app/uncertainty/uncertainty_command.hpp"

#include "sim/app/common/child_runner.hpp"
#include "sim/app/common/command_line.hpp"
#include "sim/app/common/count_progress.hpp"
#include "sim/app/common/run_output.hpp"
#include "sim/app/common/scratch_directory.hpp"
#include "sim/app/common/stop_signals.hpp"
#include "sim/app/projection/projection_output.hpp"
#include "sim/app/projection/projection_representative.hpp"
#include "sim/app/uncertainty/sample_sweep.hpp"
#include "sim/app/uncertainty/series_bands.hpp"
#include "sim/app/uncertainty/uncertainty_figures.hpp"
#include "sim/record/provenance.hpp"
#include "sim/record/run_summary.hpp"
#include "sim/scenario/projection_loader.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/simulate/simulation.hpp"

#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

namespace terawatt {
namespace {

std::vector<std::string> with_sample(const RunCommandOptions& options, const std::vector<std::string>& sample) {
  std::vector<std::string> overrides = options.overrides;
  overrides.insert(overrides.end(), sample.begin(), sample.end());
  return overrides;
}

// What differs between a simulation scenario and a projection: the central scenario's name, seed, provenance and
// input files; how a sample is checked (loaded, throwing ScenarioError), and how it is run to a file of its
// figures, in a child process.
struct SampledKind {
  std::string name;
  std::uint64_t seed = 0;
  std::vector<Attribute> provenance;
  std::vector<std::string> input_files;
  std::function<void(const std::vector<std::string>& overrides)> check;
  std::function<void()> before_samples;  // once every sample is checked, before any runs
  // Runs a sample to the file of its figures; returns its packed time series with --series-bands, else nothing.
  std::function<std::vector<double>(const std::vector<std::string>& overrides, const std::string& file)> run;
  std::shared_ptr<const Scenario> central;  // a simulation's central scenario; none for a projection
};

SampledKind simulation_kind(const RunCommandOptions& options) {
  const Scenario scenario = load_scenario_file(options.scenario_path, options.overrides, options.catalog_files);
  SampledKind kind;
  kind.name = scenario.info.name;
  kind.seed = scenario.info.seed;
  kind.provenance = provenance_attributes(scenario, {options.command_line, options.overrides});
  kind.input_files = run_input_files(options.scenario_path, scenario);
  kind.check = [&options](const std::vector<std::string>& overrides) {
    (void)load_scenario_file(options.scenario_path, overrides, options.catalog_files);
  };
  kind.before_samples = [] {};
  kind.run = [&options](const std::vector<std::string>& overrides, const std::string& file) {
    const Scenario sample = load_scenario_file(options.scenario_path, overrides, options.catalog_files);
    SimulationOptions simulation;
    simulation.quiet = true;
    std::optional<SeriesRecorder> series;
    if (options.series_bands) series.emplace(sample);
    const RunReport report = simulate(
        sample, simulation, series ? series->sink() : [](double, const auto&) {});
    Hdf5Writer writer(file);
    write_summary(writer, report);
    writer.commit();
    return series ? series->packed() : std::vector<double>{};
  };
  kind.central = std::make_shared<const Scenario>(scenario);
  return kind;
}

// A projection's representative weeks are simulated once, for the central values, here; a sample whose values leave
// the weeks as they are (its growth, shares or PUE, say) reuses them, and only one that changes them simulates its
// own.
SampledKind projection_kind(const RunCommandOptions& options) {
  auto scenario = std::make_shared<ProjectionScenario>(
      load_projection_file(options.scenario_path, options.overrides, options.catalog_files));
  auto measured = std::make_shared<Coupling>();
  SampledKind kind;
  kind.name = scenario->name;
  kind.seed = scenario->seed;
  kind.provenance = projection_provenance(*scenario, options.command_line, options.overrides);
  kind.input_files = {options.scenario_path};
  kind.check = [&options](const std::vector<std::string>& overrides) {
    (void)load_projection_file(options.scenario_path, overrides, options.catalog_files);
  };
  kind.before_samples = [&options, scenario, measured] {
    try {
      *measured = measure_representatives(*scenario, stderr_progress_style(options.quiet));
    } catch (const ChildRunError& e) {  // its task is a week, which must not read as a sample
      throw std::runtime_error(std::string("a representative week of the central values failed: ") + e.what());
    }
  };
  kind.run = [&options, measured](const std::vector<std::string>& overrides, const std::string& file) {
    const ProjectionScenario sample = load_projection_file(options.scenario_path, overrides, options.catalog_files);
    const Coupling coupling = measure_representatives(sample, ProgressStyle::none, measured.get());
    const ProjectionResult result =
        project_fleet(sample.model, [&](std::size_t s, std::size_t g, std::size_t r, std::size_t c, int year) {
          return coupling.power(sample, s, g, r, c, year);
        });
    Hdf5Writer writer(file);
    write_projection_groups(writer, sample, result, coupling);
    writer.commit();
    return std::vector<double>{};
  };
  return kind;
}

// What the samples gave: their figures, and with --series-bands each one's packed time series.
struct SampleResults {
  std::vector<SampledFigure> figures;
  std::vector<std::vector<double>> series;
};

// Runs every sample in a child process, each writing its figures to DIR/sample_S.h5, and reads them back.
SampleResults run_samples(const RunCommandOptions& options, const SampledKind& kind, const SamplePlan& plan) {
  const ScratchDirectory dir("terawatt-samples");
  const auto file_of = [&dir](std::size_t s) { return dir.path() + "/sample_" + std::to_string(s) + ".h5"; };
  std::vector<ChildWork> tasks;
  for (std::size_t s = 0; s < plan.values.size(); ++s) {
    tasks.emplace_back([&, s] { return kind.run(with_sample(options, plan.overrides[s]), file_of(s)); });
  }
  CountProgress counter(stderr_progress_style(options.quiet), tasks.size(), "samples");
  const auto begin = std::chrono::steady_clock::now();
  std::vector<std::vector<double>> series = run_in_children(tasks, options.jobs, [&](std::size_t ended, std::size_t s) {
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::cerr << counter.finished(ended, wall_s, "sample " + std::to_string(s)) << std::flush;
  });
  std::cerr << counter.finish() << std::flush;
  std::vector<std::vector<PointSummaryVariable>> summaries;
  for (std::size_t s = 0; s < plan.values.size(); ++s) summaries.push_back(read_point_summary(file_of(s)));
  return {gather_figures(summaries), std::move(series)};
}

// Loads the central scenario, draws the plan and checks every sample; the exit code of a refusal, else 0.
int prepare(const RunCommandOptions& options, std::unique_ptr<SampledKind>& kind, SamplePlan& plan) {
  try {
    UncertainInputs inputs = file_uncertain_inputs(options.scenario_path, options.overrides);
    if (inputs.distributions.empty()) {
      std::cerr << "terawatt: --samples: " << options.scenario_path
                << " gives no value as a distribution (expected e.g. pue: {uniform: [1.1, 1.4]}; README, "
                   "Uncertainty)\n";
      return exit_usage;
    }
    const bool projection = is_projection_file(options.scenario_path);
    if (projection && (!options.samples_sweep_dir.empty() || !options.samples_from_sweep_dir.empty())) {
      std::cerr << "terawatt: --samples: " << options.scenario_path
                << " is a projection, and a sweep runs simulation scenarios only (expected --samples N [--jobs J] "
                   "for a projection's samples)\n";
      return exit_usage;
    }
    if (projection && options.series_bands) {
      std::cerr << "terawatt: --series-bands: " << options.scenario_path
                << " is a projection, which has no time series (expected --series-bands with a simulation)\n";
      return exit_usage;
    }
    kind = std::make_unique<SampledKind>(projection ? projection_kind(options) : simulation_kind(options));
    if (options.series_bands) check_series_bands(*kind->central, options.samples);
    plan = plan_samples(std::move(inputs.distributions), options.samples, kind->seed, std::move(inputs.correlations));
    // Every sample is read as its run will read it, so that a value a key refuses stops the run before anything
    // is simulated, at its sample and override.
    for (std::size_t s = 0; s < plan.values.size(); ++s) {
      try {
        kind->check(with_sample(options, plan.overrides[s]));
      } catch (const ScenarioError& e) {
        std::cerr << "terawatt: --samples: in sample " << s << ": " << e.what() << '\n';
        return exit_usage;
      }
    }
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  }
  return 0;
}

// --as-sweep: the samples as a sweep file, and what to run next.
int write_as_sweep(const RunCommandOptions& options, const SampledKind& kind, const SamplePlan& plan) {
  try {
    const std::string path = write_sample_sweep(options, plan, kind.name);
    if (!options.quiet) {
      std::cout << "terawatt " << software_version() << ": scenario '" << kind.name << "', " << plan.values.size()
                << " Latin hypercube samples of " << plan.inputs.size() << " inputs -> " << path << "\n\n"
                << sample_sweep_instructions(options, plan);
    }
  } catch (const std::exception& e) {
    std::cerr << "terawatt: --as-sweep: " << e.what() << '\n';
    return exit_failure;
  }
  return 0;
}

}  // namespace

int run_uncertainty_command(const RunCommandOptions& options) {
  std::unique_ptr<SampledKind> kind;
  SamplePlan plan;
  if (const int refused = prepare(options, kind, plan); refused != 0) return refused;
  if (!options.samples_sweep_dir.empty()) return write_as_sweep(options, *kind, plan);
  const std::optional<std::string> writable = writable_output_path(options, kind->input_files);
  if (!writable) return exit_usage;
  const std::string& output_path = *writable;
  try {
    SampleResults results;
    if (options.samples_from_sweep_dir.empty()) {
      kind->before_samples();
      results = run_samples(options, *kind, plan);
    } else {
      results.figures = gather_figures(read_sample_sweep(options, plan));
    }
    const std::vector<SampledFigure>& figures = results.figures;
    Hdf5Writer writer(output_path);
    remove_file_on_stop_signal(writer.partial_path());
    write_uncertainty(writer, plan, figures);
    if (options.series_bands) write_series_bands(writer, *kind->central, results.series);
    writer.set_root_attributes(kind->provenance);
    keep_file_on_stop_signal([&writer] { writer.commit(); });
    if (!options.quiet) {
      std::cout << "terawatt " << software_version() << ": scenario '" << kind->name << "', " << plan.values.size()
                << " Latin hypercube samples of " << plan.inputs.size() << " inputs -> " << output_path
                << "\n\ninputs\n";
      for (const InputDistribution& input : plan.inputs) {
        std::cout << "  " << input.path << ": " << input.description() << '\n';
      }
      for (const std::string& line : drawn_correlations(plan)) std::cout << "  " << line << '\n';
      std::cout << '\n';
      print_uncertainty(std::cout, plan, figures);
    }
  } catch (const SampleSweepMismatch& e) {
    std::cerr << "terawatt: --from-sweep: " << e.what() << '\n';
    return exit_usage;
  } catch (const ChildRunError& e) {
    std::string values;
    for (const std::string& o : plan.overrides[e.task()]) values += (values.empty() ? "" : ", ") + o;
    std::cerr << "terawatt: error: sample " << e.task() << " (" << values << "): " << e.what() << '\n';
    return exit_failure;
  } catch (...) {
    return report_command_failure("terawatt");
  }
  return 0;
}

}  // namespace terawatt
