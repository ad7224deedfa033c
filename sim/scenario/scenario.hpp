#pragma once
// The typed scenario: what a YAML file says once units are parsed (SI inside), defaults and catalog entries
// are resolved and every cross-reference is checked. Nothing downstream reads YAML.

#include "models/facility/site_environment.hpp"
#include "models/grid/carbon_aware.hpp"
#include "models/grid/grid_file.hpp"
#include "models/grid/grid_profile.hpp"
#include "models/power/catalog.hpp"
#include "models/power/fabric_power.hpp"
#include "models/power/hardware_catalog.hpp"
#include "models/supply/grid_connection.hpp"
#include "models/supply/pv_array.hpp"
#include "models/supply/site_dispatch.hpp"
#include "models/workload/arrival_profile.hpp"
#include "models/workload/checkpoint_schedule.hpp"
#include "models/workload/gradient_all_reduce.hpp"
#include "models/workload/iteration_engine.hpp"
#include "models/workload/replica_service.hpp"
#include "models/workload/request_size_distribution.hpp"
#include "models/workload/sized_diffusion_work.hpp"
#include "models/workload/sized_request_latency.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace terawatt {

struct ScenarioInfo {
  std::string name;
  std::string description;
  double start_epoch_s = 0.0;        // scenario start, seconds since 1970-01-01T00:00:00Z
  std::optional<double> duration_s;  // simulated horizon; none: until every workload has finished
  double sample_interval_s = 0.0;
  // Where sample_interval was given ("file:line:col", or the --set that set it): limits on the output name it.
  std::string sample_interval_location;
  // When the run ends: the duration, or without one an estimate of when the last workload finishes.
  double end_estimate_s = 0.0;
  std::uint64_t seed = 0;
  std::optional<double> end_epoch_s() const {
    if (!duration_s) return std::nullopt;
    return start_epoch_s + *duration_s;
  }
};

// What the scenario said about a site's facility and grid, defaults made explicit, for the resolved scenario.
struct SiteInputs {
  std::optional<double> pue;
  std::optional<double> wue_m3_per_j;
  std::optional<std::string> facility_preset;
  double facility_capacity_w = 0.0;
  std::optional<std::string> climate;
  std::optional<std::string> weather_file;  // absolute path
  std::optional<std::string> grid_region;
  std::optional<double> carbon_intensity_kg_per_j;
  GridProfile profile;
  std::optional<std::string> grid_file;  // absolute path
  GridFileLayout grid_file_layout;       // how grid_file is read: its format, column mapping and factors
  std::optional<double> marginal_intensity_kg_per_j;
  std::optional<std::string> marginal_file;  // absolute path
  std::optional<double> market_intensity_kg_per_j;
  double water_intensity_m3_per_j = 0.0;
};

// What a site has besides its grid supply, and the terms of its connection (models/supply/). Absent parts: none.
struct SiteSupply {
  std::optional<PvArrayParams> pv;
  std::string pv_irradiance;           // where the irradiance comes from: a climate preset's name or a file path
  bool pv_irradiance_is_file = false;  // pv_irradiance names an EPW file (else a climate preset)
  StepSeries pv_power_w;               // hourly AC output over the run, when pv is given
  std::optional<BatteryParams> battery;
  DispatchPolicy policy;
  std::string policy_name = "self_consumption";  // as written: self_consumption, peak_shaving, carbon or price
  std::optional<GridConnection> connection;
  std::optional<std::string> price_file;  // absolute path of the hourly prices, when given
  bool any() const { return pv || battery || connection; }
};

struct Site {
  std::string name;
  SiteInputs inputs;
  SiteEnvironment environment;  // facility and grid, resolved: files read, weather synthesised
  // Keys given that another key overrides, so that they have no effect: located, for the run to print.
  std::vector<std::string> warnings = {};
  SiteSupply supply = {};
};

