#include "sim/app/sweep/sweep_command.hpp"

#include "sim/app/common/child_process.hpp"
#include "sim/app/common/command_line.hpp"
#include "sim/app/sweep/collect_table.hpp"
#include "sim/app/sweep/point_lock.hpp"
#include "sim/app/sweep/sweep_array_task.hpp"
#include "sim/app/sweep/sweep_outputs.hpp"
#include "sim/app/sweep/sweep_plan.hpp"
#include "sim/app/sweep/sweep_runner.hpp"
#include "sim/app/sweep/sweep_slurm.hpp"
#include "sim/app/sweep/sweep_spec.hpp"
#include "sim/app/sweep/sweep_tasks.hpp"
#include "sim/app/sweep/sweep_values.hpp"
#include "sim/io/summary_reader.hpp"
#include "sim/record/summary_printout.hpp"

#include <boost/program_options.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace terawatt {
namespace {

struct SweepCommandOptions {
  std::string sweep_file;
  std::string output_dir;
  bool plan = false;
  unsigned jobs = 0;  // 0: one per core
  std::optional<std::string> index;
  std::optional<std::string> task;  // --task: an array task of DIR/tasks.txt
  bool slurm = false;
  bool submit = false;
  std::optional<std::size_t> points_per_task;
  std::optional<double> task_time_s;  // --task-time: as many points per task as fill it
  bool then_collect = false;
  std::optional<std::size_t> throttle;
  std::string time;
  std::string mem;
  bool quiet = false;
  std::vector<std::string> catalog_files;  // --catalog FILE: passed to every point's run
};

int usage_error(const std::string& message) {
  return command_usage_error("sweep", message);
}

std::string absolute(const std::string& path) {
  return fs::absolute(path).lexically_normal().string();
}

// A sweep killed between a point's end and its own bookkeeping leaves the point's log and lock behind; a done
// point needs neither. The lock goes only when no process holds it (taking it and letting go removes it).
void remove_leftovers_of_done_point(const SweepLayout& layout, const SweepPoint& point) {
  std::remove(layout.log_path(point.name).c_str());
  if (fs::exists(layout.lock_path(point.name))) PointLock::acquire(layout.lock_path(point.name), {});
}

std::vector<std::size_t> not_done(const SweepLayout& layout, const SweepPlan& plan, std::size_t* done = nullptr) {
  std::vector<std::size_t> indices;
  for (const auto& point : plan.points) {
    if (point_state(layout, plan, point) != PointState::done) {
      indices.push_back(point.index);
    } else {
      remove_leftovers_of_done_point(layout, point);
    }
  }
  if (done) *done = plan.points.size() - indices.size();
  return indices;
}

void print_plan(const SweepLayout& layout, const SweepPlan& plan) {
  std::vector<std::string> header{"index", "name", "state"};
  header.insert(header.end(), plan.parameters.begin(), plan.parameters.end());
  std::vector<std::vector<std::string>> rows;
  std::size_t done = 0;
  for (const auto& point : plan.points) {
    const PointState state = point_state(layout, plan, point);
    done += state == PointState::done;
    std::vector<std::string> row{std::to_string(point.index), point.name, point_state_name(state)};
    row.insert(row.end(), point.values.begin(), point.values.end());
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = header[c].size();
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::cout << "sweep '" << plan.name << "': " << plan.points.size() << " points on " << plan.scenario_file << ", "
            << done << " done, outputs in " << layout.dir() << "\n";
  const auto print_row = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::cout << std::left << std::setw(static_cast<int>(c + 1 == row.size() ? 0 : widths[c] + 2)) << row[c];
    }
    std::cout << '\n';
  };
  print_row(header);
  for (const auto& row : rows) print_row(row);
}

// The wall time of one point, to size tasks by --task-time: the median of the done points' own (the `wall_s` their
// outputs record) or, when none is done, that of the first pending point, run here now (it is then done, not run
// again, and leaves `pending`). None when that point fails.
std::optional<double> point_wall_time(const SweepPlan& plan, const SweepLayout& layout,
                                      std::vector<std::size_t>& pending, bool quiet) {
  std::vector<double> measured;
  for (const auto& point : plan.points) {
    if (point_state(layout, plan, point) != PointState::done) continue;
    const auto provenance = read_point_provenance(layout.output_path(point.name));
    if (provenance && provenance->wall_s) measured.push_back(*provenance->wall_s);
  }
  if (const auto typical = typical_point_time(measured)) return typical;
  if (!quiet) {
    std::cout << "sweep '" << plan.name << "': no done point says how long a point takes; running point "
              << pending.front() << " here to measure it" << std::endl;
  }
  SweepRunOptions run;
  run.terawatt_path = self_executable();
  run.quiet = quiet;
  if (run_points(plan, layout, {pending.front()}, run, std::cout, std::cerr).succeeded != 1) return std::nullopt;
  const auto provenance = read_point_provenance(layout.output_path(plan.points[pending.front()].name));
  pending.erase(pending.begin());
  if (!provenance || !provenance->wall_s) return std::nullopt;
  return provenance->wall_s;
}

