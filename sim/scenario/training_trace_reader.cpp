#include "sim/scenario/training_trace_reader.hpp"

#include "models/workload/job_trace.hpp"
#include "models/workload/trace_file.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/inference_arrivals_reader.hpp"
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <cmath>
#include <map>
#include <set>

namespace terawatt {
namespace {

const std::vector<std::string>& trace_formats() {
  static const std::vector<std::string> names{"swf", "sacct"};
  return names;
}

// The jobs of the trace file that ran, by its format.
JobTrace read_jobs(const MapReader& map, const std::string& path, const std::string& format, const Cluster& cluster,
                   const ScenarioInfo& info) {
  const auto offset_h = map.real(training_trace_section().key("utc_offset"));
  if (offset_h && !(std::fabs(*offset_h) <= 24.0)) map.fail("utc_offset", "is outside [-24, 24] hours");
  if (offset_h && format == "swf") map.fail("utc_offset", "applies to sacct traces only (SWF times are seconds)");
  try {
    if (format == "swf") return read_swf_trace(path);
    return read_sacct_trace(path, SacctOptions{info.start_epoch_s, offset_h, cluster.accelerators_per_server});
  } catch (const TraceFileError& e) {
    map.fail("file", e.what());
  }
}

// `<workload>-<job id>`, the id's characters outside the name alphabet (yaml_reader.hpp, is_valid_name) made '_'
// (Slurm array jobs are "123_4", heterogeneous ones "123+0").
std::string job_name(const std::string& workload, const std::string& id) {
  std::string name = workload + "-";
  for (const char c : id) name += std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ? c : '_';
  return name;
}

// What one traced job becomes on the cluster, or a refusal at the trace's line.
struct Replay {
  const MapReader& map;
  const std::string& path;
  const Cluster& cluster;
  double mfu = 0.0;
  double flop_per_s = 0.0;  // one accelerator at full speed: peak x the cluster's power-cap speed factor

  TrainingJob job(const TraceJob& traced, bool& widened) const {
    const std::string where = path + ":" + std::to_string(traced.line) + ": job " + traced.id + ": ";
    const std::int64_t per_host = cluster.accelerators_per_server * cluster.servers_per_host;
    const std::int64_t accelerators = (traced.accelerators + per_host - 1) / per_host * per_host;
    widened = accelerators != traced.accelerators;
    if (accelerators > cluster.accelerators()) {
      map.fail("file", where + std::to_string(traced.accelerators) + " accelerators, more than the " +
                           std::to_string(cluster.accelerators()) + " of cluster '" + cluster.name +
                           "' (expected a cluster as large as the trace's widest job)");
    }
    if (!(traced.run_s <= max_job_run_s)) {
      map.fail("file", where + "a run time of " + short_number(traced.run_s) + " s is more than 1,000 years");
    }
    TrainingJob job;
    job.cluster = cluster.name;
    job.accelerators = accelerators;
    job.mfu = mfu;
    job.start_s = traced.submit_s;
    job.flops = traced.run_s * static_cast<double>(accelerators) * flop_per_s * mfu;
    return job;
  }
};

// The names already taken by the workloads read before this one.
std::set<std::string> taken_names(const Scenario& scenario) {
  std::set<std::string> names;
  for (const auto& job : scenario.training_jobs) names.insert(job.name);
  for (const auto& service : scenario.services) names.insert(service.name);
  return names;
}

}  // namespace

void read_training_trace(const MapReader& map, const std::string& base_dir, Scenario& scenario) {
  const auto& spec = training_trace_section();
  TrainingTraceImport import;
  import.workload = *map.name(spec.key("name"));
  std::string cluster_name;
  const std::size_t cluster_index =
      resolve_reference(map, spec.key("cluster"), scenario.clusters, "cluster", cluster_name);
  const Cluster& cluster = scenario.clusters[cluster_index];
  import.format = *map.name(spec.key("format"));
  if (import.format != "swf" && import.format != "sacct") {
    map.fail("format", "unknown format '" + import.format + "'" + did_you_mean(import.format, trace_formats()) +
                           " (expected " + join(trace_formats()) + ")");
  }
  const std::string given = *map.text(spec.key("file"));
  if (given.empty()) map.fail("file", "empty path (expected a trace file)");
  import.file = absolute_trace_path(given, base_dir);
  const Replay replay{
      map, import.file, cluster, *map.fraction(spec.key("mfu")),
      cluster.accelerator.peak_flop_per_s * accelerator_power_model(cluster).speed_factor(WorkKind::compute)};

  JobTrace trace = read_jobs(map, import.file, import.format, cluster, scenario.info);
  std::set<std::string> names = taken_names(scenario);
  std::map<std::string, std::size_t> skipped(trace.skipped.begin(), trace.skipped.end());
  for (const TraceJob& traced : trace.jobs) {
    if (scenario.info.duration_s && traced.submit_s >= *scenario.info.duration_s) {
      ++skipped["submitted after the run's horizon"];
      continue;
    }
    bool widened = false;
    TrainingJob job = replay.job(traced, widened);
    job.name = job_name(import.workload, traced.id);
    job.cluster_index = cluster_index;
    if (!names.insert(job.name).second) {
      map.fail("file", import.file + ":" + std::to_string(traced.line) + ": job " + traced.id + ": the name '" +
                           job.name + "' is taken (expected unique job ids, and no other workload of that name)");
    }
    import.widened += widened ? 1 : 0;
    scenario.training_jobs.push_back(std::move(job));
    ++import.jobs;
  }
  import.skipped.assign(skipped.begin(), skipped.end());
  if (import.jobs == 0) {
    map.fail("file", import.file +
                         ": no job that ran within the run (expected jobs with a run time and "
                         "accelerators, submitted before the horizon)");
  }
  scenario.training_traces.push_back(std::move(import));
}

}  // namespace terawatt
