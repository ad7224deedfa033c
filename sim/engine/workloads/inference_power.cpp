// InferenceRun's power (sim/engine/workloads/inference_run.hpp): a replica's accelerators in each state, a host's
// power from the replicas it holds, and the power the service would draw with only its floor of replicas serving, which
// the site controller weighs before it scales the service down.
#include "sim/engine/workloads/inference_run.hpp"

#include <algorithm>

namespace terawatt {

bool InferenceRun::asleep(const Replica& replica) const {
  return replica.state == State::scaled_down && service_.scaled_down != ScaledDown::idle;
}

double InferenceRun::state_power_w(const Replica& replica, double serving_w) const {
  const double idle_w = service_.replica.accelerator_power_at(0.0);
  switch (replica.state) {
    case State::serving:
    case State::draining:
      return serving_w;
    case State::waking:
      return idle_w;
    case State::scaled_down:
      return service_.scaled_down == ScaledDown::idle ? idle_w : 0.0;
  }
  return idle_w;
}

// A host's accelerators: the replicas it holds (or its share of one) at `replica_w(r)` per accelerator; accelerators
// no replica uses (a host not filled by the last replicas) count as scaled down. Its servers draw their overhead while
// any replica on them is awake (`asleep(r)` false), the standby power while all sleep in standby, and nothing while
// all are off.
template <class ReplicaPower, class ReplicaAsleep>
InferenceRun::HostServicePower InferenceRun::host_service_power(std::size_t h, ReplicaPower replica_w,
                                                                ReplicaAsleep asleep_of) const {
  const double host_accelerators = host_power_[h]->server().accelerators();
  const double k = service_.replica.accelerators;
  double accelerator_w = 0.0;
  bool awake = false;
  if (service_.hosts_per_replica > 1) {
    const std::size_t r = h / static_cast<std::size_t>(service_.hosts_per_replica);
    accelerator_w = host_accelerators * replica_w(r);
    awake = !asleep_of(r);
  } else {
    const auto [first, last] = replicas_on(h);
    for (std::size_t r = first; r < last; ++r) {
      accelerator_w += k * replica_w(r);
      awake = awake || !asleep_of(r);
    }
    const double unused = host_accelerators - k * static_cast<double>(last - first);
    if (unused > 0.0 && service_.scaled_down == ScaledDown::idle) {
      accelerator_w += unused * service_.replica.accelerator_power_at(0.0);
      awake = true;
    }
  }
  const double servers = host_accelerators / static_cast<double>(service_.accelerators_per_server);
  std::optional<double> asleep_host_w;
  if (!awake) asleep_host_w = service_.scaled_down == ScaledDown::standby ? servers * service_.standby_server_w : 0.0;
  return {accelerator_w, asleep_host_w};
}

void InferenceRun::refresh_host(std::size_t h, double now_s) {
  const HostServicePower power = host_service_power(
      h, [this](std::size_t r) { return replicas_[r].accelerator_w; },
      [this](std::size_t r) { return asleep(replicas_[r]); });
  host_power_[h]->set_service_power(power.accelerator_w, power.asleep_host_w, now_s);
}

void InferenceRun::refresh_hosts_of(std::size_t r, double now_s) {
  const auto [first, last] = hosts_of(r);
  for (std::size_t h = first; h < last; ++h) refresh_host(h, now_s);
}

void InferenceRun::set_replica_power(std::size_t r, double accelerator_w, double now_s) {
  if (replicas_[r].accelerator_w == accelerator_w) return;
  replicas_[r].accelerator_w = accelerator_w;
  refresh_hosts_of(r, now_s);
}

// The serving replicas a scale-down keeps are the first ones (both apply_target and decide_next shed the last), and
// they take the demand of the others: at most a full batch each, so they are counted at its power. The others scale
// down as the service's `scaled_down` says; replicas not serving now stay as they are.
double InferenceRun::it_power_at_floor_w(std::size_t floor) const {
  std::vector<char> kept(replicas_.size(), 0);
  for (std::size_t r = 0, serving = 0; r < replicas_.size() && serving < floor; ++r) {
    if (replicas_[r].state != State::serving) continue;
    kept[r] = 1;
    ++serving;
  }
  const double full_batch_w = service_.replica.accelerator_power_at(service_.replica.slots);
  const auto shed = [this, &kept](std::size_t r) {
    const State state = replicas_[r].state;
    return !kept[r] && (state == State::serving || state == State::draining);
  };
  const auto replica_w = [&](std::size_t r) {
    if (kept[r]) return full_batch_w;
    if (shed(r)) return service_.scaled_down == ScaledDown::idle ? service_.replica.accelerator_power_at(0.0) : 0.0;
    return replicas_[r].accelerator_w;
  };
  const auto asleep_of = [&](std::size_t r) {
    return shed(r) ? service_.scaled_down != ScaledDown::idle : asleep(replicas_[r]);
  };
  double it_w = 0.0;
  for (std::size_t h = 0; h < host_power_.size(); ++h) {
    const HostServicePower power = host_service_power(h, replica_w, asleep_of);
    ServerPower server = host_power_[h]->server();
    server.set_service_power(power.accelerator_w, power.asleep_host_w);
    it_w += server.it_power_w();
  }
  return it_w;
}

}  // namespace terawatt