void print_task_size(const SweepPlan& plan, double point_s, std::size_t points_per_task, double task_s) {
  std::cout << "sweep '" << plan.name << "': a point takes about " << format_duration(point_s) << ", so "
            << points_per_task << (points_per_task == 1 ? " point fills" : " points fill") << " a task of "
            << format_duration(task_s) << '\n';
}

int run_slurm(const SweepCommandOptions& options, const SweepSpec& spec, const SweepPlan& plan,
              const SweepLayout& layout) {
  // Refused before anything is written, so that a refused sweep leaves no folder behind.
  const std::string unusable_path = sbatch_path_problem({layout.dir(), self_executable(), plan.sweep_file});
  if (!unusable_path.empty()) return command_usage_error("sweep", unusable_path);
  validate_points(spec, plan);
  layout.create_directories();
  write_file_atomically(layout.plan_path(), plan_yaml(plan));
  adopt_renamed_outputs(layout, plan);
  std::size_t done = 0;
  std::vector<std::size_t> pending = not_done(layout, plan, &done);
  std::optional<std::size_t> points_per_task = options.points_per_task;
  std::optional<double> point_s;
  if (options.task_time_s && !pending.empty()) {
    point_s = point_wall_time(plan, layout, pending, options.quiet);
    if (!point_s) {
      std::cerr << "sweep '" << plan.name << "': the point run to measure a point's time failed (its error is in "
                << layout.points_dir() << "); nothing submitted\n";
      return exit_failure;
    }
    points_per_task = points_for_task_time(*options.task_time_s, *point_s);
    done = plan.points.size() - pending.size();
    print_task_size(plan, *point_s, *points_per_task, *options.task_time_s);
  }
  if (pending.empty()) {
    std::cout << "sweep '" << plan.name << "': all " << plan.points.size() << " points are done; nothing to submit. "
              << "Collect with: terawatt collect " << layout.dir() << '\n';
    return 0;
  }
  SlurmScriptInputs inputs;
  inputs.sweep_name = plan.name;
  inputs.terawatt_path = self_executable();
  inputs.sweep_file = plan.sweep_file;
  inputs.output_dir = layout.dir();
  inputs.indices = pending;
  inputs.catalog_files = plan.catalog_files;
  // Bundled when asked, or when the points' own indices would not fit in the cluster's array size.
  const std::size_t max_array = slurm_max_array_size().value_or(slurm_default_max_array_size);
  if (points_per_task || pending.back() >= max_array) {
    inputs.points_per_task = points_per_task_within(pending.size(), points_per_task.value_or(1), max_array);
    const auto tasks = bundle_points(pending, inputs.points_per_task);
    write_file_atomically(layout.tasks_path(), tasks_file_text(tasks));
    inputs.indices.resize(tasks.size());
    for (std::size_t t = 0; t < tasks.size(); ++t) inputs.indices[t] = t;
  }
  inputs.settings = spec.slurm;
  if (options.throttle) inputs.settings.throttle = options.throttle;
  if (!options.time.empty()) inputs.settings.time = options.time;
  if (!options.mem.empty()) inputs.settings.mem = options.mem;
  // The time limit is per point; a task of several runs them one after the other. A measured point time bounds it.
  const std::size_t largest_task = std::min(inputs.points_per_task, pending.size());
  if (point_s) {
    inputs.settings.time =
        slurm_time_for_expected(*point_s * static_cast<double>(largest_task), inputs.settings.time, largest_task);
  } else if (largest_task > 1) {
    inputs.settings.time = slurm_time_for_points(inputs.settings.time, largest_task);
  }
  write_file_atomically(layout.script_path(), sbatch_script(inputs));
  chmod(layout.script_path().c_str(), 0755);
  std::cout << "sweep '" << plan.name << "': " << layout.script_path() << " runs " << pending.size() << " of "
            << plan.points.size() << " points as a Slurm array"
            << (inputs.points_per_task > 0
                    ? " of " + std::to_string(inputs.indices.size()) +
                          (inputs.indices.size() == 1 ? " task" : " tasks") + " of up to " +
                          std::to_string(inputs.points_per_task) + (inputs.points_per_task == 1 ? " point" : " points")
                    : std::string())
            << " (" << done << " already done)\n";
  if (!options.submit) {
    std::cout << "submit with: sbatch " << layout.script_path() << '\n';
    return 0;
  }
  const std::string job = submit_sbatch({layout.script_path()});
  std::cout << "submitted Slurm job " << job << "; logs in " << layout.logs_dir();
  if (options.then_collect) {
    std::cout << "; then job " << submit_collect_after(job, inputs) << " writes " << layout.dir() << "/table.h5\n";
  } else {
    std::cout << "; when it is done: terawatt collect " << layout.dir() << '\n';
  }
  return 0;
}

