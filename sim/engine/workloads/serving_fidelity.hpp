#pragma once
// How an inference service resolves its requests in time (docs/design.md section 6), one class per fidelity:
//  - request: each request's start and end are events of the service's own loop (InferenceRun::serve_requests);
//  - batch: each control interval's requests are one activity, from a Poisson draw of its expected arrivals;
//  - fluid: each control interval's expected load sets the replicas' power, with no activity;
//  - iteration (text): each replica runs a serving engine's loop, iteration by iteration, in the service's own loop.
// InferenceRun holds the service's replicas, ledgers and counters; its fidelity decides how they are driven.

#include "models/workload/replica_service.hpp"
#include "sim/scenario/scenario.hpp"

#include <memory>

namespace terawatt {

class InferenceRun;

class ServingFidelity {
 public:
  virtual ~ServingFidelity() = default;
  // Serves from the clock to the horizon: the driver actor's work once its replicas are placed.
  virtual void serve(InferenceRun& run) const = 0;
  // Power of one accelerator of serving replica `r` now.
  virtual double serving_power_w(const InferenceRun& run, std::size_t r) const = 0;
  // Brings the power and counters up to `now_s` before they are read.
  virtual void catch_up(InferenceRun& run, double now_s) const = 0;
  // Requests waiting now.
  virtual double queue_length(const InferenceRun& run) const = 0;
  // Whether each request's latency is known, so that latency percentiles are (else they are NaN).
  virtual bool resolves_percentiles() const = 0;
};

class RequestServing final : public ServingFidelity {
 public:
  void serve(InferenceRun& run) const override;
  double serving_power_w(const InferenceRun& run, std::size_t r) const override;
  void catch_up(InferenceRun& run, double now_s) const override;
  double queue_length(const InferenceRun& run) const override;
  bool resolves_percentiles() const override { return true; }
};

// Iteration (text): each replica runs a serving engine's loop (InferenceRun::serve_iterations).
class IterationServing : public ServingFidelity {
 public:
  void serve(InferenceRun& run) const override;
  double serving_power_w(const InferenceRun& run, std::size_t r) const override;
  void catch_up(InferenceRun& run, double now_s) const override;
  double queue_length(const InferenceRun& run) const override;
  bool resolves_percentiles() const override { return true; }
};

// Iteration with prefill/decode disaggregation: the driver applies every event at its time, as it happens, since a
// prompt's KV cache moves between replicas as a SimGrid communication (InferenceRun::serve_disaggregated); a reader
// finds nothing left to apply.
class DisaggregatedServing final : public IterationServing {
 public:
  void serve(InferenceRun& run) const override;
  void catch_up(InferenceRun& run, double now_s) const override;
};

// Batch and fluid: the service steps through control intervals, each with the load of its arrivals and backlog.
class IntervalServing : public ServingFidelity {
 public:
  void serve(InferenceRun& run) const override;
  double serving_power_w(const InferenceRun& run, std::size_t r) const override;
  void catch_up(InferenceRun& /*run*/, double /*now_s*/) const override {}
  double queue_length(const InferenceRun& run) const override;
  bool resolves_percentiles() const override { return false; }
  // The requests that arrive in an interval where `expected` are expected.
  virtual double arrivals(InferenceRun& run, double expected) const = 0;
  // Runs the serving replicas at `load` over [t0, t0 + length): their power, and any activity.
  virtual void run_load(InferenceRun& run, const ReplicaLoad& load, double t0_s, double length_s) const = 0;
};

class BatchServing final : public IntervalServing {
 public:
  double arrivals(InferenceRun& run, double expected) const override;
  void run_load(InferenceRun& run, const ReplicaLoad& load, double t0_s, double length_s) const override;
};

class FluidServing final : public IntervalServing {
 public:
  double arrivals(InferenceRun& /*run*/, double expected) const override { return expected; }
  void run_load(InferenceRun& run, const ReplicaLoad& load, double t0_s, double length_s) const override;
};

// `disaggregated`: an iteration-fidelity service with prefill and decode pools.
std::unique_ptr<ServingFidelity> make_serving_fidelity(Fidelity fidelity, bool disaggregated = false);

}  // namespace terawatt
