#pragma once
// An uncaught exception inside a SimGrid actor aborts the process and run() does not rethrow it
// (docs/design.md section 9). Every actor body runs inside `guarded`: the first failure is kept, the simulation is
// stopped, and `rethrow_actor_failure` raises it after run().

#include <functional>

namespace terawatt {

void guarded(const std::function<void()>& body);
void rethrow_actor_failure();
void clear_actor_failure();

}  // namespace terawatt
