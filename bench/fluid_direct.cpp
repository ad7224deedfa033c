// The fluid-year benchmark's numbers computed directly, without the simulator: what `terawatt run` of
// bench/inference-fluid-year.yaml must stay close to in time (bench/inference-fluid.sh prints the ratio).
//
// Usage: fluid_direct SCENARIO.yaml OUT.h5
//
// Per control interval, as the simulator's fluid fidelity does (sim/engine/workloads/inference_run.cpp): the expected
// arrivals of the arrival profile, the autoscaler's target (models/workload/autoscaler.hpp), replicas waking for
// wake_up before they serve, the load of the serving replicas (replica_group_load) and the backlog; the power of a
// serving, waking and switched-off server (models/power/server_power.hpp) times their counts; the site's facility and
// grid (models/facility/site_environment.hpp), the network fabric's floor; then one row of the same columns, written
// with the project's HDF5 writer to /timeseries of the same layout (the column declarations and dimensions are the
// simulator's: no engine is started). The run's /summary and attributes are left out: about 60 numbers against 3.5
// million.
//
// It computes the benchmark's shape only, and refuses any other: one site, one cluster, one fluid service holding all
// of its one-replica servers from the start, switched off or idle when scaled down, control interval = sample interval.

#include "models/base/iso8601.hpp"
#include "models/power/server_power.hpp"
#include "models/workload/arrival_profile.hpp"
#include "models/workload/autoscaler.hpp"
#include "models/workload/latency_histogram.hpp"
#include "sim/engine/workloads/service_columns.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/record/sampler.hpp"
#include "sim/record/series_columns.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <exception>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace terawatt;

void require(bool condition, const char* what) {
  if (!condition) throw std::invalid_argument(std::string("fluid_direct computes the benchmark's shape only: ") + what);
}

void check_shape(const Scenario& scenario) {
  require(scenario.sites.size() == 1 && scenario.clusters.size() == 1 && scenario.services.size() == 1 &&
              scenario.training_jobs.empty(),
          "one site, one cluster, one service, no training");
  const InferenceService& service = scenario.services[0];
  const Cluster& cluster = scenario.clusters[0];
  require(service.fidelity == Fidelity::fluid && service.trace_s.empty() && service.start_s == 0.0,
          "a fluid service from the start, arrivals from a rate");
  require(service.replicas_per_host == 1 && service.hosts_per_replica == 1 && cluster.servers_per_host == 1 &&
              service.replica.accelerators == cluster.accelerators_per_server,
          "one replica per server");
  require(service.hosts == cluster.hosts() && service.scaled_down != ScaledDown::standby,
          "the service holds every server; scaled down is off or idle");
  require(scenario.info.duration_s && service.control_interval_s == scenario.info.sample_interval_s,
          "a horizon, and a control interval equal to the sample interval");
}

// Power of one server in each state a replica can be in.
struct ServerStates {
  double serving_it_w, serving_accelerator_w;
  double idle_it_w, idle_accelerator_w;
  double down_it_w, down_accelerator_w;
};

ServerStates server_states(const Cluster& cluster, const InferenceService& service, double serving_accelerator_w) {
  ServerPower server(accelerator_power_model(cluster), static_cast<double>(cluster.accelerators_per_server),
                     cluster.host_power);
  const double k = service.replica.accelerators;
  ServerStates states{};
  server.set_service_power(k * serving_accelerator_w, std::nullopt);
  states.serving_it_w = server.it_power_w();
  states.serving_accelerator_w = server.accelerator_power_w();
  server.set_service_power(k * service.replica.accelerator_power_at(0.0), std::nullopt);
  states.idle_it_w = server.it_power_w();
  states.idle_accelerator_w = server.accelerator_power_w();
  states.down_it_w = service.scaled_down == ScaledDown::idle ? states.idle_it_w : 0.0;
  states.down_accelerator_w = service.scaled_down == ScaledDown::idle ? states.idle_accelerator_w : 0.0;
  return states;
}

template <typename Sample>
void read_into(const std::vector<Column<Sample>>& columns, const Sample& sample, std::size_t& next,
               std::vector<std::vector<double>>& row) {
  for (const auto& column : columns) row.at(next++).assign(1, column.read(sample));
}

// The replicas by state, as counts: every server is alike.
struct Replicas {
  std::size_t serving = 0;
  std::deque<double> waking;  // when each serves, in order
  std::size_t total = 0;
  double below_since_s = -1.0;
};

void scale(Replicas& replicas, const InferenceService& service, double rate_per_s, double now_s, bool start) {
  while (!replicas.waking.empty() && replicas.waking.front() <= now_s) {
    replicas.waking.pop_front();
    ++replicas.serving;
  }
  std::size_t target = replicas.total;
  if (service.autoscale) {
    const AutoscaleRule rule{service.autoscale->target_utilisation, service.autoscale->scale_down_delay_s,
                             service.replica.capacity_per_s(), service.min_replicas, service.max_replicas};
    target =
        autoscaled_replicas(rule, rate_per_s, replicas.serving + replicas.waking.size(), now_s, replicas.below_since_s);
  }
  const bool cold = service.scaled_down != ScaledDown::idle && service.wake_up_s > 0.0 && !start;
  while (replicas.serving + replicas.waking.size() < target) {
    if (cold) {
      replicas.waking.push_back(now_s + service.wake_up_s);
    } else {
      ++replicas.serving;
    }
  }
  replicas.serving = std::min(replicas.serving, target);  // the last serving ones stop; waking ones go on
}