// Embodied carbon of the hardware, amortised linearly over its service life: the cluster carries lifetime's share
// of it per simulated second; a workload, per accelerator-second it held, that share over `utilisation`, the share of
// the life the hardware is in use.
struct EmbodiedCarbon {
  double per_accelerator_kg = 0.0;
  double per_server_kg = 0.0;  // the host: chassis, CPUs, memory, NICs, storage; or the whole server (server_total)
  double lifetime_s = 0.0;
  double utilisation = 1.0;               // in (0, 1]
  std::optional<double> server_total_kg;  // as given: a whole server with its accelerators, in per_server_kg
};

struct Network {
  double bandwidth_bytes_per_s = 0.0;  // injection bandwidth of one server into the cluster fabric
  double latency_s = 0.0;              // one-way latency server to server
  // One accelerator's bandwidth over the server's own interconnect, both directions together (catalog or scenario);
  // none where neither gives one.
  std::optional<double> intra_server_bytes_per_s;
  // The switches' and transceivers' power (none unless the scenario's reader sets it: the projection's representative
  // clusters leave it out, as its network is a segment of its own).
  FabricPower fabric;
};

struct Cluster {
  std::string name;
  std::string site;
  std::size_t site_index = 0;
  AcceleratorSpec accelerator;
  std::int64_t servers = 0;
  std::int64_t accelerators_per_server = 0;
  std::int64_t servers_per_host = 1;      // identical servers one SimGrid host stands for
  std::optional<double> power_cap_w;      // per accelerator
  HostPowerCurve host_power;              // one server's CPUs, DRAM, NICs, fans, PSU losses, against load
  std::optional<double> compute_power_w;  // measured power of one accelerator in compute-bound work
  Network network;
  std::optional<EmbodiedCarbon> embodied;
  // Embodied carbon of one accelerator with its share of the server, per second of service life.
  double embodied_kg_per_accelerator_s() const {
    if (!embodied) return 0.0;
    return (embodied->per_accelerator_kg + embodied->per_server_kg / static_cast<double>(accelerators_per_server)) /
           embodied->lifetime_s;
  }
  // The same per second a workload holds the accelerator: over the hours in use, lifetime x utilisation.
  double embodied_kg_per_used_accelerator_s() const {
    return embodied ? embodied_kg_per_accelerator_s() / embodied->utilisation : 0.0;
  }
  std::int64_t hosts() const { return servers / servers_per_host; }
  std::int64_t accelerators() const { return servers * accelerators_per_server; }
};

// How a training job yields when its site's controller curtails it (sim/engine/site_controller.hpp): it pauses (a
// checkpoint write, its servers idle until it is restored, then a restart), or it runs under a lower power cap.
enum class FlexMode { pause, power_cap };
struct TrainingFlexibility {
  FlexMode mode = FlexMode::pause;
  double power_cap_w = 0.0;         // power_cap: per accelerator while curtailed
  double checkpoint_write_s = 0.0;  // pause: the write before its servers go idle
  double restart_s = 0.0;           // pause: reloading the checkpoint before compute resumes
  std::size_t priority = 0;         // curtailed in ascending order; ties in the scenario's order
};

struct TrainingJob {
  std::string name;
  std::string cluster;
  std::size_t cluster_index = 0;
  double flops = 0.0;  // total training compute
  std::int64_t accelerators = 0;
  double mfu = 0.0;                                  // achieved / peak FLOP/s at `precision`, in (0, 1]
  std::string precision = "bf16";                    // the number format whose peak mfu refers to
  double precision_speedup = 1.0;                    // that peak over the accelerator's 16-bit peak
  double start_s = 0.0;                              // offset from the scenario start
  std::optional<double> power_cap_w;                 // per accelerator while it runs; none: the cluster's
  std::optional<DeferralParams> deferral;            // carbon-aware: may wait for low-carbon hours until its deadline
  std::optional<CheckpointParams> checkpoint;        // none: no checkpoints
  std::optional<FailureParams> failures;             // none: the job never fails
  std::optional<CommunicationParams> communication;  // none: communication not modelled
  std::optional<TrainingFlexibility> flexibility;    // none: the site controller may not curtail it
};

