#pragma once
// What the trace imports did, in lines a run prints before it starts ("terawatt: note: ..."): for each training-job
// trace the jobs replayed, those rounded up to whole hosts and those skipped with why; for each service whose trace
// has request sizes, their mean and percentiles, and that a request the scenario leaves out is served at the mean.

#include "sim/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace terawatt {

std::vector<std::string> trace_notes(const Scenario& scenario);

}  // namespace terawatt