int run_local(const SweepCommandOptions& options, const SweepSpec& spec, const SweepPlan& plan,
              const SweepLayout& layout) {
  validate_points(spec, plan);
  layout.create_directories();
  write_file_atomically(layout.plan_path(), plan_yaml(plan));
  const std::size_t adopted = adopt_renamed_outputs(layout, plan);
  std::size_t done = 0;
  const std::vector<std::size_t> pending = not_done(layout, plan, &done);
  SweepRunOptions run;
  run.terawatt_path = self_executable();
  run.jobs = options.jobs != 0 ? options.jobs : usable_cores();
  run.quiet = options.quiet;
  if (!options.quiet) {
    std::cout << "sweep '" << plan.name << "': " << plan.points.size() << " points, " << done << " already done"
              << (adopted ? " (" + std::to_string(adopted) + " found under an earlier name)" : std::string()) << ", "
              << pending.size() << " to run with " << run.jobs << (run.jobs == 1 ? " job" : " jobs") << " -> "
              << layout.dir() << std::endl;
  }
  const SweepRunResult result = run_points(plan, layout, pending, run, std::cout, std::cerr);
  for (const auto& problem : metric_problems(layout, plan)) std::cerr << "warning: " << problem << '\n';
  if (result.interrupted_by != 0) {
    std::cerr << "sweep '" << plan.name << "' stopped by signal " << result.interrupted_by << " after "
              << result.succeeded << " new points; run the same command to resume\n";
    return 128 + result.interrupted_by;
  }
  if (result.running_elsewhere != 0) {
    std::cerr << "sweep '" << plan.name << "': " << result.running_elsewhere
              << " points are running in another process; run the same command again once it has ended\n";
    return exit_failure;
  }
  if (result.failed != 0) {
    std::cerr << "sweep '" << plan.name << "': " << result.failed << " of " << plan.points.size()
              << " points failed (their errors are in " << layout.points_dir()
              << "/*.failed); run the same command to retry them\n";
    return exit_failure;
  }
  if (!options.quiet) {
    std::cout << "sweep '" << plan.name << "': all " << plan.points.size()
              << " points done; collect with: terawatt collect " << layout.dir() << '\n';
  }
  return 0;
}

// The --time, --mem, --throttle and --jobs values as text, parsed once the mode is known.
struct SweepOptionTexts {
  std::string points_per_task;
  std::string task_time;
  std::string throttle;
  std::string time;
  std::string mem;
  std::string jobs;
};

// Checks that one mode is asked for and reads the option values into `options`; "" or the usage problem.
std::string resolve_options(const po::variables_map& vm, const SweepOptionTexts& texts, SweepCommandOptions& options) {
  if (vm.count("index")) options.index = vm["index"].as<std::string>();
  if (vm.count("task")) options.task = vm["task"].as<std::string>();
  if (options.submit) options.slurm = true;
  const int modes = int(options.plan) + int(options.index.has_value()) + int(options.task.has_value()) +
                    int(options.slurm) + int(vm.count("jobs") > 0);
  if (modes > 1) return "--plan, --jobs, --index, --task and --slurm/--submit are different modes; give one";
  if (vm.count("points-per-task") && vm.count("task-time")) {
    return "--points-per-task and --task-time both size the tasks; give one";
  }
  if (vm.count("task-time")) {
    if (!options.slurm) return "--task-time applies to --slurm and --submit";
    const auto time = read_sweep_quantity(texts.task_time);
    if (!time || time->dimension != Dimension::time || !(time->si > 0.0)) {
      return "--task-time " + texts.task_time + ": expected a positive time, e.g. 30 min";
    }
    options.task_time_s = time->si;
  }
  if (vm.count("points-per-task")) {
    if (!options.slurm) return "--points-per-task applies to --slurm and --submit";
    const auto per_task = positive_count(texts.points_per_task);
    if (!per_task) return "--points-per-task " + texts.points_per_task + ": expected a whole number of at least 1";
    options.points_per_task = *per_task;
  }
  if (options.then_collect && !options.submit) return "--then-collect applies to --submit";
  if (vm.count("jobs")) {
    const auto jobs = positive_count(texts.jobs);
    if (!jobs) return "--jobs " + texts.jobs + ": expected a whole number of at least 1";
    options.jobs = *jobs;
  }
  if (!options.slurm && (vm.count("throttle") || vm.count("time") || vm.count("mem"))) {
    return "--throttle, --time and --mem apply to --slurm and --submit";
  }
  if (vm.count("throttle")) {
    const auto throttle = positive_count(texts.throttle);
    if (!throttle) return "--throttle " + texts.throttle + ": expected a whole number of at least 1";
    options.throttle = *throttle;
  }
  try {
    if (vm.count("time")) options.time = slurm_time_text(texts.time);
  } catch (const std::invalid_argument& e) {
    return std::string("--time: ") + e.what();
  }
  try {
    if (vm.count("mem")) options.mem = slurm_mem_text(texts.mem);
  } catch (const std::invalid_argument& e) {
    return std::string("--mem: ") + e.what();
  }
  return "";
}

}  // namespace

