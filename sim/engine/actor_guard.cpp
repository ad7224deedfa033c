#include "sim/engine/actor_guard.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>

#include <exception>

namespace terawatt {
namespace {
std::exception_ptr first_failure;  // one simulation per process: a process-wide slot is enough
}

void guarded(const std::function<void()>& body) {
  try {
    body();
  } catch (const simgrid::ForcefulKillException&) {
    throw;  // the engine unwinding a killed actor: not a failure
  } catch (...) {
    if (!first_failure) first_failure = std::current_exception();
    simgrid::s4u::Actor::kill_all();
  }
}

void rethrow_actor_failure() {
  if (first_failure) {
    auto failure = first_failure;
    first_failure = nullptr;
    std::rethrow_exception(failure);
  }
}

void clear_actor_failure() {
  first_failure = nullptr;
}

}  // namespace terawatt