// The schedule of a job whose compute takes `compute_s` on its cluster (models/workload/checkpoint_schedule.hpp).
inline JobSchedule schedule_of(const TrainingJob& job, double compute_s) {
  return JobSchedule{compute_s, job.communication ? job.communication->exposed_s_per_compute_s : 0.0, job.checkpoint,
                     job.failures, job.accelerators};
}

// Segments a job's compute is cut into by its checkpoints.
inline double checkpoint_segments(const TrainingJob& job, double compute_s) {
  return checkpoint_segments(schedule_of(job, compute_s));
}

// The failure-free run of a job: its compute and exposed communication, and its checkpoint writes.
inline double failure_free_run_s(const TrainingJob& job, double compute_s) {
  return failure_free_run_s(schedule_of(job, compute_s));
}

enum class Modality { text, image, video };
// How finely a service is simulated (docs/design.md section 6), recorded in the output.
enum class Fidelity {
  request,    // each request's start and end are events of the service's loop: exact queueing, latency percentiles
  batch,      // each replica's requests of a control interval are one activity
  fluid,      // per control interval, each replica's load, power and throughput from its rate (no activities)
  offline,    // not a service's: an offline batch job's requests, run in full batches (OfflineInferenceJob)
  iteration,  // text: each replica runs a serving engine's loop for requests of their own sizes (IterationEngine)
};
// The names a scenario writes and the output records, in the order of the enumerators: modality_names()[i] names
// Modality(i), which is also its value in /summary's flag variable.
inline const std::vector<std::string>& modality_names() {
  static const std::vector<std::string> names{"text", "image", "video"};
  return names;
}
// The fidelities a service's `fidelity` key takes.
inline const std::vector<std::string>& fidelity_names() {
  static const std::vector<std::string> names{"request", "batch", "fluid", "iteration"};
  return names;
}
// The fidelity fidelity_names()[i] names.
inline Fidelity service_fidelity(std::size_t i) {
  static const Fidelity fidelities[] = {Fidelity::request, Fidelity::batch, Fidelity::fluid, Fidelity::iteration};
  return fidelities[i];
}
// Every fidelity, as the output reports it for services and offline batch jobs.
inline const std::vector<std::string>& reported_fidelity_names() {
  static const std::vector<std::string> names{"request", "batch", "fluid", "offline", "iteration"};
  return names;
}
inline const std::string& modality_name(Modality modality) {
  return modality_names().at(static_cast<std::size_t>(modality));
}
inline const std::string& fidelity_name(Fidelity fidelity) {
  return reported_fidelity_names().at(static_cast<std::size_t>(fidelity));
}

// What one request produces: for the energy per token, per image and per second of video.
struct RequestOutput {
  double output_tokens = 0.0;
  double images = 0.0;
  double video_s = 0.0;
};

// Replicas that do not serve: idle (powered, idle power), in standby (servers suspended at a small power, accelerators
// unpowered) or off; from standby or off they take the wake-up time to serve again.
enum class ScaledDown { idle, standby, off };

// Latency targets of a service (`slo`): a request meets them when both of its times are within the given ones.
struct ServiceSlo {
  std::optional<double> ttft_s;  // time to first token
  std::optional<double> tpot_s;  // mean time per output token after the first
  double attainment = 0.9;       // the share of requests the SLO autoscaler keeps within the targets
};

// Each request's own size (text, iteration fidelity): drawn from distributions, or the trace's per request.
struct RequestSizes {
  std::optional<SizeDistribution> prompt;  // none: every prompt is the mean request's
  std::optional<SizeDistribution> output;
  bool from_trace = false;  // the trace's token columns (InferenceService::trace_input_tokens, trace_output_tokens)
  double mean_prompt_tokens = 0.0;  // the mean request's, which a request without a distribution takes
  double mean_output_tokens = 0.0;
  // Image and video: denoising steps, resolution and video frames (none: the request's own key).
  std::optional<SizeDistribution> steps;
  std::optional<SizeDistribution> height_px;
  std::optional<SizeDistribution> width_px;
  std::optional<SizeDistribution> frames;
  DiffusionSizeMoments drawn_moments;  // of the four drawn, as they were read (zeros for one not drawn)
  // Image and video with any of the four drawn: each request's FLOPs from its size, and their mean, which the
  // replica table serves (models/workload/sized_diffusion_work.hpp); null otherwise.
  std::shared_ptr<const SizedDiffusionWork> diffusion_work;
  DiffusionRequestSize stated_diffusion;  // the request's keys, which a quantity without a distribution takes
  double mean_diffusion_flop = 0.0;
  double frames_per_s = 0.0;  // video: a request's seconds are its frames over this
  // Each text request has its own size (else every request is the mean one).
  bool per_request() const { return prompt || output || from_trace; }
  bool diffusion_per_request() const { return steps || height_px || width_px || frames; }
};

