#pragma once
// A training job on the simulated cluster: waits for its submission (and, when deferrable, for low-carbon
// hours), then for servers, runs its compute as one exec per host (data parallel: every host carries an equal
// share), and releases the servers.
// Each exec carries the host's share of FLOPs divided by the MFU, in peak-seconds of the host (sim/platform.cpp),
// so that it lasts share / (peak x MFU x speed factor of a power cap) (models/training_cost.hpp). Communication,
// checkpoints and failures come with issue 3; until then the job is one compute phase, which gives the exact
// duration and energy.

#include "models/carbon_aware.hpp"
#include "models/power_ledger.hpp"
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
  // `intensity` is the site's carbon intensity (for a deferrable job), `start_epoch_s` the scenario start.
  void launch(simgrid::s4u::Host* control, ServerPool& pool, bool daemon, const TimeVarying* intensity,
              double start_epoch_s);

  const TrainingJob& job() const { return job_; }
  bool started() const { return started_s_ == started_s_; }
  bool finished() const { return finished_s_ == finished_s_; }
  double started_s() const { return started_s_; }    // NaN until it starts
  double finished_s() const { return finished_s_; }  // NaN until it ends
  double released_s() const { return released_s_; } // when it joined the queue: submission plus any deferral
  double expected_run_s() const { return work_per_host_peak_s_ / host_speed_factor_; }
  double queue_wait_s(double now_s) const;
  // IT energy of its servers from its start to its end (or to `now_s` while it runs).
  double energy_j(double now_s) const { return ledger_.energy_j(now_s); }
  const PowerLedger& ledger() const { return ledger_; }
  // Accelerator-hours occupied from start to end (or to `now_s`).
  double accelerator_hours(double now_s) const;
  // Fraction of its FLOPs done at `now_s`.
  double progress(double now_s) const;

 private:
  void run(ServerPool& pool, const TimeVarying* intensity, double start_epoch_s);
  double occupied_s(double now_s) const;

  TrainingJob job_;
  double host_speed_factor_;
  std::size_t hosts_needed_;
  double work_per_host_peak_s_;
  double released_s_ = std::numeric_limits<double>::quiet_NaN();
  double started_s_ = std::numeric_limits<double>::quiet_NaN();
  double finished_s_ = std::numeric_limits<double>::quiet_NaN();
  PowerLedger ledger_;  // IT power of the hosts while the job holds them
  std::vector<simgrid::s4u::Host*> hosts_;
  std::vector<simgrid::s4u::ExecPtr> execs_;
};

}  // namespace terawatt
