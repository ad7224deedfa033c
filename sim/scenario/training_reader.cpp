#include "sim/scenario/training_reader.hpp"

#include "models/base/nearest_name.hpp"
#include "models/workload/checkpoint_schedule.hpp"
#include "models/workload/collective_traffic.hpp"
#include "models/workload/gradient_all_reduce.hpp"
#include "models/workload/training_cost.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/cluster_reader.hpp"
#include "sim/scenario/flexibility_reader.hpp"
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace terawatt {
namespace {

// The job's size as the user reports it. Its compute: `flops`, or 6 x parameters x tokens
// (models/workload/training_cost.hpp); parameters and tokens also size the gradient all-reduce. Or its run at full
// speed, as accelerator-seconds: `accelerator_hours`, `run_time` on its accelerators, or `tokens` at a measured
// `tokens_per_second` (the whole job's throughput).
struct TrainingWork {
  std::optional<double> flops;
  std::optional<double> parameters;
  std::optional<double> tokens;
  std::optional<double> accelerator_s;
  const char* time_key = nullptr;  // the key that gave accelerator_s
};

// The job's run as accelerator-seconds when a time form gives it: at most one of them.
void read_run_time(const MapReader& map, std::int64_t accelerators, TrainingWork& work) {
  const auto& spec = workload_section();
  const auto accelerator_hours = map.positive_quantity(spec.key("accelerator_hours"));
  const auto run_time = map.positive_quantity(spec.key("run_time"));
  const auto tokens_per_s = map.number(spec.key("tokens_per_second"));
  if (tokens_per_s && !work.tokens) map.fail("tokens", "missing: tokens_per_second needs the job's tokens");
  const int forms = int(accelerator_hours.has_value()) + int(run_time.has_value()) + int(tokens_per_s.has_value());
  if (forms > 1) {
    map.fail(run_time ? "run_time" : "tokens_per_second",
             "conflicts with another measure of the job's run (expected one of accelerator_hours, run_time, "
             "tokens_per_second)");
  }
  const double n = static_cast<double>(accelerators);
  if (accelerator_hours) {
    work.accelerator_s = *accelerator_hours;
    work.time_key = "accelerator_hours";
  } else if (run_time) {
    work.accelerator_s = *run_time * n;
    work.time_key = "run_time";
  } else if (tokens_per_s) {
    work.accelerator_s = *work.tokens / *tokens_per_s * n;
    work.time_key = "tokens_per_second";
  }
}

TrainingWork read_work(const MapReader& map, std::int64_t accelerators) {
  const auto& spec = workload_section();
  TrainingWork work;
  work.flops = map.positive_quantity(spec.key("flops"));
  work.parameters = map.number(spec.key("parameters"));
  work.tokens = map.number(spec.key("tokens"));
  const auto& parameters = work.parameters;
  const auto& tokens = work.tokens;
  if (work.flops && (parameters || tokens)) {
    map.fail(parameters ? "parameters" : "tokens",
             "conflicts with flops (expected either flops, or parameters and tokens)");
  }
  read_run_time(map, accelerators, work);
  if (parameters && tokens) {
    work.flops = training_flops(*parameters, *tokens);
  } else if (parameters || (tokens && !work.accelerator_s)) {
    map.fail(parameters ? "tokens" : "parameters", "missing required key: parameters and tokens go together");
  }
  if (!work.flops && !work.accelerator_s) {
    map.fail("flops",
             "missing required key (expected flops, parameters and tokens, accelerator_hours, run_time, or tokens "
             "and tokens_per_second)");
  }
  return work;
}

// The dense peak FLOP/s per accelerator at the job's `precision`: the catalog's 16-bit peak for bf16 and fp16, else
// the part's published figure at that precision (models/power/catalog.hpp).
double read_precision_peak(const MapReader& map, const AcceleratorSpec& accelerator) {
  const std::string precision = *map.name(workload_section().key("precision"));
  const PrecisionPeaks& peaks = accelerator.other_peaks;
  const std::vector<std::pair<std::string, std::optional<double>>> known{
      {"bf16", accelerator.peak_flop_per_s}, {"fp16", accelerator.peak_flop_per_s}, {"fp8", peaks.fp8_flop_per_s},
      {"fp4", peaks.fp4_flop_per_s},         {"tf32", peaks.tf32_flop_per_s},       {"fp32", peaks.fp32_flop_per_s},
      {"fp64", peaks.fp64_flop_per_s}};
  std::vector<std::string> names;
  std::vector<std::string> available;
  for (const auto& [name, peak] : known) {
    names.push_back(name);
    if (peak) available.push_back(name);
    if (name == precision && peak) return *peak;
  }
  if (std::find(names.begin(), names.end(), precision) == names.end()) {
    map.fail("precision", "unknown precision '" + precision + "'" + did_you_mean(precision, names) +
                              " (expected one of: " + join(names) + ")");
  }
  map.fail("precision", "the catalog has no " + precision + " peak for " + accelerator.name +
                            " (expected one of: " + join(available) + ")");
}

// Whole hosts of the cluster, at most all of them; all of them when the key is absent.
std::int64_t read_job_accelerators(const MapReader& map, const Cluster& cluster) {
  const std::int64_t accelerators = map.count(workload_section().key("accelerators")).value_or(cluster.accelerators());
  const std::int64_t per_host = cluster.accelerators_per_server * cluster.servers_per_host;
  if (accelerators <= 0 || accelerators % per_host != 0) {
    map.fail("accelerators", std::to_string(accelerators) +
                                 " does not fill whole hosts (expected a positive "
                                 "multiple of " +
                                 std::to_string(per_host) +
                                 " = accelerators_per_server x servers_per_host of cluster '" + cluster.name + "')");
  }
  if (accelerators > cluster.accelerators()) {
    map.fail("accelerators", std::to_string(accelerators) + " exceeds the " + std::to_string(cluster.accelerators()) +
                                 " accelerators of cluster '" + cluster.name + "' (expected at most that)");
  }
  return accelerators;
}

// The model FLOP utilisation against `peak_flop_per_s` (the peak at the job's precision): `mfu`, or
// `achieved_flop_rate` over that peak; or, for a job whose run is given as a time, what its FLOPs over that run make,
// and 1 when it has no FLOP count (its FLOPs are then the peak's over the run, which gives the run back).
double read_mfu(const MapReader& map, const AcceleratorSpec& accelerator, double peak_flop_per_s,
                const TrainingWork& work) {
  const auto& spec = workload_section();
  const auto mfu = map.fraction(spec.key("mfu"));
  const auto achieved = map.positive_quantity(spec.key("achieved_flop_rate"));
  if (mfu && achieved) map.fail("achieved_flop_rate", "conflicts with mfu (expected one of mfu, achieved_flop_rate)");
  if (work.accelerator_s) {
    if (mfu || achieved) {
      map.fail(mfu ? "mfu" : "achieved_flop_rate",
               std::string("conflicts with ") + work.time_key +
                   ": the job's run is given, and an mfu would change it (expected one of them)");
    }
    if (!work.flops) return 1.0;
    const double measured = *work.flops / (*work.accelerator_s * peak_flop_per_s);
    if (measured > 1.0) {
      map.fail(work.time_key, short_number(*work.flops) + " FLOP in " + short_number(*work.accelerator_s / 3600.0) +
                                  " accelerator-hours is an mfu of " + short_number(measured) + " on " +
                                  accelerator.name + " (expected at most 1: a longer run or fewer FLOPs)");
    }
    return measured;
  }
  if (mfu) return *mfu;
  if (!achieved) map.fail("mfu", "missing required key (expected mfu or achieved_flop_rate)");
  const double fraction = *achieved / peak_flop_per_s;
  if (fraction > 1.0) {
    map.fail("achieved_flop_rate", "exceeds the " + accelerator.name + " peak of " +
                                       short_number(peak_flop_per_s / 1e12) + " TFLOP/s (expected at most the peak)");
  }
  return fraction;
}

// How long a job runs on its cluster without failures, power cap and checkpoint writes included
// (models/workload/training_cost.hpp). Failures make real runs longer.
double compute_run_s(const TrainingJob& job, const Cluster& cluster) {
  const double speed = accelerator_power_model(cluster, job.power_cap_w).speed_factor(WorkKind::compute);
  return training_duration_s(job.flops, static_cast<double>(job.accelerators),
                             cluster.accelerator.peak_flop_per_s * job.precision_speedup * speed, job.mfu);
}

// The key that set a training job's work: its run's time, flops, or the larger of parameters and tokens.
const char* work_key_of(const MapReader& map) {
  for (const char* key : {"accelerator_hours", "run_time", "tokens_per_second", "flops"}) {
    if (map.has(key)) return key;
  }
  const auto& spec = workload_section();
  return map.number(spec.key("tokens")).value_or(0.0) > map.number(spec.key("parameters")).value_or(0.0) ? "tokens"
                                                                                                         : "parameters";
}

void check_run_length(const MapReader& map, const TrainingJob& job, const Cluster& cluster) {
  const double run_s = compute_run_s(job, cluster);
  if (run_s <= max_job_run_s) return;
  // At the most an mfu can be (1), a run within the bound means the mfu is what is wrong.
  TrainingJob at_peak = job;
  at_peak.mfu = 1.0;
  const char* rate_key = map.has("achieved_flop_rate") ? "achieved_flop_rate" : "mfu";
  const char* key = compute_run_s(at_peak, cluster) <= max_job_run_s ? rate_key : work_key_of(map);
  map.fail(key, short_number(job.flops) + " FLOP at an mfu of " + short_number(job.mfu) + " on " +
                    std::to_string(job.accelerators) + " " + cluster.accelerator.name + " means a run of " +
                    short_number(run_s / (365.25 * 86400.0)) + " yr, more than " +
                    short_number(max_job_run_s / (365.25 * 86400.0)) +
                    " yr (expected the job's real work and mfu: a stray exponent or a unit?)");
}

void read_checkpoint(const MapReader& map, const Cluster& cluster, TrainingJob& job) {
  const auto& spec = workload_section();
  const auto checkpoint_interval_s = map.positive_quantity(spec.key("checkpoint_interval"));
  const auto checkpoint_write_s = map.positive_quantity(spec.key("checkpoint_write_time"));
  if (checkpoint_interval_s && !checkpoint_write_s) {
    map.fail("checkpoint_write_time", "missing: checkpoint_interval needs it (expected a time such as 30 s)");
  }
  if (checkpoint_write_s && !checkpoint_interval_s) {
    map.fail("checkpoint_interval", "missing: checkpoint_write_time needs it (expected a time such as 3 h)");
  }
  if (!checkpoint_interval_s) return;
  job.checkpoint = CheckpointParams{*checkpoint_interval_s, *checkpoint_write_s};
  const double segments = checkpoint_segments(job, compute_run_s(job, cluster));
  if (!(segments <= max_checkpoints)) {
    map.fail("checkpoint_interval",
             "cuts the job into " + short_number(segments) + " segments, more than 1e7 (expected a longer interval)");
  }
}

// The gradient all-reduce of every step (CommunicationParams), hierarchical (models/workload/collective_traffic.hpp):
// the copies of each gradient shard that a server holds are reduced over its interconnect, and only the server's
// reduced gradient crosses its network port, in a ring over the servers of its data-parallel group: 2 (n - 1) / n of it
// for n servers. A step's all-reduce takes the slower of its network leg (bytes / injection bandwidth + 2 (n - 1) hops
// x latency) and its interconnect leg; the overlap hides up to that share of it, at most the step's compute.
void read_communication(const MapReader& map, const Cluster& cluster, std::optional<double> parameters,
                        std::optional<double> tokens, TrainingJob& job) {
  const auto& spec = workload_section();
  const auto global_batch = map.number(spec.key("global_batch"));
  for (const char* key : {"tensor_parallel", "pipeline_parallel", "gradient_bytes", "communication_overlap"}) {
    if (!global_batch && map.has(key)) map.fail(key, "applies with global_batch only (expected global_batch too)");
  }
  if (!global_batch) return;
  if (!parameters || !tokens) {
    map.fail("global_batch", "needs parameters and tokens: the gradient's size and the number of steps");
  }
  const std::int64_t tensor = *map.positive_count(spec.key("tensor_parallel"));
  const std::int64_t pipeline = *map.positive_count(spec.key("pipeline_parallel"));
  if (job.accelerators % (tensor * pipeline) != 0) {
    map.fail("tensor_parallel", "tensor x pipeline parallel (" + std::to_string(tensor * pipeline) +
                                    ") does not divide the job's " + std::to_string(job.accelerators) +
                                    " accelerators");
  }
  const double steps = *tokens / *global_batch;
  if (steps < 1.0) map.fail("global_batch", "exceeds the training tokens (expected at least one step)");
  AllReduceTraffic traffic;
  try {
    traffic = hierarchical_all_reduce({*parameters * *map.number(spec.key("gradient_bytes")), job.accelerators,
                                       cluster.accelerators_per_server, tensor, pipeline});
  } catch (const std::invalid_argument& e) {
    map.fail("tensor_parallel", std::string(e.what()) +
                                    " (expected each server to hold whole tensor-parallel groups and whole or "
                                    "evenly split data-parallel groups, as with powers of two)");
  }
  if (traffic.data_parallel < 2) return;
  if (traffic.copies_per_server > 1 && !cluster.network.intra_server_bytes_per_s) {
    map.fail("global_batch",
             "the all-reduce inside a server needs its interconnect bandwidth, which the catalog "
             "lacks for " +
                 cluster.accelerator.name +
                 " (expected clusters[].network."
                 "intra_server_bandwidth on cluster '" +
                 cluster.name + "')");
  }
  // Without copies inside a server the interconnect leg carries nothing; any bandwidth then gives it no time.
  const AllReduceFabric fabric{
      cluster.network.bandwidth_bytes_per_s, cluster.network.latency_s,
      cluster.network.intra_server_bytes_per_s.value_or(cluster.network.bandwidth_bytes_per_s) / 2.0,
      cluster.servers_per_host};
  job.communication = gradient_all_reduce(traffic, fabric, steps, compute_run_s(job, cluster) / steps,
                                          *map.fraction(spec.key("communication_overlap")));
}

std::optional<FailureParams> read_failures(const MapReader& map) {
  const auto& spec = workload_section();
  const auto mtbf_s = map.positive_quantity(spec.key("mtbf"));
  const auto restart_delay_s = map.positive_quantity(spec.key("restart_delay"));
  if (mtbf_s && !restart_delay_s) map.fail("restart_delay", "missing: mtbf needs it (expected a time such as 10 min)");
  if (restart_delay_s && !mtbf_s) map.fail("mtbf", "missing: restart_delay needs it (expected a time such as 5 yr)");
  if (!mtbf_s) return std::nullopt;
  return FailureParams{*mtbf_s, *restart_delay_s};
}

double expected_run_s(const TrainingJob& job, const Cluster& cluster) {
  return failure_free_run_s(job, compute_run_s(job, cluster));
}

// A carbon-aware job (`deferrable`): its deadline, at least its failure-free run, and its policy.
DeferralParams read_deferral(const YamlSource& context, const MapReader& map, const TrainingJob& job,
                             const Cluster& cluster) {
  const auto& dspec = deferrable_section();
  const MapReader deferrable(context, map.child("deferrable"), map.child_path("deferrable"), dspec);
  DeferralParams deferral;
  deferral.deadline_s = *deferrable.positive_quantity(dspec.key("deadline"));
  const std::string policy = *deferrable.name(dspec.key("policy"));
  if (policy == "threshold") {
    deferral.policy = DeferralPolicy::threshold;
    const auto threshold = deferrable.quantity(dspec.key("threshold"));
    if (!threshold) deferrable.fail("threshold", "missing: the threshold policy needs it (expected an intensity)");
    deferral.threshold_kg_per_j = *threshold;
  } else if (policy == "forecast") {
    deferral.policy = DeferralPolicy::forecast_window;
    if (deferrable.has("threshold")) deferrable.fail("threshold", "only the threshold policy uses it");
  } else {
    deferrable.fail("policy", "unknown policy '" + policy + "'" + did_you_mean(policy, {"forecast", "threshold"}) +
                                  " (expected forecast or threshold)");
  }
  const double run_s = expected_run_s(job, cluster);
  if (deferral.deadline_s < run_s) {
    deferrable.fail("deadline", "is shorter than the job's run of " + short_number(run_s) +
                                    " s (expected at least the run, which cannot be deferred otherwise)");
  }
  return deferral;
}

// The failures expected over the run's horizon after the job's start, or without a duration over the job's mean run
// with failures (models/workload/checkpoint_schedule.hpp).
void check_failure_count(const MapReader& map, const TrainingJob& job, const Cluster& cluster,
                         const ScenarioInfo& info) {
  if (!job.failures) return;
  const double span_s = info.duration_s ? *info.duration_s - job.start_s : mean_run_s(job, cluster);
  const double failures = expected_failures(schedule_of(job, compute_run_s(job, cluster)), span_s);
  if (!(failures <= max_failures)) {
    map.fail("mtbf", short_number(job.failures->mtbf_s) + " s per accelerator on " + std::to_string(job.accelerators) +
                         " accelerators with a restart_delay of " + short_number(job.failures->restart_delay_s) +
                         " s means about " + short_number(failures) + " failures over " + short_number(span_s) +
                         " s, more than " + short_number(max_failures) +
                         " (expected a longer mtbf, per accelerator, such as 5 yr)");
  }
}

// A deferrable job weighs every hourly start up to its deadline, and the grid series cover only the run: a deadline
// past the horizon can only be a typo (and a deadline of 1e6 yr meant 9e9 candidate starts, exhausting memory).
void check_deadline_within_horizon(const YamlSource& context, const MapReader& map, const TrainingJob& job,
                                   const ScenarioInfo& info) {
  if (!job.deferral || !info.duration_s) return;
  const double latest_deadline_s = *info.duration_s - job.start_s;
  if (job.deferral->deadline_s > latest_deadline_s) {
    const MapReader deferrable(context, map.child("deferrable"), map.child_path("deferrable"), deferrable_section());
    deferrable.fail("deadline", short_number(job.deferral->deadline_s) + " s after the job's start at " +
                                    short_number(job.start_s) + " s ends after the run's horizon of " +
                                    short_number(*info.duration_s) + " s (expected a deadline of at most " +
                                    short_number(latest_deadline_s) + " s, or a longer scenario.duration)");
  }
}

TrainingJob read_training(const YamlSource& context, const MapReader& map, const std::vector<Cluster>& clusters) {
  const auto& spec = workload_section();
  TrainingJob job;
  job.name = *map.name(spec.key("name"));
  job.cluster_index = resolve_reference(map, spec.key("cluster"), clusters, "cluster", job.cluster);
  const Cluster& cluster = clusters[job.cluster_index];
  job.accelerators = read_job_accelerators(map, cluster);
  const TrainingWork work = read_work(map, job.accelerators);
  job.precision = *map.name(spec.key("precision"));
  const double peak_flop_per_s = read_precision_peak(map, cluster.accelerator);
  job.precision_speedup = peak_flop_per_s / cluster.accelerator.peak_flop_per_s;
  job.flops = work.flops.value_or(work.accelerator_s.value_or(0.0) * peak_flop_per_s);
  job.power_cap_w = read_power_cap(map, spec.key("power_cap"), cluster.accelerator);
  job.mfu = read_mfu(map, cluster.accelerator, peak_flop_per_s, work);
  job.start_s = *map.quantity(spec.key("start"));
  check_run_length(map, job, cluster);
  read_checkpoint(map, cluster, job);
  read_communication(map, cluster, work.parameters, work.tokens, job);
  job.failures = read_failures(map);
  if (map.has("deferrable")) job.deferral = read_deferral(context, map, job, cluster);
  if (map.has("flexibility")) job.flexibility = read_training_flexibility(context, map, job, cluster);
  return job;
}

}  // namespace

double mean_run_s(const TrainingJob& job, const Cluster& cluster) {
  return mean_run_s(schedule_of(job, compute_run_s(job, cluster)));
}

TrainingJob read_training_job(const YamlSource& context, const MapReader& map, const std::vector<Cluster>& clusters,
                              const ScenarioInfo& info) {
  TrainingJob job = read_training(context, map, clusters);
  check_failure_count(map, job, clusters[job.cluster_index], info);
  check_deadline_within_horizon(context, map, job, info);
  return job;
}

}  // namespace terawatt
