// Batch and fluid fidelity: the serving replicas' power as one group of hosts (sim/engine/workloads/host_group.hpp).
// A step used to set every serving replica and refresh every host; the ledgers took one change per host whose power
// changed, in host order. Here the group's change is computed once, and fed as `members` changes between the loose
// hosts' own, in the same order: the ledgers hold the same bits (tests/same_outputs.py: every shipped scenario
// identical), and a step costs O(loose hosts x log hosts) instead of O(hosts).
// Measured side by side (bench/inference-fluid.sh, loaded 2-core machine, medians of 3-5 runs, four measurements):
// the 10,000-GPU fluid year took 6.0-8.0x the time of computing and writing its values directly
// (bench/fluid_direct.cpp), 69 % of it refreshing hosts (perf); grouped, 1.34-1.42x, with no function of the group
// above 1.2 % in perf (HDF5 compression now leads). The price is the bookkeeping here and a set of
// loose hosts, a Fenwick tree of one word per host and one copy of a HostPower: memory did not change (79 MB).
#include "sim/engine/workloads/inference_run.hpp"

#include <algorithm>

namespace terawatt {

// A full host: a last host with fewer replicas than the others draws another power at the same load.
bool InferenceRun::fully_serving(std::size_t h) const {
  const auto [first, last] = replicas_on(h);
  if (service_.hosts_per_replica <= 1 && last - first != static_cast<std::size_t>(service_.replicas_per_host)) {
    return false;
  }
  for (std::size_t r = first; r < last; ++r) {
    if (replicas_[r].state != State::serving) return false;
  }
  return true;
}

void InferenceRun::ungroup_hosts_of(std::size_t r, double now_s) {
  const auto [first_host, last_host] = hosts_of(r);
  for (std::size_t h = first_host; h < last_host; ++h) {
    if (!group_.contains(h)) continue;
    const auto [first, last] = replicas_on(h);
    for (std::size_t member = first; member < last; ++member) replicas_[member].accelerator_w = group_accelerator_w_;
    group_.leave(h, *host_power_[h], now_s);
    loose_hosts_.insert(h);  // still holds serving replicas until the change that follows
  }
}

void InferenceRun::track_loose_hosts_of(std::size_t r) {
  const auto [first_host, last_host] = hosts_of(r);
  for (std::size_t h = first_host; h < last_host; ++h) {
    const auto [first, last] = replicas_on(h);
    const bool serving = std::any_of(replicas_.begin() + static_cast<std::ptrdiff_t>(first),
                                     replicas_.begin() + static_cast<std::ptrdiff_t>(last),
                                     [](const Replica& replica) { return replica.state == State::serving; });
    if (serving) {
      loose_hosts_.insert(h);
    } else {
      loose_hosts_.erase(h);
    }
  }
}

// The host-by-host loop set each serving replica, then refreshed each host in order; a host with no serving replica
// did not change. The group's members all changed alike, so the ledgers take their changes in runs between the loose
// hosts' (HostGroup::members_between), then the loose hosts that now match the group join it.
void InferenceRun::set_serving_power(double accelerator_w, double now_s) {
  HostPower* shared = group_.shared();
  bool staged = false;
  if (shared) {
    const auto [first, last] = replicas_on(group_.first_member());
    group_accelerator_w_ = accelerator_w;
    // A member's power as refresh_host sums it: its replicas' accelerators one by one.
    double host_accelerator_w = 0.0;
    if (service_.hosts_per_replica > 1) {
      host_accelerator_w = shared->server().accelerators() * accelerator_w;
    } else {
      for (std::size_t r = first; r < last; ++r) host_accelerator_w += service_.replica.accelerators * accelerator_w;
      const double unused =
          shared->server().accelerators() - service_.replica.accelerators * static_cast<double>(last - first);
      if (unused > 0.0 && service_.scaled_down == ScaledDown::idle) {
        host_accelerator_w += unused * service_.replica.accelerator_power_at(0.0);
      }
    }
    staged = shared->stage_service_power(host_accelerator_w, std::nullopt);
  }
  std::size_t from = 0;
  for (const std::size_t h : loose_hosts_) {
    if (staged) shared->feed_staged(now_s, group_.members_between(from, h));
    from = h;
    const auto [first, last] = replicas_on(h);
    for (std::size_t r = first; r < last; ++r) {
      if (replicas_[r].state == State::serving) replicas_[r].accelerator_w = accelerator_w;
    }
    refresh_host(h, now_s);
  }
  if (staged) {
    shared->feed_staged(now_s, group_.members_between(from, hosts_.size()));
    shared->settle_staged(now_s);
  }
  if (!shared) group_accelerator_w_ = accelerator_w;
  for (auto h = loose_hosts_.begin(); h != loose_hosts_.end();) {
    if (fully_serving(*h) && group_.try_join(*h, *host_power_[*h])) {
      h = loose_hosts_.erase(h);
    } else {
      ++h;
    }
  }
}

}  // namespace terawatt
