#pragma once
// A training job on the simulated cluster: a request to its cluster's server pool, released at its submission (or,
// when deferrable, at the low-carbon hours chosen before the run), queued there without an actor of its own; once
// granted servers, one actor runs its compute (data parallel: every host carries an equal share) and releases the
// servers. Each host's share of FLOPs divided by the MFU is an amount in peak-seconds of the host
// (sim/engine/platform.cpp), so that it lasts share / (peak x MFU x speed factor of a power cap)
// (models/workload/training_cost.hpp). With `global_batch`, the exposed part of every step's gradient all-reduce
// follows each compute phase: its ring across servers as transfers over the cluster's links, its reduction inside
// servers as a wait (run_communication); without, communication is not modelled and, without checkpoints and failures,
// the job is one compute phase, which gives the exact duration and energy. With checkpoints the work runs in segments
// of `checkpoint_interval` of compute, each followed (but the last) by a checkpoint write on every host; with failures
// a seeded exponential process with rate accelerators / mtbf interrupts the job, which then holds its servers idle for
// the restart delay and redoes the segment. A phase's amount is cut at a known failure time, so power stays exact and
// there are no per-step activities.
//
// One activity stands for all the job's hosts in each phase. Its hosts are alike, run at one speed and are the job's
// alone, so the engine would end every host's exec, and every transfer of the ring, at the same instant: one exec on
// the first host (tagged for the whole group, sim/engine/power_accounting.hpp) and a ring of two of them
// (run_communication) give those instants, and every host's power is accounted at them; each host's change is the
// same, so the sums have the same bits as with one activity per host (checked on every shipped scenario and
// benchmark). Measured side by side (bench/training-16k-hosts.yaml, 2,048 hosts, 480 segments): one exec and one
// transfer per host took 21.1 s (11.3 s with helper actors making the execs), most of it in SimGrid 3.32's
// std::list::remove (an actor's activities, or for transfers the maestro's, are a list walked whole at every end,
// N^2/2 per phase; docs/design.md section 9); one activity per phase takes 0.64 s. The assumption this rests on: a
// fabric with shared links, where the ring's transfers would contend with each other, needs a transfer per host.

#include "models/grid/carbon_aware.hpp"
#include "models/power/accelerator_power.hpp"
#include "sim/engine/fabric_traffic.hpp"
#include "sim/engine/power_accounting.hpp"
#include "sim/engine/server_pool.hpp"
#include "sim/engine/workloads/flexible_compute.hpp"
#include "sim/scenario/scenario.hpp"

#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Host.hpp>

#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <vector>

namespace terawatt {

class TrainingRun : public ServerPool::Client {
 public:
  // `seed` is the scenario's: the failure stream is derived from it and the job's name. `job` is the scenario's
  // record, which must outlive the run: a queue of 100,000 jobs keeps one copy of each, not two.
  TrainingRun(const TrainingJob& job, double host_peak_flop_per_s, double host_speed_factor, std::size_t hosts_needed,
              std::uint64_t seed);

  // A job with a power cap of its own: its servers take `job_pstate` and the job's power model while it runs, and
  // return to the cluster's after. The speed factor given to the constructor must be the job's.
  struct OwnPowerCap {
    int job_pstate;
    int cluster_pstate;
    AcceleratorPowerModel job_model;
    AcceleratorPowerModel cluster_model;
  };
  void set_own_power_cap(const OwnPowerCap& cap) { own_cap_ = std::make_unique<OwnPowerCap>(cap); }
  // The fabric of its cluster, which carries its gradient transfers; it must be set before launch.
  void set_fabric(FabricTraffic& fabric) { fabric_ = &fabric; }
  // A job its site controller may curtail: its compute phases wait through `flexible`, which must outlive the run.
  void set_flexible(FlexibleCompute& flexible) { flexible_ = &flexible; }

  // Submits the job to `pool` at its release; once granted, its actor runs on `control`, a daemon (cut at the
  // scenario's horizon) when `daemon`. `intensity` is the site's carbon intensity (for a deferrable job),
  // `start_epoch_s` the scenario start. The run must stay where it is until the simulation ends.
  void launch(simgrid::s4u::Host* control, ServerPool& pool, bool daemon, const TimeVarying* intensity,
              double start_epoch_s);
  void queued() override;
  void granted(std::vector<simgrid::s4u::Host*> hosts) override;