// Prefill/decode disaggregation of a service at iteration fidelity (`engine.prefill_replicas`).
struct Disaggregation {
  std::int64_t prefill_replicas = 1;  // the first replicas; the others decode
  double kv_bytes_per_token = 0.0;    // of the model's KV cache, moved per prompt token
  // A prompt's KV moving between replicas of one host: over the server interconnect, each of the replica's
  // accelerators sending its shard in one direction (half the catalog's both-ways figure). None: no figure, the
  // transfer goes through the host's network link and back, as a transfer between hosts does.
  std::optional<double> intra_host_bytes_per_s;
  bool exchange_transfers = true;  // engine.expert_parallel.transfers (inference_exchanges.cpp)
};

struct Autoscale {
  double target_utilisation = 0.7;  // requests / capacity the scaler aims at
  double scale_down_delay_s = 0.0;  // demand must stay lower this long before replicas are released
  bool latency = false;             // targets the service's `slo` instead (models/workload/slo_autoscaler.hpp)
};

// How an inference service yields when its site's controller curtails it: it serves on at most `floor_replicas`
// replicas (the others scale down as its `scaled_down` says), and the requests it cannot serve wait.
struct ServiceFlexibility {
  std::int64_t floor_replicas = 0;  // of the service's replicas as it runs them: pipeline-parallel streams
  std::size_t priority = 0;         // curtailed in ascending order with the site's training jobs
};

// An inference service: replicas of `replica.accelerators` accelerators serving Poisson (or traced) requests from
// the scenario start to its horizon.
struct InferenceService {
  std::string name;
  std::string cluster;
  std::size_t cluster_index = 0;
  Modality modality = Modality::text;
  Fidelity fidelity = Fidelity::fluid;
  ReplicaService replica;  // latency and power against the batch, from the cost models
  RequestOutput output;    // per request
  double mean_rate_per_s = 0.0;
  ArrivalProfile profile;
  std::vector<double> trace_s;            // arrival times after the start, increasing; empty: Poisson from the rate
  std::optional<std::string> trace_file;  // absolute path of the trace the arrivals were read from
  // Per traced request, in the order of trace_s, the tokens of the trace's input and output columns (empty where the
  // trace has none). A text service whose `request` omits prompt_tokens or output_tokens takes the trace's mean
  // (sim/scenario/inference_arrivals_reader.hpp); with `sizes: trace` each request takes its own (RequestSizes).
  std::vector<double> trace_input_tokens;
  std::vector<double> trace_output_tokens;
  std::int64_t min_replicas = 0;
  std::int64_t max_replicas = 0;              // replicas placed: the service holds their servers for the whole run
  std::optional<Autoscale> autoscale;         // none: min_replicas = max_replicas, all serving
  ScaledDown scaled_down = ScaledDown::idle;  // what replicas that do not serve do
  double standby_server_w = 0.0;              // power of one server in standby (suspended, accelerators unpowered)
  std::int64_t accelerators_per_server = 8;
  double wake_up_s = 0.0;            // from off to serving, drawing idle power
  double control_interval_s = 60.0;  // autoscaling, and the batch and fluid step
  double start_s = 0.0;              // opening, after the scenario start
  // Its keys as given (cluster and fidelity made explicit, a trace's path absolute), for the resolved scenario: the
  // replica table is derived from them, and written back they load into the same service.
  std::string given_yaml;
  std::int64_t hosts = 0;                         // hosts it holds
  std::int64_t replicas_per_host = 1;             // >= 1; or
  std::int64_t hosts_per_replica = 1;             // >= 1 (one of the two is 1)
  std::optional<ServiceFlexibility> flexibility;  // none: the site controller may not curtail it
  // Text: the replica as a serving engine runs it, used at iteration fidelity (models/workload/iteration_engine.hpp).
  std::shared_ptr<const IterationEngineConfig> engine;
  // Text at request fidelity with sizes per request: each request's latency from its size (null otherwise).
  std::shared_ptr<const SizedRequestLatency> sized_latency;
  std::optional<Disaggregation> disaggregation;  // iteration fidelity: separate prefill and decode replicas
  // Iteration fidelity, pipeline parallelism: each replica of the scenario is this many micro-batch streams of
  // accelerators / stages each, which the service runs as replicas (`replica.accelerators`, `max_replicas` and the
  // placement are theirs); its reported replica counts are divided back.
  std::int64_t pipeline_stages = 1;
  RequestSizes sizes;
  ServiceSlo slo;
};

