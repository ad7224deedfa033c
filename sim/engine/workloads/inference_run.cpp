#include "sim/engine/workloads/inference_run.hpp"

#include "models/base/random_stream.hpp"
#include "models/workload/autoscaler.hpp"
#include "models/workload/slo_autoscaler.hpp"
#include "sim/engine/actor_guard.hpp"
#include "sim/engine/log_category.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(terawatt_inference, terawatt_workloads, "inference services: replicas scaling");

namespace terawatt {
namespace {
namespace sg4 = simgrid::s4u;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
}  // namespace

InferenceRun::InferenceRun(const InferenceService& service, double host_core_speed, double start_epoch_s,
                           double horizon_s, std::uint64_t seed)
    : service_(service),
      fidelity_(make_serving_fidelity(service.fidelity, service.disaggregation.has_value())),
      host_core_speed_(host_core_speed),
      start_epoch_s_(start_epoch_s),
      horizon_s_(horizon_s),
      stream_(derived_seed(seed, "arrivals/" + service.name)),
      rate_(service.mean_rate_per_s, service.profile),
      replicas_(static_cast<std::size_t>(service.max_replicas)),
      size_stream_(derived_seed(seed, "sizes/" + service.name)) {}

void InferenceRun::launch(sg4::Host* control, ServerPool& pool) {
  // A service runs to the horizon, where the engine cuts it: a daemon.
  sg4::Actor::create("serve-" + service_.name, control, [this, &pool] { guarded([&] { run(pool); }); })->daemonize();
}

double InferenceRun::accelerator_hours(double now_s) const {
  if (acquired_s_ < 0.0) return 0.0;
  return accelerators_ * (now_s - acquired_s_) / 3600.0;
}

std::pair<std::size_t, std::size_t> InferenceRun::replicas_on(std::size_t h) const {
  if (service_.hosts_per_replica > 1) {
    const std::size_t r = h / static_cast<std::size_t>(service_.hosts_per_replica);
    return {r, r + 1};
  }
  const auto per_host = static_cast<std::size_t>(service_.replicas_per_host);
  return {h * per_host, std::min(h * per_host + per_host, replicas_.size())};
}

std::pair<std::size_t, std::size_t> InferenceRun::hosts_of(std::size_t r) const {
  if (service_.hosts_per_replica > 1) {
    const auto span = static_cast<std::size_t>(service_.hosts_per_replica);
    return {r * span, (r + 1) * span};
  }
  const std::size_t h = r / static_cast<std::size_t>(service_.replicas_per_host);
  return {h, h + 1};
}

InferenceRun::RequestTokens InferenceRun::next_request_tokens() {
  const auto whole = [](double tokens) { return std::max(1, static_cast<int>(std::lround(tokens))); };
  const RequestSizes& sizes = service_.sizes;
  if (sizes.from_trace && next_trace_index_ < service_.trace_input_tokens.size()) {
    const std::size_t i = next_trace_index_++;
    return {whole(service_.trace_input_tokens[i]), whole(service_.trace_output_tokens[i])};
  }
  // The draws of a request take the stream in a fixed order, prompt then output.
  const double prompt = sizes.prompt ? sizes.prompt->draw(size_stream_) : sizes.mean_prompt_tokens;
  const double output = sizes.output ? sizes.output->draw(size_stream_) : sizes.mean_output_tokens;
  return {whole(prompt), whole(output)};
}

DiffusionRequestSize InferenceRun::next_diffusion_size() {
  const RequestSizes& sizes = service_.sizes;
  DiffusionRequestSize size = sizes.stated_diffusion;
  if (sizes.steps) size.steps = sizes.steps->draw(size_stream_);
  if (sizes.height_px) size.height_px = sizes.height_px->draw(size_stream_);
  if (sizes.width_px) size.width_px = sizes.width_px->draw(size_stream_);
  if (sizes.frames) size.frames = sizes.frames->draw(size_stream_);
  return size;
}

double InferenceRun::mean_output() const {
  return service_.modality == Modality::video ? service_.output.video_s : service_.output.output_tokens;
}

void InferenceRun::count_output(double output, double& tokens, double& video_s) const {
  (service_.modality == Modality::video ? video_s : tokens) = output;
}

void InferenceRun::skip_trace_sizes_before(double start_s) {
  if (!service_.sizes.from_trace) return;
  const auto& trace = service_.trace_s;
  next_trace_index_ = static_cast<std::size_t>(std::lower_bound(trace.begin(), trace.end(), start_s) - trace.begin());
}

bool InferenceRun::holds_requests(std::size_t r) const {
  const Replica& replica = replicas_[r];
  return replica.in_flight > 0 || replica.pending_starts > 0 || (!engines_.empty() && !engines_[r].idle());
}

void InferenceRun::set_busy(std::size_t r, bool busy, double now_s) {
  Replica& replica = replicas_[r];
  if (replica.busy == busy) return;
  replica.busy = busy;
  busy_count_ = busy ? busy_count_ + 1 : busy_count_ - 1;
  busy_replicas_.set_power(now_s, static_cast<double>(busy_count_));
}

void InferenceRun::set_state(std::size_t r, State state, double now_s) {
  Replica& replica = replicas_[r];
  if (replica.state == state) return;
  if (grouping_) ungroup_hosts_of(r, now_s);
  const bool was_serving = replica.state == State::serving;
  const bool was_active = was_serving || replica.state == State::draining;
  // In the order of State.
  static constexpr const char* state_names[] = {"serving", "draining", "waking", "scaled down"};
  XBT_VERB("service %s: replica %zu %s -> %s at %.3f s", service_.name.c_str(), r,
           state_names[static_cast<int>(replica.state)], state_names[static_cast<int>(state)], now_s);
  if ((replica.state == State::waking) != (state == State::waking))
    waking_ = state == State::waking ? waking_ + 1 : waking_ - 1;
  replica.state = state;
  if (was_serving != (state == State::serving)) serving_ = state == State::serving ? serving_ + 1 : serving_ - 1;
  // Draining replicas still serve what they hold: they count in the serving replica-time the statistics report.
  const bool active = state == State::serving || state == State::draining;
  if (was_active != active) {
    active_ = active ? active_ + 1 : active_ - 1;
    serving_replicas_.set_power(now_s, static_cast<double>(active_));
  }
  const double serving_w = fidelity_->serving_power_w(*this, r);
  set_replica_power(r, state_power_w(replica, serving_w), now_s);
  // The host's overhead follows the replica's on/off state even when its accelerators' power does not change.
  refresh_hosts_of(r, now_s);
  if (grouping_) track_loose_hosts_of(r);
}

// The autoscalers count whole replicas, whose capacity the table gives: a pipeline-parallel replica's streams (its
// entries in replicas_, pipeline_stages of them) serve and scale down together.
std::size_t InferenceRun::target_replicas(double rate_per_s, double now_s) {
  std::size_t target = replicas_.size();
  const auto stages = static_cast<std::size_t>(service_.pipeline_stages);
  const std::size_t active = (serving_ + waking_ + stages - 1) / stages;
  const std::int64_t min_replicas = service_.min_replicas / service_.pipeline_stages;
  const std::int64_t max_replicas = service_.max_replicas / service_.pipeline_stages;
  if (service_.autoscale && service_.autoscale->latency) {
    const SloScaleRule rule{0.1, service_.autoscale->scale_down_delay_s, min_replicas, max_replicas};
    target = stages * slo_scaled_replicas(rule, take_latency_ratio(), rate_per_s > 0.0, active, now_s, below_since_s_);
  } else if (service_.autoscale) {
    const AutoscaleRule rule{service_.autoscale->target_utilisation, service_.autoscale->scale_down_delay_s,
                             service_.replica.capacity_per_s(), min_replicas, max_replicas};
    target = stages * autoscaled_replicas(rule, rate_per_s, active, now_s, below_since_s_);
  }
  return flexible_ ? flexible_->limit(target, now_s) : target;
}

void InferenceRun::apply_target(std::size_t target, double now_s) {
  for (std::size_t r = 0; r < replicas_.size() && waking_ > 0; ++r) {
    if (replicas_[r].state == State::waking && replicas_[r].ready_s <= now_s) set_state(r, State::serving, now_s);
  }
  std::size_t active = serving_ + waking_;
  // Up: draining replicas are still warm and serve again at once; then idle ones; those that are off wake, except at
  // the start, where the replicas the demand needs are taken as already running.
  for (State from : {State::draining, State::scaled_down}) {
    // No replica drains at batch and fluid fidelity: walking all of them per step up was most of apply_target's own
    // 1.3-1.6 % of the fluid year in perf (0.5 % without).
    if (from == State::draining && active_ == serving_) continue;
    for (std::size_t r = 0; r < replicas_.size() && active < target; ++r) {
      if (replicas_[r].state != from) continue;
      const bool cold =
          from == State::scaled_down && service_.scaled_down != ScaledDown::idle && service_.wake_up_s > 0.0;
      if (cold && acquired_s_ < now_s) {
        replicas_[r].ready_s = now_s + service_.wake_up_s;
        set_state(r, State::waking, now_s);
      } else {
        set_state(r, State::serving, now_s);
      }
      ++active;
    }
  }
  // Down: the last replicas go first; one still holding requests drains them before it stops.
  for (std::size_t r = replicas_.size(); r-- > 0 && serving_ > target;) {
    Replica& replica = replicas_[r];
    if (replica.state != State::serving) continue;
    set_state(r, holds_requests(r) ? State::draining : State::scaled_down, now_s);
  }
}

double InferenceRun::expected_arrivals(double t0_s, double t1_s) const {
  if (!service_.trace_s.empty() || service_.mean_rate_per_s == 0.0) {
    const auto& trace = service_.trace_s;
    return static_cast<double>(std::lower_bound(trace.begin(), trace.end(), t1_s) -
                               std::lower_bound(trace.begin(), trace.end(), t0_s));
  }
  return rate_.expected_count(start_epoch_s_ + t0_s, start_epoch_s_ + t1_s);
}

void InferenceRun::arrivals_in(double t0_s, double t1_s, std::vector<double>& out) {
  out.clear();
  if (!service_.trace_s.empty() || service_.mean_rate_per_s == 0.0) {
    const auto& trace = service_.trace_s;
    out.assign(std::lower_bound(trace.begin(), trace.end(), t0_s), std::lower_bound(trace.begin(), trace.end(), t1_s));
    return;
  }
  out = rate_.arrivals(start_epoch_s_ + t0_s, start_epoch_s_ + t1_s, stream_);
  for (double& t : out) t -= start_epoch_s_;
}

void InferenceRun::run(ServerPool& pool) {
  sg4::this_actor::sleep_until(service_.start_s);
  hosts_ = pool.acquire(static_cast<std::size_t>(service_.hosts), horizon_s_ - service_.start_s);
  const double now_s = sg4::Engine::get_clock();
  for (sg4::Host* host : hosts_) {
    HostPower* power = host->extension<HostPower>();
    power->assign_owner(meter_, now_s);
    host_power_.push_back(power);
    accelerators_ += power->server().accelerators();
  }
  if (flexible_) flexible_->open();
  grouping_ = dynamic_cast<const IntervalServing*>(fidelity_.get()) != nullptr;
  group_.reset(grouping_ ? hosts_.size() : 0);
  for (std::size_t r = 0; r < replicas_.size(); ++r) {
    replicas_[r].host = service_.hosts_per_replica > 1 ? r * static_cast<std::size_t>(service_.hosts_per_replica)
                                                       : r / static_cast<std::size_t>(service_.replicas_per_host);
    replicas_[r].accelerator_w = -1.0;  // forces the first refresh
    set_replica_power(r, state_power_w(replicas_[r], 0.0), now_s);
  }
  acquired_s_ = now_s;
  XBT_VERB("service %s starts on %zu hosts with up to %zu replicas at %.3f s", service_.name.c_str(), hosts_.size(),
           replicas_.size(), now_s);
  last_serving_replica_s_ = serving_replicas_.energy_j(now_s);
  last_busy_replica_s_ = busy_replicas_.energy_j(now_s);
  const double window_s = std::min(service_.control_interval_s, horizon_s_ - now_s);
  apply_target(target_replicas(window_s > 0.0 ? expected_arrivals(now_s, now_s + window_s) / window_s : 0.0, now_s),
               now_s);
  fidelity_->serve(*this);
}

// ---- batch and fluid fidelity ----

void InferenceRun::serve_intervals(const IntervalServing& fidelity) {
  std::uint64_t interval_index = 0;
  double t0_s = sg4::Engine::get_clock();
  while (t0_s < horizon_s_) {
    const double t1_s = step_end_s(t0_s);
    const double length_s = t1_s - t0_s;
    const double arrived = fidelity.arrivals(*this, expected_arrivals(t0_s, t1_s));
    arrived_total_ += arrived;
    const double demand = arrived + backlog_;
    if (interval_index > 0) apply_target(target_replicas(demand / length_s, t0_s), t0_s);
    const double serving = static_cast<double>(serving_);

    double served = 0.0;
    double latency_s = 0.0;
    std::optional<ReplicaLoad> load;
    if (serving > 0.0) {
      // The serving replicas behind least-loaded routing, as request and iteration fidelity route.
      load = replica_group_load(service_.replica, static_cast<int>(serving_), demand / length_s);
      served = load->served_per_s * length_s * serving;
      // A request waits for the backlog ahead of it to be served at the replicas' capacity.
      latency_s = load->latency_s + backlog_ / (serving * service_.replica.capacity_per_s());
      if (served > 0.0) latency_total_.add(latency_s, served);
      busy_replicas_.set_power(t0_s, serving * load->busy_fraction);
    }
    credit_flow(t0_s);  // the previous interval's, whole
    flow_ = Flow{t0_s, t1_s, arrived, served, latency_s, t0_s};
    if (load) fidelity.run_load(*this, *load, t0_s, length_s);
    backlog_ = std::max(0.0, demand - served);
    served_total_ += served;
    ++interval_index;
    sg4::this_actor::sleep_until(t1_s);
    t0_s = t1_s;
  }
}

// The interval's requests as one exec: the serving replicas are busy for busy_fraction of the interval at their mean
// power while busy, then idle, so that the interval's energy is the fluid model's.
void InferenceRun::run_batch(const ReplicaLoad& load, double t0_s, double length_s) {
  const double busy_s = load.busy_fraction * length_s;
  set_serving_power(load.accelerator_busy_power_w, t0_s);
  // Every serving replica is busy while the exec runs, so that the interval's busy share is busy_fraction.
  busy_replicas_.set_power(t0_s, busy_s > 0.0 ? static_cast<double>(serving_) : 0.0);
  if (busy_s > 0.0) {
    std::size_t first = 0;
    while (replicas_[first].state != State::serving) ++first;
    sg4::this_actor::exec_init(busy_s * host_core_speed_)->set_host(hosts_[replicas_[first].host])->wait();
  }
  const double now_s = sg4::Engine::get_clock();
  set_serving_power(service_.replica.accelerator_power_at(0.0), now_s);
  busy_replicas_.set_power(now_s, 0.0);
}

void InferenceRun::set_fluid_load(const ReplicaLoad& load, double t0_s) {
  set_serving_power(load.accelerator_power_w, t0_s);
}

// ---- statistics ----

void InferenceRun::credit_flow(double until_s) {
  const double from_s = flow_.credited_s;
  const double to_s = std::min(until_s, flow_.t1_s);
  if (!(to_s > from_s)) return;
  const double share = (to_s - from_s) / (flow_.t1_s - flow_.t0_s);
  arrived_interval_ += flow_.arrived * share;
  served_interval_ += flow_.served * share;
  if (flow_.served > 0.0) latency_interval_.add(flow_.latency_s, flow_.served * share);
  flow_.credited_s = to_s;
}

void InferenceRun::catch_up(double now_s) {
  fidelity_->catch_up(*this, now_s);
}

ServiceInterval InferenceRun::take_interval(double now_s) {
  fidelity_->catch_up(*this, now_s);
  credit_flow(now_s);
  ServiceInterval interval;
  interval.arrived = arrived_interval_;
  interval.served = served_interval_;
  interval.queue_length = fidelity_->queue_length(*this);
  const double serving_s = serving_replicas_.energy_j(now_s) - last_serving_replica_s_;
  const double busy_s = busy_replicas_.energy_j(now_s) - last_busy_replica_s_;
  // A pipeline-parallel replica runs as pipeline_stages streams: the counts are divided back to replicas.
  const auto stages = static_cast<double>(service_.pipeline_stages);
  interval.serving_replicas = now_s > last_take_s_ ? serving_s / (now_s - last_take_s_) / stages : nan;
  interval.busy_fraction = serving_s > 0.0 ? busy_s / serving_s : nan;
  interval.latency_mean_s = latency_interval_.mean_s();
  const bool percentiles = fidelity_->resolves_percentiles();
  interval.latency_p50_s = percentiles ? latency_interval_.quantile_s(0.5) : nan;
  interval.latency_p99_s = percentiles ? latency_interval_.quantile_s(0.99) : nan;
  // Iteration fidelity resolves tokens and energy per request; request fidelity the energy alone (NaN for the rest).
  if (percentiles) interval.tokens = token_latency_figures(tokens_interval_, service_.slo);
  // Request and iteration fidelity count each request's output; batch and fluid the mean request's.
  count_output(percentiles ? tokens_interval_.served_output : interval.served * mean_output(), interval.tokens_served,
               interval.video_s_served);
  tokens_interval_.clear();
  arrived_interval_ = 0.0;
  served_interval_ = 0.0;
  if (keep_interval_latency_ && percentiles) last_interval_latency_ = latency_interval_;
  latency_interval_.clear();
  last_serving_replica_s_ = serving_replicas_.energy_j(now_s);
  last_busy_replica_s_ = busy_replicas_.energy_j(now_s);
  last_take_s_ = now_s;
  return interval;
}

double InferenceRun::step_end_s(double t_s) const {
  const double step_s = service_.control_interval_s;
  // The boundaries are multiples of the step; 1e-9 keeps a clock that rounded to just below one on it.
  const double end_s = flexible_ ? (std::floor(t_s / step_s + 1e-9) + 1.0) * step_s : t_s + step_s;
  return std::min(end_s, horizon_s_);
}

const LatencyHistogram* InferenceRun::last_interval_latency() const {
  return keep_interval_latency_ && fidelity_->resolves_percentiles() ? &last_interval_latency_ : nullptr;
}

double InferenceRun::response_lag_s() const {
  if (service_.fidelity == Fidelity::iteration) return service_.control_interval_s;
  if (service_.fidelity != Fidelity::request) return 0.0;
  const ReplicaService& replica = service_.replica;
  const double longest_request_s =
      replica.serial ? replica.slots * replica.latency_at(1.0) : replica.latency_at(replica.slots);
  return service_.control_interval_s + longest_request_s;
}

ServiceTotals InferenceRun::totals(double now_s) {
  fidelity_->catch_up(*this, now_s);
  ServiceTotals totals;
  totals.arrived = arrived_total_;
  totals.served = served_total_;
  totals.queue_length = fidelity_->queue_length(*this);
  totals.latency_mean_s = latency_total_.mean_s();
  const bool percentiles = fidelity_->resolves_percentiles();
  totals.latency_p50_s = percentiles ? latency_total_.quantile_s(0.5) : nan;
  totals.latency_p99_s = percentiles ? latency_total_.quantile_s(0.99) : nan;
  totals.latency_p90_s = percentiles ? latency_total_.quantile_s(0.9) : nan;
  if (percentiles) totals.tokens = token_latency_figures(tokens_total_, service_.slo);
  totals.cut_requests = cut_requests_;
  count_output(percentiles ? tokens_total_.served_output : totals.served * mean_output(), totals.tokens_served,
               totals.video_s_served);
  const double serving_s = serving_replicas_.energy_j(now_s);
  totals.replica_hours = serving_s / 3600.0 / static_cast<double>(service_.pipeline_stages);
  totals.busy_fraction = serving_s > 0.0 ? busy_replicas_.energy_j(now_s) / serving_s : nan;
  return totals;
}

}  // namespace terawatt
