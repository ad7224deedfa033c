#pragma once
// An inference service on the simulated cluster. Its driver actor takes the servers for its replicas (all of them,
// for the whole run), then serves at the workload's fidelity (docs/design.md section 6):
//  - request: each request lasts the latency the replica's table gives for the batch it joins
//    (models/workload/replica_service.hpp). The driver plans each control interval one interval ahead: it draws the
//    arrivals, routes each to the least loaded serving replica (or queues it while all are full) and records each
//    request's start and end. No request is an activity: a request shares no resource the engine models (the replica's
//    power is the service's to set), so an activity per request would only be a timer (docs/design.md section 9).
//    The planned starts and ends are applied to the replicas' power and the counters at their own times, in time
//    order, when the driver reaches a control boundary or a reader asks (catch_up, through
//    Platform::settle_deferred), so the engine wakes only at control and sample boundaries, whatever the load;
//  - iteration (text): each replica is a serving engine (models/workload/iteration_engine.hpp) run in the same way:
//    arrivals are routed, each with its own size, to the least loaded serving replica at their time; each iteration's
//    power is applied at its start, and its finished requests at its end, when the driver or a reader catches up
//    (inference_iterations.cpp);
//  - batch: every control interval, the serving replicas' requests are one exec lasting their busy time (the load
//    of a Poisson draw of the interval's expected arrivals), during which they draw the power of the batch they run;
//  - fluid: every control interval, the expected load sets each serving replica's power and throughput
//    (replica_group_load: the serving replicas behind least-loaded routing), with no activity at all.
// At batch and fluid fidelity the hosts whose replicas all serve are one group (sim/engine/workloads/host_group.hpp),
// whose power is computed once per change and fed to the ledgers as one, so that a step costs O(loose hosts + log
// hosts) instead of O(hosts) (inference_groups.cpp).
// All three read one table, so capacity and energy agree; the fidelity changes what is resolved in time.
// An autoscaler (optional) sets the serving replicas each control interval; the others idle or are off.
#include "models/power/power_ledger.hpp"
#include "models/workload/latency_histogram.hpp"
#include "sim/engine/fabric_traffic.hpp"
#include "sim/engine/power_accounting.hpp"
#include "sim/engine/server_pool.hpp"
#include "sim/engine/workloads/disaggregated_transfers.hpp"
#include "sim/engine/workloads/expert_exchanges.hpp"
#include "sim/engine/workloads/flexible_service.hpp"
#include "sim/engine/workloads/host_group.hpp"
#include "sim/engine/workloads/serving_fidelity.hpp"
#include "sim/engine/workloads/token_latency.hpp"
#include "sim/scenario/scenario.hpp"

