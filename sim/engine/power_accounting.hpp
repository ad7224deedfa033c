#pragma once
// Exact energy per host and per cluster, attached to SimGrid hosts as an Extension and fed by activity
// signals: the pattern of SimGrid's own src/plugins/host_energy.cpp, with power that depends on the kind of
// work (decode is not prefill) instead of on busy cores only.

#include "models/power/power_ledger.hpp"
#include "models/power/power_use.hpp"
#include "models/power/server_power.hpp"

#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Host.hpp>
#include <xbt/Extendable.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace terawatt {

// Running sums per cluster, updated on every host change, so that a sample costs O(clusters), not O(hosts).
// `it` divides into active, reserved idle, unreserved and network power (models/power/power_use.hpp); active is the
// rest.
struct ClusterMeter {
  PowerLedger it;             // accelerators + hosts + network
  PowerLedger network;        // the fabric's switches and transceivers (models/power/fabric_power.hpp)
  PowerLedger accelerators;   // accelerators only
  PowerLedger reserved_idle;  // the idle floor of hosts a workload holds
  PowerLedger unreserved;     // hosts no workload holds
};

// The IT power of the hosts a workload holds, and the part of it that is their idle floor.
struct WorkloadMeter {
  PowerLedger it;
  PowerLedger reserved_idle;
};

// The kind of work an activity performs. Set it on an exec before start(); an untagged exec counts as compute.
// An exec may stand for a group of hosts that each do the same work at the same speed: it runs on the first of them,
// and its start and end are accounted on every one, at the instants the engine gives the one it runs on.
struct WorkTag {
  static simgrid::xbt::Extension<simgrid::s4u::Activity, WorkTag> EXTENSION_ID;
  WorkKind kind = WorkKind::compute;
  bool counted = false;  // set when its start was accounted, so that its end is accounted once
  const std::vector<simgrid::s4u::Host*>* group = nullptr;  // the hosts it stands for; null: its own host only
};

class HostPower {
 public:
  static simgrid::xbt::Extension<simgrid::s4u::Host, HostPower> EXTENSION_ID;

  HostPower(ServerPower server, ClusterMeter& meter, double now_s);
  void begin(WorkKind kind, double now_s);
  void end(WorkKind kind, double now_s);
  double energy_j(double now_s) const { return it_.energy_j(now_s); }
  double it_power_w() const { return server_.it_power_w(); }

  // While a workload holds the host, the host's IT power also flows into the workload's ledger, so that a
  // workload's energy is read in O(1) at any time, whatever the number of its hosts.
  void assign_owner(WorkloadMeter& owner, double now_s);
  // A service drives the host's power (models/power/server_power.hpp): accelerators' total, and the hosts' power when
  // they are not awake (absent: awake, on the host curve).
  void set_service_power(double accelerator_w, std::optional<double> host_w, double now_s) {
    server_.set_service_power(accelerator_w, host_w);
    update(now_s);
  }
  void clear_service_power(double now_s) {
    server_.clear_service_power();
    update(now_s);
  }
  const ServerPower& server() const { return server_; }
  void set_power_model(const AcceleratorPowerModel& model, double now_s) {
    server_.set_model(model);
    update(now_s);
  }
  void clear_owner(double now_s);

  // A group of interchangeable hosts changes as one (sim/engine/workloads/host_group.hpp): a copy of one of them
  // stands for all, and the ledgers see `copies` equal changes, added in the order host-by-host changes would add them
  // (sim/engine/repeated_sum.hpp), so that they hold the same bits. In three steps, so that the group's changes can be
  // interleaved with other hosts' in host order:
  //  - stage: the new service power; returns whether the accounted power changes (else there is nothing to feed);
  //  - feed: `copies` hosts' change from the accounted power to the staged one, into the cluster's and owner's ledgers;
  //  - settle: this host's own ledger and accounted state take the staged power.
  bool stage_service_power(double accelerator_w, std::optional<double> host_w);
  void feed_staged(double now_s, std::size_t copies);
  void settle_staged(double now_s);
  // Whether `other` draws the same power now and would under any service power: same hardware, meter, owner, power.
  bool interchangeable(const HostPower& other) const;
  // Takes the power of `representative`, a copy of this host that the ledgers followed while this host was in a
  // group: nothing is fed. Its own ledger closes the grouped time at the power it had when it joined (no output reads
  // one host's energy; the cluster's and owner's ledgers are exact).
  void adopt(const HostPower& representative, double now_s);

 private:
  void update(double now_s);
  // Moves the host's share of the ledgers to its current power and owner.
  void account(double now_s);
  ServerPower server_;
  ClusterMeter& meter_;
  PowerLedger it_;
  WorkloadMeter* owner_ = nullptr;
  double accelerator_power_w_ = 0.0;
  PowerUse use_;  // as last accounted
};

// Registers the extensions and connects the signals. Call once per process, before the platform is built.
void init_power_accounting();

// Attaches the power model to a host. The host starts idle at `now_s`.
void attach_host_power(simgrid::s4u::Host& host, ServerPower server, ClusterMeter& meter, double now_s);

// Tags an exec (before start) with the kind of work it performs.
void tag_work(simgrid::s4u::Activity& activity, WorkKind kind);
// Tags an exec (before start) that stands for every host of `group` (see WorkTag); it must run on group.front(), and
// `group` must outlive it.
void tag_group_work(simgrid::s4u::Activity& activity, WorkKind kind, const std::vector<simgrid::s4u::Host*>& group);

}  // namespace terawatt