  const TrainingJob& job() const { return job_; }
  bool started() const { return started_s_ == started_s_; }
  bool finished() const { return finished_s_ == finished_s_; }
  double started_s() const { return started_s_; }    // NaN until it starts
  double finished_s() const { return finished_s_; }  // NaN until it ends
  double released_s() const { return released_s_; }  // when it joined the queue: submission plus any deferral
  // The failure-free run: compute plus checkpoint writes. Failures make real runs longer; the queue's backfill
  // and the deferral plan with this.
  double expected_run_s() const { return failure_free_run_s(job_, compute_s()); }
  double queue_wait_s(double now_s) const;
  // IT energy of its servers from its start to its end (or to `now_s` while it runs).
  double energy_j(double now_s) const { return meter_.it.energy_j(now_s); }
  const WorkloadMeter& meter() const { return meter_; }
  // Accelerator-hours occupied from start to end (or to `now_s`).
  double accelerator_hours(double now_s) const;
  // Fraction of its FLOPs done at `now_s`: the work committed at the last checkpoint plus the done part of the
  // current segment's compute (work since the last checkpoint counts until a failure takes it back).
  double progress(double now_s) const;
  std::int64_t failures() const { return failures_; }
  // Accelerator-seconds lost to failures: compute and unfinished checkpoint writes since the last checkpoint,
  // plus the restart delays.
  double lost_accelerator_s() const { return lost_accelerator_s_; }
  // Accelerator-seconds of completed checkpoint writes.
  double checkpoint_accelerator_s() const { return checkpoint_accelerator_s_; }

 private:
  // The job's actor: its work on the granted hosts, then the release of its servers.
  void run();
  double occupied_s(double now_s) const;
  double compute_s() const { return work_per_host_peak_s_ / host_speed_factor_; }
  // Runs `amount_peak_s` of work of `kind` on every host, as one exec that stands for them all, and waits for it.
  void run_phase(WorkKind kind, double amount_peak_s);
  // The exposed all-reduce of `work_peak_s` of compute over the links; false when a failure cuts it.
  bool run_communication(double work_peak_s, double failure_at_s);
  // The job's work in checkpointed segments, with failures and restarts.
  void run_segments();
  // Seconds until the next failure from now: an exponential draw, inverted by hand (std distributions are
  // implementation-defined, the engine is not).
  double draw_failure_gap_s();

  const TrainingJob& job_;
  ServerPool* pool_ = nullptr;
  simgrid::s4u::Host* control_ = nullptr;
  bool daemon_ = false;
  std::unique_ptr<OwnPowerCap> own_cap_;  // only for a job with a cap of its own: 168 bytes every queued job would hold
  FlexibleCompute* flexible_ = nullptr;
  // Compute time lost to curtailment by `now_s` (none without flexibility).
  double flex_delay_s(double now_s) const { return flexible_ ? flexible_->delay_s(now_s) : 0.0; }
  double host_speed_factor_;
  std::size_t hosts_needed_;
  double work_per_host_peak_s_;
  double released_s_ = std::numeric_limits<double>::quiet_NaN();
  double started_s_ = std::numeric_limits<double>::quiet_NaN();
  double finished_s_ = std::numeric_limits<double>::quiet_NaN();
  WorkloadMeter meter_;  // IT power of the hosts while the job holds them
  FabricTraffic* fabric_ = nullptr;
  std::vector<simgrid::s4u::Host*> hosts_;
  std::unique_ptr<std::mt19937_64> failure_stream_;  // only for a job with failures
  std::int64_t failures_ = 0;
  double lost_accelerator_s_ = 0.0;
  double checkpoint_accelerator_s_ = 0.0;
  // Progress: work (host peak-seconds) committed by checkpoints, the current attempt's compute start (NaN while
  // it does not compute) and its finished compute (while it writes the checkpoint).
  double committed_peak_s_ = 0.0;
  double attempt_compute_start_s_ = std::numeric_limits<double>::quiet_NaN();
  double attempt_flex_delay_s_ = 0.0;  // the curtailment delay when the attempt's compute started
  double attempt_done_peak_s_ = 0.0;
};

}  // namespace terawatt
