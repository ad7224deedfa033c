#include "sim/engine/exec_makers.hpp"

#include "sim/engine/actor_guard.hpp"

#include <simgrid/s4u/Actor.hpp>

#include <algorithm>
#include <string>

namespace terawatt {

void ExecMakers::spawn(std::size_t index) {
  auto helper = std::make_shared<Helper>();
  helper->wake = simgrid::s4u::Semaphore::create(0);
  helpers_.push_back(helper);
  const simgrid::s4u::SemaphorePtr done = done_;
  auto actor = simgrid::s4u::Actor::create(name_ + "-execs-" + std::to_string(index),
                                           simgrid::s4u::this_actor::get_host(), [helper, done] {
                                             guarded([&] {
                                               for (;;) {
                                                 helper->wake->acquire();
                                                 if (helper->stopping) return;
                                                 helper->made.reserve(helper->count);
                                                 for (std::size_t i = 0; i < helper->count; ++i)
                                                   helper->made.push_back(simgrid::s4u::Exec::init());
                                                 done->release();
                                               }
                                             });
                                           });
  // A helper only makes execs: it must not keep the simulation alive, and it is cut with its job at the horizon.
  actor->daemonize();
}

std::vector<simgrid::s4u::ExecPtr> ExecMakers::make(std::size_t count) {
  // The caller makes the first thousand itself; helpers make only the rest, so a job on a thousand hosts or fewer
  // (almost every job) costs no helper actor and no extra context switch per phase.
  const std::size_t own = std::min(count, kExecsPerMaker);
  std::vector<simgrid::s4u::ExecPtr> execs;
  execs.reserve(count);
  for (std::size_t i = 0; i < own; ++i) execs.push_back(simgrid::s4u::Exec::init());
  const std::size_t needed = (count - own + kExecsPerMaker - 1) / kExecsPerMaker;
  if (needed == 0) return execs;
  if (!done_) done_ = simgrid::s4u::Semaphore::create(0);
  while (helpers_.size() < needed) spawn(helpers_.size());
  for (std::size_t h = 0; h < needed; ++h) {
    helpers_[h]->count = std::min(kExecsPerMaker, count - own - h * kExecsPerMaker);
    helpers_[h]->wake->release();
  }
  for (std::size_t h = 0; h < needed; ++h) done_->acquire();
  for (std::size_t h = 0; h < needed; ++h) {
    std::vector<simgrid::s4u::ExecPtr>& made = helpers_[h]->made;
    execs.insert(execs.end(), made.begin(), made.end());
    made.clear();
  }
  return execs;
}

void ExecMakers::stop() {
  for (const auto& helper : helpers_) {
    helper->stopping = true;
    helper->wake->release();
  }
  helpers_.clear();
}

}  // namespace terawatt