// An offline batch inference job (`type: offline_inference`): a fixed number of requests, all available at its
// start, run by `replicas` replicas as fast as they allow (models/workload/offline_batch.hpp); it holds their servers
// from its start (waiting for them if others hold them) until its last request ends.
struct OfflineInferenceJob {
  std::string name;
  std::string cluster;
  std::size_t cluster_index = 0;
  Modality modality = Modality::text;
  ReplicaService replica;  // latency and power against the batch, as for a service
  RequestOutput output;    // per request
  double requests = 0.0;   // a whole number
  std::int64_t replicas = 0;
  std::int64_t hosts = 0;              // hosts it holds
  std::int64_t replicas_per_host = 1;  // >= 1; or
  std::int64_t hosts_per_replica = 1;  // >= 1 (one of the two is 1)
  double start_s = 0.0;                // submission, after the scenario start
  std::string given_yaml;              // its keys as given, cluster made explicit, for the resolved scenario
  double run_s = 0.0;                  // from its start on its servers to its last request's end
};

// Servers drawing a given IT power (`type: given_power`), as fleet estimates describe a cluster: a measured total or
// nameplate x a load factor, with no workload model (models/power/given_power.hpp splits it per server).
struct GivenPowerLoad {
  std::string name;
  std::string cluster;
  std::size_t cluster_index = 0;
  std::int64_t servers = 0;           // held, whole hosts
  double server_it_w = 0.0;           // IT power of one of them
  double start_s = 0.0;               // after the scenario start
  std::optional<double> duration_s;   // none: until the horizon
  std::optional<double> total_it_w;   // as given: the servers' measured total, or
  std::optional<double> load_factor;  // the share of their nameplate power
};

// A training-job trace replayed as training jobs (`type: training_trace`, sim/scenario/training_trace_reader.hpp):
// what was read and what was left out, for the run's notes.
struct TrainingTraceImport {
  std::string workload;                                      // the trace workload's name
  std::string file;                                          // absolute path
  std::string format;                                        // swf or sacct
  std::size_t jobs = 0;                                      // training jobs made from it
  std::size_t widened = 0;                                   // jobs rounded up to whole hosts
  std::vector<std::pair<std::string, std::size_t>> skipped;  // reason, lines skipped
};

struct Scenario {
  std::string source_file;  // path as given
  // "path=value" of each value the file gives as a distribution, at the central value this run takes
  // (sim/scenario/input_distributions.hpp).
  std::vector<std::string> central_values;
  ScenarioInfo info;
  std::vector<Site> sites;
  std::vector<Cluster> clusters;
  std::vector<TrainingJob> training_jobs;
  std::vector<InferenceService> services;
  std::vector<OfflineInferenceJob> offline_jobs;
  std::vector<GivenPowerLoad> given_loads;
  std::vector<TrainingTraceImport> training_traces;  // their jobs are in training_jobs
  // The accelerators and servers the user declared (`hardware`, catalog files), resolved: the resolved scenario
  // carries them so that it re-runs without the files.
  HardwareCatalog declared_hardware;
};

}  // namespace terawatt
