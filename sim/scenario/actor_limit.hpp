#pragma once
// The engine's one hard limit on a run's shape: its actors. SimGrid gives each actor a stack of its own, mapped with
// a guard page below it: two memory maps per actor, and Linux allows a process vm.max_map_count maps (65530 by
// default). Past that, creating an actor aborts the process (docs/design.md section 9: about 32,000 actors). A run's
// actors are its running training jobs (one each, only while it runs: queued jobs are records of the server pool),
// the helpers that make the execs of jobs on over a thousand hosts (one per thousand hosts beyond the first), its
// services (one each, plus one per replica at request fidelity), one arrivals actor per cluster and the sampler.
// The loader refuses a scenario that could need more, before any time is simulated.

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>

namespace terawatt {

// Memory maps a process keeps for itself, beyond its actors' stacks: libraries, heap arenas, HDF5 and SimGrid's
// own. A 50,000-job run measured here holds a few hundred; this leaves ample room.
inline constexpr std::int64_t maps_outside_actors = 2000;
// Maps per actor: its stack and the guard page SimGrid protects below it (contexts/guard-size).
inline constexpr std::int64_t maps_per_actor = 2;

// The system's vm.max_map_count (/proc/sys/vm/max_map_count), or Linux's default 65530 when it cannot be read.
std::int64_t system_max_map_count();
// The actors one run can hold under `max_map_count`.
std::int64_t actor_limit(std::int64_t max_map_count);
// The most training jobs of `cluster_index` that can run at once: as many of its smallest jobs as its hosts hold.
std::int64_t most_jobs_running_at_once(const Scenario& scenario, std::size_t cluster_index);
// Refuses (ScenarioError at the cluster's `servers` that could run the most jobs at once) a scenario whose actors
// could exceed actor_limit(max_map_count). `clusters` is the scenario's list of clusters in the YAML document.
void check_actor_limit(const YamlSource& context, const YAML::Node& clusters, const Scenario& scenario,
                       std::int64_t max_map_count);

}  // namespace terawatt
