#include "sim/engine/workloads/serving_fidelity.hpp"

#include "models/base/random_stream.hpp"
#include "sim/engine/workloads/inference_run.hpp"

#include <stdexcept>

namespace terawatt {

void RequestServing::serve(InferenceRun& run) const {
  run.serve_requests();
}

double RequestServing::serving_power_w(const InferenceRun& run, std::size_t r) const {
  return run.service_.replica.accelerator_power_at(run.replicas_[r].in_flight);
}

void RequestServing::catch_up(InferenceRun& run, double now_s) const {
  run.apply_planned(now_s);
  run.pass_arrivals(now_s);
}

double RequestServing::queue_length(const InferenceRun& run) const {
  return run.queued();
}

void IntervalServing::serve(InferenceRun& run) const {
  run.serve_intervals(*this);
}

// Between intervals a serving replica's accelerators idle; the interval's load sets them (run_load).
double IntervalServing::serving_power_w(const InferenceRun& run, std::size_t /*r*/) const {
  return run.service_.replica.accelerator_power_at(0.0);
}

double IntervalServing::queue_length(const InferenceRun& run) const {
  return run.backlog_;
}

// A Poisson draw of the expected arrivals; a trace is counted as it is.
double BatchServing::arrivals(InferenceRun& run, double expected) const {
  return run.service_.trace_s.empty() ? portable_poisson(run.stream_, expected) : expected;
}

void BatchServing::run_load(InferenceRun& run, const ReplicaLoad& load, double t0_s, double length_s) const {
  run.run_batch(load, t0_s, length_s);
}

void FluidServing::run_load(InferenceRun& run, const ReplicaLoad& load, double t0_s, double /*length_s*/) const {
  run.set_fluid_load(load, t0_s);
}

void IterationServing::serve(InferenceRun& run) const {
  run.serve_iterations();
}

double IterationServing::serving_power_w(const InferenceRun& run, std::size_t r) const {
  return run.iteration_w_.empty() ? run.service_.replica.accelerator_power_at(0.0) : run.iteration_w_[r];
}

void IterationServing::catch_up(InferenceRun& run, double now_s) const {
  run.apply_iterations(now_s);
  run.pass_arrivals(now_s);
}

void DisaggregatedServing::serve(InferenceRun& run) const {
  run.serve_disaggregated();
}

void DisaggregatedServing::catch_up(InferenceRun& run, double now_s) const {
  run.pass_arrivals(now_s);
}

// Arrived by the clock and not yet in an iteration: routed to a replica and waiting there, or not yet routed.
double IterationServing::queue_length(const InferenceRun& run) const {
  double waiting = static_cast<double>(run.unrouted_.size());
  for (const IterationEngine& engine : run.engines_) waiting += engine.waiting_requests();
  return waiting;
}

std::unique_ptr<ServingFidelity> make_serving_fidelity(Fidelity fidelity, bool disaggregated) {
  switch (fidelity) {
    case Fidelity::iteration:
      if (disaggregated) return std::make_unique<DisaggregatedServing>();
      return std::make_unique<IterationServing>();
    case Fidelity::request:
      return std::make_unique<RequestServing>();
    case Fidelity::batch:
      return std::make_unique<BatchServing>();
    case Fidelity::fluid:
      return std::make_unique<FluidServing>();
    case Fidelity::offline:
      throw std::logic_error("an offline batch job is not a service");
  }
  return std::make_unique<FluidServing>();
}

}  // namespace terawatt
