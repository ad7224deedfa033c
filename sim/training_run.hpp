#pragma once
// A training job on the simulated cluster: waits for its start time and for servers, then runs its compute as
// one exec per host (data parallel: every host carries an equal share), and releases the servers.
// Each exec carries the host's share of FLOPs divided by the MFU, in peak-seconds of the host (sim/platform.cpp),
// so that it lasts share / (peak x MFU x speed factor of a power cap) (models/training_cost.hpp). Communication, checkpoints and failures come with
// issue 3; until then the job is one compute phase, which gives the exact duration and energy.

#include "sim/scenario.hpp"
#include "sim/server_pool.hpp"

#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Host.hpp>

#include <limits>
#include <vector>

namespace terawatt {

class TrainingRun {
 public:
  TrainingRun(const TrainingJob& job, double host_peak_flop_per_s, double host_speed_factor, std::size_t hosts_needed);

  // Creates the job's driver actor on `control`. Daemon actors are cut at the scenario's horizon.
  void launch(simgrid::s4u::Host* control, ServerPool& pool, bool daemon);

  const TrainingJob& job() const { return job_; }
  bool started() const { return started_s_ == started_s_; }
  bool finished() const { return finished_s_ == finished_s_; }
  double started_s() const { return started_s_; }    // NaN until it starts
  double finished_s() const { return finished_s_; }  // NaN until it ends
  double queue_wait_s(double now_s) const;
  // IT energy of its servers from its start to its end (or to `now_s` while it runs).
  double energy_j(double now_s) const;
  // Accelerator-hours occupied from start to end (or to `now_s`).
  double accelerator_hours(double now_s) const;
  // Fraction of its FLOPs done at `now_s`.
  double progress(double now_s) const;

 private:
  void run(ServerPool& pool);
  double occupied_s(double now_s) const;
  double hosts_energy_since_start_j(double until_s) const;

  TrainingJob job_;
  double host_speed_factor_;
  std::size_t hosts_needed_;
  double work_per_host_peak_s_;
  double started_s_ = std::numeric_limits<double>::quiet_NaN();
  double finished_s_ = std::numeric_limits<double>::quiet_NaN();
  double energy_at_finish_j_ = 0.0;
  std::vector<simgrid::s4u::Host*> hosts_;
  std::vector<double> host_energy_at_start_j_;
  std::vector<simgrid::s4u::ExecPtr> execs_;
};

}  // namespace terawatt
