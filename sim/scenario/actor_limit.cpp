#include "sim/scenario/actor_limit.hpp"

#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_override.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

namespace terawatt {

std::int64_t system_max_map_count() {
  std::ifstream file("/proc/sys/vm/max_map_count");
  std::int64_t count = 0;
  if (file >> count && count > 0) return count;
  return 65530;  // DEFAULT_MAX_MAP_COUNT of the Linux kernel (include/linux/mm.h)
}

std::int64_t actor_limit(std::int64_t max_map_count) {
  return std::max<std::int64_t>(0, (max_map_count - maps_outside_actors) / maps_per_actor);
}

std::int64_t most_jobs_running_at_once(const Scenario& scenario, std::size_t cluster_index) {
  const Cluster& cluster = scenario.clusters[cluster_index];
  const std::int64_t accelerators_per_host = cluster.accelerators_per_server * cluster.servers_per_host;
  std::vector<std::int64_t> hosts;
  for (const TrainingJob& job : scenario.training_jobs) {
    if (job.cluster_index == cluster_index) hosts.push_back(job.accelerators / accelerators_per_host);
  }
  std::sort(hosts.begin(), hosts.end());
  std::int64_t free = cluster.hosts();
  std::int64_t running = 0;
  for (const std::int64_t needed : hosts) {
    if (needed > free) break;
    free -= needed;
    ++running;
  }
  return running;
}

void check_actor_limit(const YamlSource& context, const YAML::Node& clusters, const Scenario& scenario,
                       std::int64_t max_map_count) {
  std::int64_t actors = 1 + static_cast<std::int64_t>(scenario.clusters.size());  // the sampler, arrivals actors
  actors += static_cast<std::int64_t>(scenario.services.size());                  // one driver each, at every fidelity
  std::size_t busiest = 0;
  std::int64_t busiest_jobs = -1;
  for (std::size_t c = 0; c < scenario.clusters.size(); ++c) {
    const std::int64_t jobs = most_jobs_running_at_once(scenario, c);
    actors += jobs;
    if (jobs > busiest_jobs) {
      busiest = c;
      busiest_jobs = jobs;
    }
  }
  const std::int64_t limit = actor_limit(max_map_count);
  if (actors <= limit) return;
  const Cluster& cluster = scenario.clusters[busiest];
  const MapReader map(context, clusters[busiest], "clusters." + element_segment(clusters[busiest], busiest),
                      cluster_section());
  map.fail("servers",
           std::to_string(cluster.hosts()) + " hosts can run " + std::to_string(busiest_jobs) +
               " training jobs at once, one engine actor each, which with the run's other " +
               std::to_string(actors - busiest_jobs) + " actors makes " + std::to_string(actors) + ", more than the " +
               std::to_string(limit) + " actors one run can hold (vm.max_map_count = " + std::to_string(max_map_count) +
               " memory maps, " + std::to_string(maps_per_actor) +
               " per actor); expected fewer jobs able to run at once (fewer servers, or larger or fewer jobs), or a "
               "higher limit: sysctl -w vm.max_map_count=" +
               std::to_string(maps_outside_actors + maps_per_actor * actors + 1));
}

}  // namespace terawatt