#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Host.hpp>

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace terawatt {

// What a service did over one sample interval (sim/record/sampler.cpp), counts as totals of the interval.
struct ServiceInterval {
  double arrived = 0.0;
  double served = 0.0;
  double queue_length = 0.0;      // at the end of the interval (fluid: the backlog)
  double serving_replicas = 0.0;  // time mean
  double busy_fraction = 0.0;     // time share of serving replicas holding at least one request
  double latency_mean_s = 0.0;    // of the requests completed in the interval (NaN if none)
  double latency_p50_s = 0.0;     // request fidelity only, else NaN
  double latency_p99_s = 0.0;
  TokenLatencyFigures tokens;   // iteration fidelity; request fidelity its energy only; else NaN
  double tokens_served = 0.0;   // output tokens of the requests served (batch and fluid: the mean request's)
  double video_s_served = 0.0;  // seconds of video of the requests served (batch and fluid: the mean request's)
};

struct ServiceTotals {
  double arrived = 0.0;
  double served = 0.0;
  double queue_length = 0.0;  // left at the end
  double latency_mean_s = 0.0;
  double latency_p50_s = 0.0;
  double latency_p99_s = 0.0;
  double replica_hours = 0.0;  // serving replicas x time
  double busy_fraction = 0.0;
  double latency_p90_s = 0.0;
  TokenLatencyFigures tokens;   // iteration fidelity; request fidelity its energy only; else NaN
  double cut_requests = 0.0;    // iteration fidelity: requests cut to fit a replica's KV cache
  double tokens_served = 0.0;   // output tokens of the requests served (batch and fluid: the mean request's)
  double video_s_served = 0.0;  // seconds of video of the requests served (batch and fluid: the mean request's)
};

class InferenceRun {
 public:
  // `host_core_speed` is the speed of a host at its pstate (a batch exec's amount is its time x speed); `seed` the
  // scenario's, from which the arrival stream is derived with the service's name.
  InferenceRun(const InferenceService& service, double host_core_speed, double start_epoch_s, double horizon_s,
               std::uint64_t seed);
  void launch(simgrid::s4u::Host* control, ServerPool& pool);
  // The fabric of its cluster, which carries a disaggregated service's KV transfers and the exchanges between servers
  // of its replicas at iteration fidelity; it must be set before launch.
  void set_fabric(FabricTraffic& fabric) { fabric_ = &fabric; }

  const InferenceService& service() const { return service_; }
  const WorkloadMeter& meter() const { return meter_; }
  double accelerator_hours(double now_s) const;
  double opened_s() const { return acquired_s_; }  // when it took its servers; negative before
  ServiceInterval take_interval(double now_s);
  // Brings what the service has planned up to `now_s`: power, counters and latencies (a no-op but at request
  // fidelity). Readers of the power ledgers call it, through Platform::settle_deferred, before they read.
  void catch_up(double now_s);
  ServiceTotals totals(double now_s);
  // A service its site controller may scale down: the autoscaler's target passes through `flexible`, which must
  // outlive the run.
  void set_flexible(FlexibleService& flexible) { flexible_ = &flexible; }
  std::size_t serving_replicas() const { return serving_; }
  // How long after the autoscaler's target changes the service's power follows it: at request fidelity the plan's
  // interval ahead of the clock and then the longest request a replica may still be running; none otherwise.
  double response_lag_s() const;
  // The IT power of its hosts if only `floor` of the replicas serving now kept serving, each at a full batch, and the
  // others scaled down: the most the service would draw curtailed to that floor.
  double it_power_at_floor_w(std::size_t floor) const;
  // From now on take_interval keeps each interval's latency histogram, which last_interval_latency then returns
  // (null where the fidelity does not resolve requests: batch and fluid give a mean only).
  void keep_interval_latency() { keep_interval_latency_ = true; }
  const LatencyHistogram* last_interval_latency() const;

 private:
  // The fidelities drive the service (sim/engine/workloads/serving_fidelity.hpp).
  friend class RequestServing;
  friend class IntervalServing;
  friend class BatchServing;
  friend class FluidServing;
  friend class IterationServing;
  friend class DisaggregatedServing;

  enum class State { serving, draining, waking, scaled_down };
  struct Replica {
    State state = State::scaled_down;
    int planned = 0;             // requests the driver has admitted and not yet seen end (by its own clock)
    int in_flight = 0;           // requests whose exec runs now (its actor counts them)
    double accelerator_w = 0.0;  // power of one of its accelerators now
    double ready_s = 0.0;        // waking: when it serves
    std::size_t host = 0;        // first host
    bool busy = false;           // holds a request (counted in busy_replicas_)
    // Request fidelity: the driver's plan (one interval ahead of the clock).
    bool routable = false;            // in the plan: takes new requests
    State next = State::scaled_down;  // its state from the interval being planned on
    int pending_starts = 0;           // planned, not yet started by the clock
    double serial_free_s = 0.0;       // a serial replica (ReplicaService::serial): when its last admitted request ends
    // Request fidelity: the accelerator energy one request held throughout would have drawn so far, its equal share
    // of the replica's power (request_energy_j), and that share's rate since share_since_s.
    double share_j = 0.0;
    double share_w = 0.0;
    double share_since_s = 0.0;
    double ran_until_s = 0.0;  // a serial replica: when the request it ran last ended
  };
  // 32 bytes: a large service's plan holds hundreds of thousands of them, in a heap whose moves are its main cost.
  struct Completion {
    double time_s;
    std::uint32_t replica;
    // Request fidelity: its start is the `start`-th planned, modulo 2^32 (request_energy_j; start_shares_ holds far
    // fewer at once).
    std::uint32_t start;
    double arrival_s;
    double output;  // request fidelity: the request's own output tokens, or video seconds (count_output)
    bool operator>(const Completion& other) const { return time_s > other.time_s; }
  };
  struct PlannedStart {
    double start_s;
    std::size_t replica;
  };

  void run(ServerPool& pool);
  void serve_requests();
  void serve_intervals(const IntervalServing& fidelity);
  // Batch: the interval's requests as one exec on the serving replicas, at their busy power while it runs.
  void run_batch(const ReplicaLoad& load, double t0_s, double length_s);
  // Fluid: the serving replicas at the interval's mean power.
  void set_fluid_load(const ReplicaLoad& load, double t0_s);
  // Batch and fluid: every serving replica's accelerators at `accelerator_w` from `now_s`, the hosts' power refreshed
  // as a host-by-host loop in host order would (inference_groups.cpp).
  void set_serving_power(double accelerator_w, double now_s);
  // The group's members among the hosts of replica `r` leave it (before the replica changes state), and the hosts
  // holding a serving replica outside the group are kept in loose_hosts_ (after).
  void ungroup_hosts_of(std::size_t r, double now_s);
  void track_loose_hosts_of(std::size_t r);
  std::pair<std::size_t, std::size_t> replicas_on(std::size_t h) const;  // [first, last) of host h's replicas
  std::pair<std::size_t, std::size_t> hosts_of(std::size_t r) const;     // [first, last) of replica r's hosts
  bool fully_serving(std::size_t h) const;  // host h is full and all its replicas serve: it may join the group
  // Arrivals in [t0, t1) after the start: the trace's, or a Poisson process of the rate.
  void arrivals_in(double t0_s, double t1_s, std::vector<double>& out);
  // Expected arrivals in [t0, t1): the trace's count, or the rate's integral.
  double expected_arrivals(double t0_s, double t1_s) const;
  // The end of the control step that starts at `t_s`, at most the horizon: a step later, or for a flexible service
  // the next multiple of the step, so that its steps fall on the site controller's boundaries (multiples of the
  // sample interval, itself a whole number of steps) even when it starts between them.
  double step_end_s(double t_s) const;
  // The autoscaler: how many replicas should serve for a demand of `rate_per_s` (all of them without autoscaling;
  // fewer only after demand stayed lower for the scale-down delay).
  std::size_t target_replicas(double rate_per_s, double now_s);
  // Changes replica states at `now_s` so that `target` serve or wake (batch and fluid, and the start).
  void apply_target(std::size_t target, double now_s);
  void set_state(std::size_t r, State state, double now_s);
  // Power of one accelerator of a replica in its state; serving replicas at `serving_w`.
  double state_power_w(const Replica& replica, double serving_w) const;
  void set_replica_power(std::size_t r, double accelerator_w, double now_s);
  // Host h's accelerator power and, when all its replicas sleep, its servers' power asleep, for replicas at
  // `replica_w(r)` per accelerator and asleep as `asleep_of(r)` says (inference_power.cpp).
  struct HostServicePower {
    double accelerator_w;
    std::optional<double> asleep_host_w;
  };
  template <class ReplicaPower, class ReplicaAsleep>
  HostServicePower host_service_power(std::size_t h, ReplicaPower replica_w, ReplicaAsleep asleep_of) const;
  void refresh_host(std::size_t h, double now_s);
  void refresh_hosts_of(std::size_t r, double now_s);
  bool asleep(const Replica& replica) const;  // scaled down in standby or off
  void set_busy(std::size_t r, bool busy, double now_s);
  // Request fidelity: the plan of [t0, t1), and a replica's actor.
  void plan_requests(double t0_s, double t1_s);
  void admit(double start_s, double arrival_s);
  void release_planned(double until_s);
  void set_routable(std::size_t r, bool routable);
  // The plan's starts and ends up to `until_s`, applied in time order (ends first at equal times) at their own times.
  void apply_planned(double until_s);
  void start_planned(std::size_t r, double now_s);
  void decide_next(double t1_s, std::size_t target);
  void apply_next(double now_s);
  void pass_arrivals(double now_s);
  double queued() const;  // request fidelity: arrived by the clock and not started
  void request_ended(std::size_t r, const Completion& done);
  // Request fidelity: a request's accelerator energy, its equal share of its replica's while it was in flight (the
  // assumption of the replica table, whose latency holds the batch a request joins), from the share at its start.
  static void advance_share(Replica& replica, double now_s);
  // After its requests in flight change, with one accelerator's power at their number.
  void set_share_rate(Replica& replica, double accelerator_w) const;
  double request_energy_j(const Completion& done);
  // Iteration fidelity (inference_iterations.cpp).
  void serve_iterations();
  void apply_iterations(double until_s);
  void route_arrival(double arrival_s, double now_s);
  bool holds_requests(std::size_t r) const;  // started, planned to start, or held by its engine
  // Starts replica r's next iteration; false when its engine has none to run (idle, or stalled on KV held for
  // transfers).
  bool run_iteration(std::size_t r, double now_s);
  void iteration_ended(std::size_t r, double now_s);
  EngineRequest sized_request(double arrival_s);
  void start_engines(double now_s);
  void plan_arrivals(double t0_s, double t1_s);  // the arrivals of [t0, t1), to be routed when the clock passes them
  // A request finished on replica r: its counts, latencies and energy.
  void record_finished(const FinishedRequest& done);
  // Requests held by replica r change by `delta`, in the routing index that holds it.
  void change_planned(std::size_t r, int delta);
  // Prefill/decode disaggregation (inference_disaggregated.cpp): the eager driver; a prefilled request handed to a
  // decode replica (false: it had one output token and is done); its KV arriving; a decoded request made whole.
  void serve_disaggregated();
  bool hand_over(std::size_t r, const FinishedRequest& prefilled, double now_s);
  void send_next_kv(std::size_t r, double now_s);
  void kv_sent(std::size_t from, std::uint64_t id, double now_s);
  void kv_arrived(std::uint64_t id, double now_s);
  // Expert parallelism's exchanges over the fabric, disaggregated (inference_exchanges.cpp).
  void start_exchanges(std::size_t r, double now_s);
  void send_exchanges(std::size_t r, double bytes);
  void exchange_sent(std::size_t r, double now_s);
  void exchange_alone_ended(std::size_t r, std::uint32_t generation);
  void kv_crosses_links(std::size_t from, std::size_t to, int delta, double now_s);
  void join_prefill(FinishedRequest& decoded);
  double next_event_s() const;  // the earliest arrival, iteration end or transfer within a host planned
  // Request and iteration fidelity: the next request's own prompt and output tokens, whole and at least 1: the
  // trace's, in arrival order (requests are sized in that order: both fidelities queue first come, first served),
  // drawn from the service's distributions, or the mean request's, rounded. The first traced request sized is the
  // first at or after `start_s` (skip_trace_sizes_before).
  struct RequestTokens {
    int prompt;
    int output;
  };
  RequestTokens next_request_tokens();
  // Request fidelity, image and video: the next request's own steps, resolution and frames, drawn from the service's
  // distributions (in that order) or the request's keys.
  DiffusionRequestSize next_diffusion_size();
  // What a request's output counts in: video seconds for video, output tokens otherwise (0 for an image); the
  // images a request makes are fixed, counted from the requests served.
  double mean_output() const;
  void count_output(double output, double& tokens, double& video_s) const;
  void skip_trace_sizes_before(double start_s);
  void refresh_routing();

  InferenceService service_;
  std::unique_ptr<const ServingFidelity> fidelity_;
  double host_core_speed_;
  double start_epoch_s_;
  double horizon_s_;
  std::mt19937_64 stream_;
  ArrivalRate rate_;
  std::vector<simgrid::s4u::Host*> hosts_;
  std::vector<HostPower*> host_power_;
  double accelerators_ = 0.0;  // on its hosts
  std::vector<Replica> replicas_;
  std::size_t serving_ = 0;
  FlexibleService* flexible_ = nullptr;
  std::size_t active_ = 0;  // serving or draining
  std::size_t waking_ = 0;
  double below_since_s_ = -1.0;  // autoscaler: since when demand wants fewer replicas (-1: it does not)
  WorkloadMeter meter_;          // IT power of its hosts
  FabricTraffic* fabric_ = nullptr;
  PowerLedger serving_replicas_;  // number serving or draining, integrated: replica-seconds
  PowerLedger busy_replicas_;     // number serving and holding a request
  std::size_t busy_count_ = 0;
  double acquired_s_ = -1.0;
  // Batch and fluid: the group of fully serving hosts and its replicas' accelerator power (their own accelerator_w is
  // not kept while their host is a member), and the other hosts that hold a serving replica, in host order.
  bool grouping_ = false;
  HostGroup group_;
  double group_accelerator_w_ = 0.0;
  std::set<std::size_t> loose_hosts_;

  // Request fidelity: the plan's ends, queue and routing index, ahead of the clock; and the starts and ends it has
  // planned that the clock has not reached, each in time order (starts are planned in time order; ends leave
  // completions_ in time order as the plan passes them).
  std::priority_queue<Completion, std::vector<Completion>, std::greater<>> completions_;
  std::deque<PlannedStart> clock_starts_;
  std::deque<Completion> clock_ends_;
  std::uint64_t planned_starts_ = 0;  // requests planned so far: a Completion's `start` indexes them
  // The share_j of each request's replica at its start (a serial replica: the start's time), from the start numbered
  // start_shares_base_ on (NaN once it has ended; the front is dropped as it ends).
  std::deque<double> start_shares_;
  std::uint64_t start_shares_base_ = 0;
  std::deque<double> queue_;                       // arrival times of requests waiting for a slot
  std::set<std::pair<int, std::size_t>> by_load_;  // routable replicas by planned requests: least loaded first
  std::vector<double> arrivals_;                   // scratch
  std::deque<double> clock_arrivals_;              // planned arrivals the clock has not passed yet
  double started_total_ = 0.0;
  double backlog_ = 0.0;  // batch and fluid: requests not yet served

  // Iteration fidelity: each replica's engine and current accelerator power, the ends of the iterations running (in
  // time order), the arrivals planned and not yet routed, and the requests' sizes.
  std::vector<IterationEngine> engines_;
  std::vector<double> iteration_w_;
  std::vector<char> iterating_;
  std::priority_queue<Completion, std::vector<Completion>, std::greater<>> iteration_ends_;
  std::deque<double> unrouted_;  // arrival times, in order
  std::mt19937_64 size_stream_;
  std::uint64_t next_request_id_ = 0;
  std::size_t next_trace_index_ = 0;
  double applied_s_ = 0.0;                                   // the latest event applied
  std::unordered_map<std::uint64_t, double> late_arrivals_;  // routed after they arrived: id -> arrival
  double cut_requests_ = 0.0;
  TokenLatency tokens_interval_, tokens_total_;
  TokenLatency tokens_control_;  // of the control interval under way: the SLO autoscaler's evidence
  // Disaggregation (disaggregated_transfers.hpp): decode replicas by requests held or coming, least first; what a
  // prefilled request keeps while its KV moves and decodes; each prefill replica's KV sent one request at a time, in
  // order: those waiting, and when its interconnect frees (within a host); the transfers over the network (SimGrid
  // communications, with what each moves: a KV cache, or with expert parallelism an iteration's exchanges) and within a
  // host (time-ordered ends).
  std::set<std::pair<int, std::size_t>> decode_load_;
  std::unordered_map<std::uint64_t, HandedRequest> handed_;
  std::vector<std::deque<std::uint64_t>> kv_waiting_;
  std::vector<char> kv_sending_;
  std::vector<simgrid::s4u::CommPtr> transfers_;
  std::vector<NetworkTransfer> transfer_purposes_;
  ExpertExchanges exchanges_;
  std::priority_queue<HostTransfer, std::vector<HostTransfer>, std::greater<>> host_transfers_;
  // The SLO autoscaler's ratio of observed latency (at the attainment percentile) to target over the control interval
  // that ends now, and a fresh interval (NaN without a completed request).
  double take_latency_ratio();

  // Batch and fluid: one control interval's requests, spread evenly over it. The sample intervals take their share by
  // overlap (credit_flow), so that a sample taken at the instant the next control interval begins does not also take
  // that interval's requests.
  struct Flow {
    double t0_s = 0.0, t1_s = 0.0;
    double arrived = 0.0, served = 0.0;
    double latency_s = 0.0;   // of the requests served
    double credited_s = 0.0;  // credited to the sample counters up to here
  };
  void credit_flow(double until_s);
  Flow flow_;

  // Counters: of the current sample interval, and of the run.
  double arrived_interval_ = 0.0, served_interval_ = 0.0;
  double arrived_total_ = 0.0, served_total_ = 0.0;
  double last_serving_replica_s_ = 0.0, last_busy_replica_s_ = 0.0, last_take_s_ = 0.0;
  LatencyHistogram latency_interval_;
  LatencyHistogram latency_total_;
  bool keep_interval_latency_ = false;
  LatencyHistogram last_interval_latency_;
};

}  // namespace terawatt
