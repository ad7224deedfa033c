#pragma once
// Batch-job traces of real clusters, read into the jobs that ran: when each was submitted, how many accelerators it
// held and how long it ran. Two formats:
//
//   swf:   the Standard Workload Format of the Parallel Workloads Archive (Feitelson et al., "Experience with using
//          the Parallel Workloads Archive", JPDC 2014; www.cs.huji.ac.il/labs/parallel/workload/swf.html): 18
//          whitespace-separated fields per job, -1 for unknown, header comments starting with ';'. Read: field 1 job
//          number, 2 submit time (s after the log's start), 4 run time (s), 5 allocated processors (8, requested
//          processors, when 5 is -1). Processors are taken as accelerators.
//   sacct: a Slurm accounting export, `sacct --parsable2 --format=JobID,Submit,Elapsed,AllocTRES,NNodes,State ...`:
//          '|'-separated with a header line. Read: JobID, Submit (ISO 8601, local time without a zone unless
//          SLURM_TIME_FORMAT adds one), Elapsed ([D-]HH:MM:SS), AllocTRES's gres/gpu count or else the nodes
//          (AllocTRES node=, or NNodes) x accelerators per node, and State when present.
//
// Jobs that did not run are skipped and counted by reason: job steps (a JobID with a '.': the job itself is a line of
// its own), jobs with no run time (never started, or cancelled while queued), no processors, or (sacct) still
// pending or running.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace terawatt {

struct TraceJob {
  std::string id;                 // job number or JobID, as written
  std::size_t line = 0;           // 1-based line in the trace
  double submit_s = 0.0;          // seconds after the scenario start
  double run_s = 0.0;             // > 0
  std::int64_t accelerators = 0;  // > 0
};

struct JobTrace {
  std::vector<TraceJob> jobs;                  // in the order of the file
  std::map<std::string, std::size_t> skipped;  // reason -> lines skipped
};

// SWF submit times are seconds after the log's start, placed at the scenario start. Throws TraceFileError
// (models/workload/trace_file.hpp) naming the file and line: a line without 18 fields, a field that is not a number.
JobTrace read_swf_trace(const std::string& path);

struct SacctOptions {
  double start_epoch_s = 0.0;              // scenario start: submit times become seconds after it
  std::optional<double> utc_offset_h;      // zone of zone-less times; none: such times are errors
  std::int64_t accelerators_per_node = 0;  // for jobs whose AllocTRES has no gres/gpu count
};

// Throws TraceFileError naming the file, line and column: a missing column, a malformed time or Elapsed, a zone-less
// time without an offset, a submission before the scenario start, no GPU or node count.
JobTrace read_sacct_trace(const std::string& path, const SacctOptions& options);

// Seconds of a Slurm duration "[D-]HH:MM:SS", as sacct writes Elapsed; throws std::invalid_argument with the problem.
double slurm_duration_s(const std::string& text);

}  // namespace terawatt
