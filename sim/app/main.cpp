// terawatt: discrete-event simulation of AI datacenters' electricity and emissions.
// Subcommands: run, validate, catalog, keys, outputs, sweep, collect. Exit codes: 0 ok, 1 runtime failure, 2 usage or
// scenario error.

#include "models/base/units.hpp"
#include "sim/app/catalog_command.hpp"
#include "sim/app/common/child_process.hpp"
#include "sim/app/common/command_line.hpp"
#include "sim/app/run_command.hpp"
#include "sim/app/sweep/collect_command.hpp"
#include "sim/app/sweep/sweep_command.hpp"
#include "sim/app/validate/validate_command.hpp"
#include "sim/engine/engine_args.hpp"
#include "sim/io/hdf5_handle.hpp"
#include "sim/record/output_reference.hpp"
#include "sim/record/provenance.hpp"
#include "sim/scenario/scenario_error.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace po = boost::program_options;
using namespace terawatt;

namespace {

const char* const usage_text =
    "usage: terawatt <command> [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml [-o OUT.h5] [--set key.path=value]... [--catalog FILE]... [--seed N] [--quiet]\n"
    "                    [--timing] [--force]\n"
    "                    [--samples N [--jobs J] [--series-bands] | --samples N --as-sweep DIR | --from-sweep DIR]\n"
    "                    simulate a scenario, write HDF5 and print a summary; with --samples, draw its\n"
    "                    distributions N times and give every summary figure its band (here, or as a sweep)\n"
    "  validate [DIR] [--case NAME]... [--jobs N]\n"
    "                    run the validation cases (scenarios/validation) against their published figures\n"
    "  catalog [accelerators|servers|facilities|climates|grids] [--json] [--catalog FILE]...\n"
    "                    list accelerators, servers, facility, climate and grid presets with their sources\n"
    "  keys              print the scenario reference (every key, unit and default) as Markdown\n"
    "  outputs           print the output reference (every variable, its dimensions and units) as Markdown\n"
    "  sweep SWEEP.yaml [-o DIR] [--catalog FILE]... [--plan | --jobs N | --index [I] | --task [T] | --slurm |\n"
    "                    --submit]\n"
    "                    run a parameter sweep: a local process pool, one point, or a Slurm job array; each point's\n"
    "                    run reads the --catalog files\n"
    "  collect DIR [-o TABLE.h5] [--csv [TABLE.csv]]\n"
    "                    gather a sweep's points into one table, one row per point\n"
    "\n"
    "  terawatt --help | --version | <command> --help\n"
    "SimGrid's own --cfg=... and --log=... options are passed to the engine.\n";

int usage_error(const std::string& message) {
  std::cerr << "terawatt: " << message << "\n\n" << usage_text;
  return exit_usage;
}

// `--set key value`, a space where the '=' goes: Boost alone would only report too many positional arguments.
// Returns the message with the corrected argument, or "" when every --set holds an '='.
std::string set_without_equals(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string key;
    if (args[i] == "--set" && i + 1 < args.size()) {
      key = args[i + 1];
    } else if (args[i].rfind("--set=", 0) == 0) {
      key = args[i].substr(6);
    } else {
      continue;
    }
    if (key.find('=') != std::string::npos) continue;
    const std::size_t value_at = args[i] == "--set" ? i + 2 : i + 1;
    const bool value_follows = value_at < args.size() && args[value_at].rfind('-', 0) != 0;
    return "--set " + key + ": expected key.path=value in one argument, e.g. --set " + key + "=" +
           (value_follows ? args[value_at] : std::string("VALUE"));
  }
  return "";
}

// --samples N and --jobs J into `options`; 0, or the exit code of a usage error.
int read_samples_and_jobs(const po::variables_map& vm, const std::string& samples_text, const std::string& jobs_text,
                          RunCommandOptions& options) {
  if (options.series_bands && !vm.count("samples")) return usage_error("run: --series-bands needs --samples");
  for (const char* option : {"jobs", "as-sweep", "from-sweep"}) {
    if (vm.count(option) && !vm.count("samples"))
      return usage_error(std::string("run: --") + option + " needs --samples");
  }
  if (vm.count("as-sweep") + vm.count("from-sweep") + vm.count("jobs") > 1) {
    return usage_error("run: --jobs, --as-sweep and --from-sweep exclude each other (expected one of them)");
  }
  if (options.series_bands && (vm.count("as-sweep") || vm.count("from-sweep"))) {
    return usage_error(
        "run: --series-bands keeps series of samples run here (expected it without --as-sweep and "
        "--from-sweep)");
  }
  if ((vm.count("as-sweep") && options.samples_sweep_dir.empty()) ||
      (vm.count("from-sweep") && options.samples_from_sweep_dir.empty())) {
    return usage_error("run: the sweep directory is empty (expected a directory such as samples/)");
  }
  if (vm.count("samples")) {
    const auto samples = positive_count(samples_text);
    if (!samples || *samples < 2)
      return usage_error("run: --samples " + samples_text + ": expected a whole number >= 2");
    options.samples = *samples;
  }
  options.jobs = usable_cores();
  if (vm.count("jobs")) {
    const auto jobs = positive_count(jobs_text);
    if (!jobs) return usage_error("run: --jobs " + jobs_text + ": expected a whole number of at least 1");
    options.jobs = *jobs;
  }
  return 0;
}

