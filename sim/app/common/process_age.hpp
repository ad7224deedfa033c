#pragma once
// How long this process has existed: the wall time a `terawatt run` really costs, loading the program and its
// libraries included, which is what a sweep's point costs in a Slurm task. Linux's /proc.

#include <optional>

namespace terawatt {

// Seconds since this process started (/proc/self/stat's start time against /proc/uptime, to the kernel's clock
// tick, 10 ms on Linux), or none where /proc cannot say.
std::optional<double> process_age_s();

}  // namespace terawatt
