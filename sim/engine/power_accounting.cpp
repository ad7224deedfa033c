#include "sim/engine/power_accounting.hpp"

#include "sim/engine/repeated_sum.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>

#include <stdexcept>

namespace terawatt {

simgrid::xbt::Extension<simgrid::s4u::Activity, WorkTag> WorkTag::EXTENSION_ID;
simgrid::xbt::Extension<simgrid::s4u::Host, HostPower> HostPower::EXTENSION_ID;

HostPower::HostPower(ServerPower server, ClusterMeter& meter, double now_s) : server_(server), meter_(meter) {
  account(now_s);
}

void HostPower::begin(WorkKind kind, double now_s) {
  server_.begin(kind);
  update(now_s);
}

void HostPower::end(WorkKind kind, double now_s) {
  server_.end(kind);
  update(now_s);
}

void HostPower::assign_owner(WorkloadMeter& owner, double now_s) {
  if (owner_) throw std::logic_error("a host is assigned to two workloads at once");
  owner_ = &owner;
  owner_->it.add_power(now_s, it_.power_w());
  account(now_s);  // the host's idle floor moves from unreserved to the owner's reserved idle
}

void HostPower::clear_owner(double now_s) {
  if (!owner_) return;
  owner_->it.add_power(now_s, -it_.power_w());
  owner_->reserved_idle.add_power(now_s, -use_.reserved_idle_w);
  owner_ = nullptr;
  account(now_s);
}

void HostPower::update(double now_s) {
  if (server_.it_power_w() == it_.power_w() && server_.accelerator_power_w() == accelerator_power_w_) return;
  account(now_s);
}

void HostPower::account(double now_s) {
  feed_staged(now_s, 1);
  settle_staged(now_s);
}

namespace {

// `copies` additions of `delta_w` at `now_s`. One add_power per copy closes the interval once and then adds the delta
// (closing again at the same time adds 0 J), so one set_power to their repeated sum leaves the same bits.
void add_copies(PowerLedger& ledger, double now_s, double delta_w, std::size_t copies) {
  if (copies == 1) {
    ledger.add_power(now_s, delta_w);
  } else if (copies > 1) {
    ledger.set_power(now_s, repeated_sum(ledger.power_w(), delta_w, copies));
  }
}

}  // namespace

void HostPower::feed_staged(double now_s, std::size_t copies) {
  const double it_w = server_.it_power_w();
  const double accelerator_w = server_.accelerator_power_w();
  const PowerUse use = split_power_use(it_w, server_.idle_it_power_w(), owner_ != nullptr);
  add_copies(meter_.it, now_s, it_w - it_.power_w(), copies);
  add_copies(meter_.accelerators, now_s, accelerator_w - accelerator_power_w_, copies);
  add_copies(meter_.reserved_idle, now_s, use.reserved_idle_w - use_.reserved_idle_w, copies);
  add_copies(meter_.unreserved, now_s, use.unreserved_w - use_.unreserved_w, copies);
  if (owner_) {
    add_copies(owner_->it, now_s, it_w - it_.power_w(), copies);
    add_copies(owner_->reserved_idle, now_s, use.reserved_idle_w - use_.reserved_idle_w, copies);
  }
}

void HostPower::settle_staged(double now_s) {
  it_.set_power(now_s, server_.it_power_w());
  accelerator_power_w_ = server_.accelerator_power_w();
  use_ = split_power_use(it_.power_w(), server_.idle_it_power_w(), owner_ != nullptr);
}

bool HostPower::stage_service_power(double accelerator_w, std::optional<double> host_w) {
  server_.set_service_power(accelerator_w, host_w);
  return server_.it_power_w() != it_.power_w() || server_.accelerator_power_w() != accelerator_power_w_;
}

bool HostPower::interchangeable(const HostPower& other) const {
  const ServerPower& a = server_;
  const ServerPower& b = other.server_;
  return &meter_ == &other.meter_ && owner_ == other.owner_ && a.accelerators() == b.accelerators() &&
         a.model().idle_w() == b.model().idle_w() && a.model().tdp_w() == b.model().tdp_w() &&
         a.host().idle_w == b.host().idle_w && a.host().loaded_w == b.host().loaded_w &&
         a.it_power_w() == b.it_power_w() && a.accelerator_power_w() == b.accelerator_power_w() &&
         it_.power_w() == other.it_.power_w() && accelerator_power_w_ == other.accelerator_power_w_ &&
         use_.reserved_idle_w == other.use_.reserved_idle_w && use_.unreserved_w == other.use_.unreserved_w;
}

void HostPower::adopt(const HostPower& representative, double now_s) {
  server_ = representative.server_;
  it_.set_power(now_s, representative.it_.power_w());
  accelerator_power_w_ = representative.accelerator_power_w_;
  use_ = representative.use_;
}

namespace {

WorkTag* tag_of(const simgrid::s4u::Activity& activity) {
  return activity.extension<WorkTag>();
}

// Calls `f` with the power of every host `exec` accounts for: its group's, or its own host's.
template <typename F>
void for_each_accounted_host(const simgrid::s4u::Exec& exec, const WorkTag& tag, F f) {
  if (tag.group) {
    for (simgrid::s4u::Host* host : *tag.group) f(*host->extension<HostPower>());
    return;
  }
  simgrid::s4u::Host* host = exec.get_host();
  if (HostPower* power = host ? host->extension<HostPower>() : nullptr) f(*power);
}

void on_exec_start(const simgrid::s4u::Exec& exec) {
  WorkTag* tag = tag_of(exec);
  if (!tag) {
    // Untagged work is compute-bound by convention; tag it so that its completion finds the same kind.
    tag = new WorkTag();
    const_cast<simgrid::s4u::Exec&>(exec).extension_set(tag);
  }
  if (tag->counted) return;
  const double now_s = simgrid::s4u::Engine::get_clock();
  for_each_accounted_host(exec, *tag, [&](HostPower& power) {
    tag->counted = true;
    power.begin(tag->kind, now_s);
  });
}

void on_activity_completion(const simgrid::s4u::Activity& activity) {
  const auto* exec = dynamic_cast<const simgrid::s4u::Exec*>(&activity);
  if (!exec) return;
  WorkTag* tag = tag_of(*exec);
  if (!tag || !tag->counted) return;
  tag->counted = false;
  const double now_s = simgrid::s4u::Engine::get_clock();
  for_each_accounted_host(*exec, *tag, [&](HostPower& power) { power.end(tag->kind, now_s); });
}

}  // namespace

void init_power_accounting() {
  if (HostPower::EXTENSION_ID.valid()) return;
  HostPower::EXTENSION_ID = simgrid::s4u::Host::extension_create<HostPower>();
  WorkTag::EXTENSION_ID = simgrid::s4u::Activity::extension_create<WorkTag>();
  simgrid::s4u::Exec::on_start_cb(on_exec_start);
  simgrid::s4u::Activity::on_completion_cb(on_activity_completion);
}

void attach_host_power(simgrid::s4u::Host& host, ServerPower server, ClusterMeter& meter, double now_s) {
  host.extension_set(new HostPower(server, meter, now_s));
}

void tag_work(simgrid::s4u::Activity& activity, WorkKind kind) {
  auto* tag = new WorkTag();
  tag->kind = kind;
  activity.extension_set(tag);
}

void tag_group_work(simgrid::s4u::Activity& activity, WorkKind kind, const std::vector<simgrid::s4u::Host*>& group) {
  auto* tag = new WorkTag();
  tag->kind = kind;
  tag->group = &group;
  activity.extension_set(tag);
}

}  // namespace terawatt