int run_main(const std::vector<std::string>& args, const std::string& command_line) {
  RunCommandOptions options;
  options.command_line = command_line;
  // SimGrid parses its own options; Boost would reject them as unknown.
  std::vector<std::string> ours;
  for (const auto& arg : args) {
    if (arg.rfind("--cfg=", 0) == 0 || arg.rfind("--log=", 0) == 0) {
      const std::string problem = engine_arg_problem(arg);
      if (!problem.empty()) {  // one line: the message itself lists what is accepted
        std::cerr << "terawatt: run: " << arg.substr(0, 5) << ": " << problem << '\n';
        return exit_usage;
      }
      options.engine_args.push_back(arg);
    } else {
      ours.push_back(arg);
    }
  }
  po::options_description visible("terawatt run options");
  std::string seed_text;
  std::string samples_text;
  std::string jobs_text;
  visible.add_options()("help,h", "show this help")("output,o", po::value<std::string>(&options.output_path),
                                                    "output HDF5 file (default: <scenario name>.h5)")(
      "set", po::value<std::vector<std::string>>(&options.overrides)->composing(),
      "override a scenario key, e.g. --set clusters.dc1.servers=64 (repeatable)")(
      "seed", po::value<std::string>(&seed_text), "random seed (overrides scenario.seed)")(
      "catalog", po::value<std::vector<std::string>>(&options.catalog_files)->composing(),
      "a catalog file: accelerators, servers and facility presets to add (repeatable)")(
      "quiet,q", po::bool_switch(&options.quiet), "print nothing but errors")(
      "timing", po::bool_switch(&options.timing), "print wall time, sampling share and peak memory on stderr")(
      "force", po::bool_switch(&options.force), "replace an existing output file that is not a terawatt output")(
      "samples", po::value<std::string>(&samples_text),
      "draw the scenario's distributions as N Latin hypercube samples and simulate each (README, Uncertainty)")(
      "jobs", po::value<std::string>(&jobs_text), "with --samples: samples simulated at once (default: the cores)")(
      "as-sweep", po::value<std::string>(&options.samples_sweep_dir),
      "with --samples: write the samples as DIR/samples.yaml, a sweep to run with terawatt sweep (on Slurm for "
      "large N), and simulate nothing")(
      "from-sweep", po::value<std::string>(&options.samples_from_sweep_dir),
      "with --samples: take the samples' figures from that sweep's points in DIR instead of simulating them")(
      "series-bands", po::bool_switch(&options.series_bands),
      "with --samples: also band the sites' facility power and emissions rate over time (/uncertainty_series)");
  const std::string set_problem = set_without_equals(ours);
  if (!set_problem.empty()) {
    std::cerr << set_problem << '\n';  // the shape of every --set error: the override, then the problem
    return exit_usage;
  }
  po::variables_map vm;
  try {
    vm = parse_command_arguments(ours, visible, "scenario", options.scenario_path);
  } catch (const po::error& e) {
    return usage_error(std::string("run: ") + e.what());
  }
  if (vm.count("help")) {
    std::cout << "usage: terawatt run SCENARIO.yaml [options] [--cfg=simgrid:option]... [--log=...]\n\n"
              << visible << "\nSimGrid settings passed to the engine:\n"
              << accepted_engine_settings()
              << "  --log=CATEGORY.thres:LEVEL, CATEGORY.fmt:FORMAT, CATEGORY.app:stdout|stderr|file:PATH, "
                 "CATEGORY.add:on|off, no_loc\n";
    return 0;
  }
  if (options.scenario_path.empty()) return usage_error("run: missing the scenario file");
  if (vm.count("output") && options.output_path.empty()) {
    return usage_error("run: -o: the output path is empty (expected a file name such as out.h5)");
  }
  if (const int status = read_samples_and_jobs(vm, samples_text, jobs_text, options); status != 0) return status;
  // --seed is a scenario override like any other, so that it is validated and recorded the same way.
  if (vm.count("seed")) {
    try {
      (void)parse_count(seed_text);  // checked here so that the message names --seed, not the override it becomes
    } catch (const UnitError& e) {
      std::cerr << "--seed " << seed_text << ": " << e.what() << '\n';
      return exit_usage;
    }
    options.overrides.push_back("scenario.seed=" + seed_text);
  }
  return run_command(options);
}

int dispatch(int argc, char** argv) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  if (argc < 2) return usage_error("missing command");
  const std::string command = argv[1];
  std::vector<std::string> rest(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage_text;
    return 0;
  }
  if (command == "--version" || command == "-V") {
    std::cout << "terawatt " << software_version() << " (" << git_describe() << ")\n";
    return 0;
  }
  if (command == "run") return run_main(rest, command_line);
  if (command == "sweep") return sweep_main(rest);
  if (command == "validate") return validate_main(rest);
  if (command == "collect") return collect_main(rest, command_line);
  if (command == "catalog") return catalog_main(rest);
  if (command == "keys" || command == "outputs") {
    if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
      std::cout << usage_text;
      return 0;
    }
    if (!rest.empty()) return usage_error(command + ": unexpected argument '" + rest[0] + "'");
    if (command == "keys") {
      std::cout << scenario_reference_markdown();
    } else {
      std::cout << output_reference_markdown();
    }
    return 0;
  }
  return usage_error("unknown command '" + command + "'");
}

}  // namespace

// Every command reports its own errors; an exception that still escapes one is a located message and exit 1 (exit 2
// when it is a scenario error), never std::terminate's abort.
int main(int argc, char** argv) {
  hdf5::skip_library_shutdown_at_exit();
  try {
    return dispatch(argc, argv);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "terawatt: error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "terawatt: error: an unexpected failure that carries no message\n";
  }
  return exit_failure;
}