void run(const std::string& scenario_path, const std::string& output_path) {
  const Scenario scenario = load_scenario_file(scenario_path);
  check_shape(scenario);
  const InferenceService& service = scenario.services[0];
  const Cluster& cluster = scenario.clusters[0];
  const double epoch_s = scenario.info.start_epoch_s;
  const double horizon_s = *scenario.info.duration_s;
  const ArrivalRate rate(service.mean_rate_per_s, service.profile);
  // The fabric draws its floor for every server throughout (models/power/fabric_power.hpp).
  const double network_w = cluster.network.fabric.floor_w(static_cast<double>(cluster.servers));

  Hdf5Writer writer(output_path);
  writer.define_timeseries("seconds since " + format_iso8601_utc(epoch_s), Sampler::dimensions(scenario),
                           Sampler::variables(scenario));
  std::vector<std::vector<double>> row(Sampler::variables(scenario).size());
  SiteEvaluator site(scenario.sites[0].environment);
  SiteAccumulator site_total;
  LatencyHistogram latency;

  Replicas replicas;
  replicas.total = static_cast<std::size_t>(service.max_replicas);
  const double window_s = std::min(service.control_interval_s, horizon_s);
  scale(replicas, service, rate.expected_count(epoch_s, epoch_s + window_s) / window_s, 0.0, true);
  double backlog = 0.0;
  for (std::uint64_t i = 0;; ++i) {
    const double t0_s = static_cast<double>(i) * service.control_interval_s;
    if (!(t0_s < horizon_s)) break;
    const double t1_s = std::min(t0_s + service.control_interval_s, horizon_s);
    const double length_s = t1_s - t0_s;
    const double arrived = rate.expected_count(epoch_s + t0_s, epoch_s + t1_s);
    const double demand = arrived + backlog;
    if (i > 0) scale(replicas, service, demand / length_s, t0_s, false);
    const double serving = static_cast<double>(replicas.serving);
    ReplicaLoad load;
    double served = 0.0;
    latency.clear();
    if (serving > 0.0) {
      load = replica_group_load(service.replica, static_cast<int>(replicas.serving), demand / length_s);
      served = load.served_per_s * length_s * serving;
      const double wait_s = backlog / (serving * service.replica.capacity_per_s());
      if (served > 0.0) latency.add(load.latency_s + wait_s, served);
    }
    backlog = std::max(0.0, demand - served);

    const ServerStates power = server_states(cluster, service, serving > 0.0 ? load.accelerator_power_w : 0.0);
    const double waking = static_cast<double>(replicas.waking.size());
    const double down = static_cast<double>(replicas.total) - serving - waking;
    const double it_w = serving * power.serving_it_w + waking * power.idle_it_w + down * power.down_it_w + network_w;
    const double accelerator_w =
        serving * power.serving_accelerator_w + waking * power.idle_accelerator_w + down * power.down_accelerator_w;

    std::size_t next = 0;
    read_into(cluster_series_columns(),
              ClusterSample{it_w * length_s, accelerator_w * length_s, network_w * length_s, length_s}, next, row);
    const SiteInterval interval = site.evaluate(epoch_s + t0_s, epoch_s + t1_s, it_w * length_s);
    site_total.it_j += interval.it_j;
    site_total.facility_j += interval.facility_j;
    site_total.emissions_kg += interval.emissions_kg;
    site_total.onsite_water_m3 += interval.onsite_water_m3;
    site_total.offsite_water_m3 += interval.offsite_water_m3;
    read_into(site_series_columns(), SiteSample{interval, site_total, length_s}, next, row);
    read_into(workload_series_columns(), WorkloadSample{it_w * length_s, length_s}, next, row);
    ServiceInterval sample;
    sample.arrived = arrived;
    sample.served = served;
    sample.queue_length = backlog;
    sample.serving_replicas = serving;
    sample.busy_fraction = serving > 0.0 ? load.busy_fraction : std::numeric_limits<double>::quiet_NaN();
    sample.latency_mean_s = latency.mean_s();
    sample.latency_p50_s = std::numeric_limits<double>::quiet_NaN();
    sample.latency_p99_s = std::numeric_limits<double>::quiet_NaN();
    read_into(service_series_columns(), ServiceSample{sample, service.output, length_s}, next, row);
    writer.append_row(t1_s, row);
  }
  const std::string& site_name = scenario.sites[0].name;
  writer.write_coordinates(
      "timeseries", {{"site_of_cluster", "site the cluster is on", "cluster", {site_name}},
                     {"cluster_of_workload", "cluster the workload runs on", "workload", {cluster.name}},
                     {"cluster_of_service", "cluster the inference service runs on", "service", {cluster.name}}});
  writer.commit();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SCENARIO.yaml OUT.h5\n", argv[0]);
    return 2;
  }
  try {
    run(argv[1], argv[2]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "fluid_direct: %s\n", error.what());
    return 1;
  }
  return 0;
}