int sweep_main(const std::vector<std::string>& args) {
  SweepCommandOptions options;
  po::options_description visible("terawatt sweep options");
  SweepOptionTexts texts;
  visible.add_options()("help,h", "show this help")("output,o", po::value<std::string>(&options.output_dir),
                                                    "output directory (default: the sweep's name)")(
      "plan", po::bool_switch(&options.plan), "print the points and their state; run nothing")(
      "jobs,j", po::value<std::string>(&texts.jobs), "run the points here, N at a time (default: one per usable core)")(
      "index", po::value<std::string>()->implicit_value(""),
      "run point I only (a Slurm array task); without I, reads SLURM_ARRAY_TASK_ID")(
      "slurm", po::bool_switch(&options.slurm), "write DIR/sweep.sbatch, a Slurm array of the pending points")(
      "submit", po::bool_switch(&options.submit), "as --slurm, then submit it with sbatch")(
      "points-per-task", po::value<std::string>(&texts.points_per_task),
      "with --slurm: run K points one after the other in each array task (raised when the tasks would not fit in "
      "Slurm's MaxArraySize)")("task-time", po::value<std::string>(&texts.task_time),
                               "with --slurm: as many points per task as fill this wall time, e.g. 30 min, from the "
                               "time done points took (or one point run here first)")(
      "then-collect", po::bool_switch(&options.then_collect),
      "with --submit: also submit `terawatt collect` to run once the array has ended")(
      "task", po::value<std::string>()->implicit_value(""),
      "run array task T of DIR/tasks.txt (written by --points-per-task); without T, reads SLURM_ARRAY_TASK_ID")(
      "throttle", po::value<std::string>(&texts.throttle), "at most N array tasks at once (default: slurm.throttle)")(
      "time", po::value<std::string>(&texts.time),
      "time limit per point, e.g. 30 min or 1:00:00 (default: slurm.time); a task of K points gets K times it")(
      "mem", po::value<std::string>(&texts.mem), "memory per point, e.g. 2 GB or 2G (default: slurm.mem)")(
      "catalog", po::value<std::vector<std::string>>(&options.catalog_files)->composing(),
      "a hardware catalog file for every point's run (repeatable; `terawatt run --catalog`)")(
      "quiet,q", po::bool_switch(&options.quiet), "print only errors");
  po::variables_map vm;
  try {
    vm = parse_command_arguments(args, visible, "sweep", options.sweep_file);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  if (vm.count("help")) {
    std::cout << "usage: terawatt sweep SWEEP.yaml [-o DIR] [--catalog FILE]... [--plan | --jobs N | --index [I] | "
                 "--task [T] | --slurm | --submit]\n\n"
                 "Runs every point of the sweep (the base scenario with one combination of the swept values) as its\n"
                 "own `terawatt run`, writing DIR/points/<point>.h5. Points already done are skipped, so the same\n"
                 "command resumes a stopped sweep and retries failed points. Every point is validated first.\n\n"
              << visible << '\n';
    return 0;
  }
  if (options.sweep_file.empty()) return usage_error("missing the sweep file");
  const std::string problem = resolve_options(vm, texts, options);
  if (!problem.empty()) return usage_error(problem);

  try {
    const SweepSpec spec = load_sweep_file(options.sweep_file);
    const SweepPlan plan = make_plan(spec, options.catalog_files);
    const SweepLayout layout(absolute(options.output_dir.empty() ? spec.name : options.output_dir));
    if (options.plan) {
      validate_points(spec, plan);
      print_plan(layout, plan);
      return 0;
    }
    if (options.index) return run_index_task(*options.index, options.quiet, spec, plan, layout);
    if (options.task) return run_bundle_task(*options.task, options.quiet, spec, plan, layout);
    if (options.slurm) return run_slurm(options, spec, plan, layout);
    return run_local(options, spec, plan, layout);
  } catch (const ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "terawatt sweep: error: " << e.what() << '\n';
    return exit_failure;
  }
}

}  // namespace terawatt
