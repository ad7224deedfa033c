#pragma once
// Fresh execs made by helper actors, so that no actor owns more than `kExecsPerMaker` activities.
//
// SimGrid 3.32 files every exec under the actor that creates it (the ExecImpl constructor) and, when the exec ends,
// removes it from that actor's std::list with std::list::remove, a walk of the whole list: one actor owning the execs
// of N hosts pays N^2/2 node visits when they end (docs/design.md section 9). Measured here side by side with the
// one-job, one-server-per-host benchmark (bench/hosts-scaling.sh): 25k/50k hosts took 3.5/14.1 s when the job's actor
// made its own execs and take 1.7/4.2 s with helpers; 1M hosts take 85 s and 4.4 GB (before: over 10 minutes), most
// of it building the platform and tearing the engine down. bench/training-16k-hosts.yaml went from 45.1 to 40.2 s:
// there most of the walk left is the all-reduce's transfers, which SimGrid files under its maestro, not under us.
//
// Why helpers that only create: creating an exec is no simcall, but configuring, starting and waiting for it are, and
// the power accounting of an exec follows its start and its wait (sim/engine/power_accounting.cpp). The caller keeps
// configuring, starting and waiting for every exec as before, in the same order; only who owns the exec in SimGrid's
// books changes. Two alternatives were set aside: one activity per group of hosts needs SimGrid's parallel-task model,
// which is not the CPU model the hosts run (and would change every duration); setting the hosts' power on the ledgers
// and sleeping replaces the engine's completion dates by our own division, which is not bit for bit the engine's.
//
// The cost: each batch wakes the helpers and waits for them, a few extra simcalls at the instant a phase starts
// (no simulated time passes, and no power changes in between), and one helper actor per `kExecsPerMaker` hosts
// beyond the first `kExecsPerMaker`, which the calling actor makes itself, for the life of the job (999 actors for a
// million hosts, far below the ~32k actors a process can hold; none for a job on a thousand hosts or fewer).

#include "sim/scenario/scenario_limits.hpp"

#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace terawatt {

class ExecMakers {
 public:
  // At most this many execs are created by one actor, the caller, then each helper (sim/scenario/scenario_limits.hpp).
  static constexpr std::size_t kExecsPerMaker = max_activities_per_actor;

  // The helpers are named after `name` and live on the host of the actor that calls `make` first.
  explicit ExecMakers(std::string name) : name_(std::move(name)) {}
  ExecMakers(const ExecMakers&) = delete;
  ExecMakers& operator=(const ExecMakers&) = delete;

  // `count` fresh execs (neither configured nor started), owned by the helpers. Call from an actor; the previous
  // batch need not have ended.
  std::vector<simgrid::s4u::ExecPtr> make(std::size_t count);
  // Ends the helpers. Call from an actor once every exec they made has ended; `make` may start them again.
  void stop();
  std::size_t helpers() const { return helpers_.size(); }

 private:
  // One helper: woken with a count, it creates that many execs and reports back.
  struct Helper {
    simgrid::s4u::SemaphorePtr wake;
    std::size_t count = 0;
    bool stopping = false;
    std::vector<simgrid::s4u::ExecPtr> made;
  };
  void spawn(std::size_t index);

  std::string name_;
  std::vector<std::shared_ptr<Helper>> helpers_;
  simgrid::s4u::SemaphorePtr done_;  // created with the first helper: most jobs never need one
};

}  // namespace terawatt
