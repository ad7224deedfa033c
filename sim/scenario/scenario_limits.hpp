#pragma once
// Bounds a scenario must stay within, so that a typo (a stray digit, a wrong unit) is refused while loading instead
// of running for ages, filling the disk or exhausting memory.

#include <cstddef>
#include <cstdint>

namespace terawatt {

// Upper bound on rows in one time series: beyond it a typo in sample_interval ("1 s" for a year) would fill
// the disk before anyone noticed.
inline constexpr double max_samples = 1e8;
// Upper bound on the values of one run's time series (rows x values per row): 1e10 float64 values are 80 GB before
// compression, and gzip, the writer's bottleneck at about 5e6 values/s (docs/design.md section 9), would take over
// half an hour on them alone, so more can only be a sample interval or a fleet in the wrong unit.
inline constexpr double max_output_values = 1e10;
// Upper bound on checkpoint segments of one job: every checkpoint is a round of activities on every host, so a typo
// in the interval would run for ages.
inline constexpr double max_checkpoints = 1e7;

// Upper bound on simulated hosts in one scenario, so that a stray digit in `servers` is refused instead of
// exhausting memory. docs/design.md section 9 measured 100k hosts in an empty zone at 0.8 s and 212 MB; one job on
// 1e6 hosts of one server each that ends inside the run (bench/hosts-scaling.sh) takes 23 s and 3.1 GB here, within
// the 8 GB of a workstation. servers_per_host lets one host stand for many
// identical servers, so fleets larger than this still fit.
inline constexpr std::int64_t max_hosts = 1000000;

// Upper bound on a training job's expected failures over the run. Each failure restarts the job on all its hosts;
// a run with 1.2e6 failures (16 accelerators, mtbf 100 s, restart_delay 1 s, 100 d) took 8.6 s here, so this
// bound keeps failures to about a second. Real fleets fail far less often: 16,384 accelerators with an mtbf of
// 5 yr each fail about 9 times a day, some 3,300 times a year.
inline constexpr double max_failures = 1e5;

// Upper bound on a training job's run at full speed, failures aside: 1,000 years, far beyond any horizon people
// simulate (decades for fleet projections), so that a stray exponent in flops, parameters or tokens, or an mfu in
// the wrong unit, is refused instead of giving a job that never ends (or a run time of infinity).
inline constexpr double max_job_run_s = 1000.0 * 365.25 * 86400.0;

// Upper bound on a service's mean demand: 1e13 requests a day is more than a thousand a day for each of the
// 8.1e9 people on Earth (docs/references.md, "Scenario limits"), so a larger figure is a stray exponent, never a load.
inline constexpr double max_requests_per_day = 1e13;

// The shortest duration and sample interval: times are also seconds since 1970 in double precision, 2.4e-7 s
// apart in 2024 (2^-22 s at 1.7e9 s), so a shorter interval added to the start would vanish; 1 us is a round bound
// above that, and far above SimGrid's precision/timing of 1e-9 s.
inline constexpr double min_interval_s = 1e-6;

}  // namespace terawatt
