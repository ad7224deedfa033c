// Fluid services whose serving hosts change as one group (sim/engine/workloads/host_group.hpp): their energy against
// the per-replica computation from the models, with all replicas alike and with replicas that diverge (autoscaling
// changes how many serve; the others idle, some on servers they share with serving ones).
#include "models/power/server_power.hpp"
#include "models/workload/arrival_profile.hpp"
#include "run_capture.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

// Llama 3 70B on 8-GPU replicas, and Llama 3 8B, which fits one GPU.
const std::string llama_70b = "{parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}";
const std::string llama_8b = "{parameters: 8e9, layers: 32, hidden_size: 4096, kv_heads: 8, head_dim: 128}";

// `servers` DGX H100 at a constant 1 kW host overhead (run_capture.hpp's cluster) serving `model` with a consumer daily
// shape, at fluid fidelity, control steps and samples of 10 minutes.
std::string fluid_yaml(int servers, const std::string& duration, const std::string& model, const std::string& replicas,
                       double per_day) {
  return h100_servers_without_workloads(servers, duration) + R"(  - name: chat
    type: inference
    modality: text
    control_interval: 10 min
    model: )" +
         model +
         R"(
    request: {prompt_tokens: 1000, output_tokens: 300}
    arrivals: {requests_per_day: )" +
         std::to_string(per_day) + R"(, daily_shape: consumer}
    replicas: )" +
         replicas + "\n";
}

// Power of one server whose accelerators draw `accelerators_w` in all, by the cluster's models.
double server_w(const Scenario& scenario, double accelerators_w) {
  const Cluster& cluster = scenario.clusters.at(0);
  ServerPower server(accelerator_power_model(cluster), static_cast<double>(cluster.accelerators_per_server),
                     cluster.host_power);
  server.set_service_power(accelerators_w, std::nullopt);
  return server.it_power_w();
}

// Checks every interval's workload power against the replicas computed one by one: `serving` replicas at the load of
// the interval's expected arrivals, the other accelerators idle, every server awake at its constant overhead.
struct Seen {
  double fewest = 1e300;  // serving replicas
  double most = 0.0;
  bool shared_server = false;  // an interval where a server held serving and idle replicas
};

Seen check_intervals(const Scenario& scenario, const Capture& run) {
  const InferenceService& service = scenario.services.at(0);
  const Cluster& cluster = scenario.clusters.at(0);
  const ArrivalRate rate(service.mean_rate_per_s, service.profile);
  const double k = service.replica.accelerators;
  const double idle_w = service.replica.accelerator_power_at(0.0);
  const auto gpus = static_cast<double>(cluster.accelerators());
  const std::size_t power = variable_index("workload_power");
  const std::size_t serving_column = variable_index("serving_replicas");
  REQUIRE(cluster.host_power.is_constant());
  const double hosts_w = static_cast<double>(cluster.servers) * cluster.host_power.idle_w;
  Seen seen;
  double last_s = 0.0;
  double backlog = 0.0;  // what a step up of demand leaves for the next interval
  for (const Row& row : run.rows) {
    const double serving = row.values[serving_column][0];
    const double length_s = row.time_s - last_s;
    const double demand =
        backlog + rate.expected_count(scenario.info.start_epoch_s + last_s, scenario.info.start_epoch_s + row.time_s);
    const ReplicaLoad load = replica_group_load(service.replica, static_cast<int>(serving), demand / length_s);
    backlog = std::max(0.0, demand - load.served_per_s * length_s * serving);
    // The accelerators one by one, then the servers' constant overhead (the host curve does not depend on load).
    const double accelerators_w = serving * k * load.accelerator_power_w + (gpus - serving * k) * idle_w;
    INFO("interval ending at " << row.time_s << " s with " << serving << " serving");
    REQUIRE(row.values[power][0] == Approx(accelerators_w + hosts_w).epsilon(1e-9));
    seen.fewest = std::min(seen.fewest, serving);
    seen.most = std::max(seen.most, serving);
    const auto per_server = static_cast<double>(cluster.accelerators_per_server);
    seen.shared_server = seen.shared_server || std::fmod(serving * k, per_server) != 0.0;
    last_s = row.time_s;
  }
  return seen;
}

Seen simulate_and_check(const std::string& yaml) {
  const Scenario scenario = load_scenario_text(yaml, "s.yaml", {});
  return check_intervals(scenario, run_scenario(scenario));
}

}  // namespace

TEST_CASE("a fluid service of many identical replicas draws their count times one replica's power") {
  // 256 servers, all serving a flat demand: one group of 256 hosts.
  std::string yaml = fluid_yaml(256, "6 h", llama_70b, "{accelerators: 8, count: 256}", 4e7);
  yaml.replace(yaml.find("daily_shape: consumer"), 21, "daily_shape: flat");
  const Scenario scenario = load_scenario_text(yaml, "s.yaml", {});
  const Capture run = run_scenario(scenario);
  const InferenceService& service = scenario.services.at(0);
  const ReplicaLoad load = replica_group_load(service.replica, 256, service.mean_rate_per_s);
  const double per_replica_w = server_w(scenario, 8.0 * load.accelerator_power_w);
  const double expected_j = 256.0 * per_replica_w * 6.0 * 3600.0;
  CHECK(run.report.workloads.at(0).it_energy_j == Approx(expected_j).epsilon(1e-12));
  // The servers' part of the cluster's IT energy; the fabric's floor is the rest.
  const ClusterTotals& cluster = run.report.clusters.at(0);
  CHECK(cluster.it_energy_j - cluster.network_energy_j == Approx(expected_j).epsilon(1e-12));
  CHECK(cluster.accelerator_energy_j == Approx(256.0 * 8.0 * load.accelerator_power_w * 6.0 * 3600.0).epsilon(1e-12));
}

TEST_CASE("a group of fluid hosts splits and merges as autoscaling idles and wakes replicas") {
  // 64 servers; the consumer day moves the serving replicas between a handful and a few dozen.
  const Seen seen = simulate_and_check(
      fluid_yaml(64, "2 d", llama_70b, "{accelerators: 8, min: 2, max: 64, scaled_down: idle}", 1.5e7));
  CHECK(seen.fewest < seen.most);
  CHECK(seen.most < 64.0);  // some always idle
}

TEST_CASE("fluid replicas that share servers split their hosts when only some of them serve") {
  // 1-GPU replicas, 8 to a server, 100 of them on 13 servers: the last server holds 4 and idles 4 accelerators.
  const Seen seen = simulate_and_check(
      fluid_yaml(13, "2 d", llama_8b, "{accelerators: 1, min: 3, max: 100, scaled_down: idle}", 1.5e6));
  CHECK(seen.fewest < seen.most);
  CHECK(seen.shared_server);
}
