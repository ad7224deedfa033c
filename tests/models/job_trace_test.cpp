// Batch-job traces (models/workload/job_trace.hpp): SWF and Slurm sacct exports read into the jobs that ran, the rest
// skipped by reason, every defect named by file and line.
#include "models/workload/job_trace.hpp"

#include "models/base/iso8601.hpp"
#include "models/workload/trace_file.hpp"
#include "tests/models/temp_file.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using terawatt::JobTrace;
using terawatt::parse_iso8601_utc;
using terawatt::read_sacct_trace;
using terawatt::read_swf_trace;
using terawatt::SacctOptions;
using terawatt::slurm_duration_s;
using terawatt::TraceFileError;
using terawatt::testing::TempFile;

namespace {

const double june1 = parse_iso8601_utc("2024-06-01T00:00:00Z");

// What follows the path in the TraceFileError of `read(path)` (":line: problem"), or "" when the file reads.
template <typename Read>
std::string error_of(const std::string& text, Read read) {
  const TempFile file(text, "jobs.trace");
  try {
    read(file.path());
  } catch (const TraceFileError& e) {
    const std::string message = e.what();
    CHECK(message.rfind(file.path(), 0) == 0);
    return message.substr(file.path().size());
  }
  return "";
}

JobTrace swf(const std::string& text) {
  const TempFile file(text, "jobs.swf");
  return read_swf_trace(file.path());
}

const SacctOptions utc{june1, 0.0, 8};

JobTrace sacct(const std::string& text, const SacctOptions& options = utc) {
  const TempFile file(text, "jobs.sacct");
  return read_sacct_trace(file.path(), options);
}

const std::string sacct_header = "JobID|Submit|Elapsed|AllocTRES|NNodes|State\n";

}  // namespace

TEST_CASE("an SWF job is its submit time, run time and allocated processors, and unknown fields are -1") {
  const JobTrace trace =
      swf("; UnixStartTime: 1717200000\n"
          "1 0 10 7200 16 -1 -1 16 10800 -1 1 1 1 1 1 1 -1 -1\n"
          "2 300 60 3600 -1 -1 -1 24 7200 -1 1 2 1 2 1 1 -1 -1\n"  // allocated unknown: the requested 24
          "3 900 -1 -1 32 -1 -1 32 3600 -1 5 3 1 3 1 1 -1 -1\n"    // never ran
          "4 950 -1 0 32 -1 -1 32 3600 -1 5 3 1 3 1 1 -1 -1\n");   // cancelled in the queue
  REQUIRE(trace.jobs.size() == 2);
  CHECK(trace.jobs[0].id == "1");
  CHECK(trace.jobs[0].line == 2);
  CHECK(trace.jobs[0].submit_s == 0.0);
  CHECK(trace.jobs[0].run_s == 7200.0);
  CHECK(trace.jobs[0].accelerators == 16);
  CHECK(trace.jobs[1].submit_s == 300.0);
  CHECK(trace.jobs[1].accelerators == 24);
  CHECK(trace.skipped.at("with no run time (-1 or 0: never ran)") == 2);
}

TEST_CASE("an SWF line without its 18 fields, or with a field that is no number, is refused at its line") {
  const auto read = [](const std::string& path) { read_swf_trace(path); };
  CHECK(error_of("; header\n1 0 10 7200 16 -1 -1 16\n", read) ==
        ":2: has 8 fields (expected the 18 whitespace-separated fields of the Standard Workload Format, -1 for "
        "unknown)");
  CHECK(error_of("1 0 10 two 16 -1 -1 16 10800 -1 1 1 1 1 1 1 -1 -1\n", read) ==
        ":1: field 4 (run time): 'two' is not a number");
}

TEST_CASE(
    "sacct jobs take gres/gpu, typed GPUs added up, or nodes x accelerators per node, and steps and jobs that "
    "never ran are skipped") {
  const JobTrace trace = sacct(sacct_header +
                               "10|2024-06-01T01:00:00|01:00:00|cpu=64,gres/gpu=16,node=2|2|COMPLETED\n"
                               "10.batch|2024-06-01T01:00:05|01:00:00|cpu=8,gres/gpu=8,node=1|1|COMPLETED\n"
                               "11|2024-06-01T02:00:00|1-00:00:30|gres/gpu:h100=4,gres/gpu:a100=2|1|FAILED\n"
                               "12_3|2024-06-01T03:00:00|00:30:00|cpu=64,mem=500G|3|COMPLETED\n"
                               "13|2024-06-01T03:00:00|00:00:00||1|CANCELLED by 1000\n"
                               "14|2024-06-01T04:00:00|00:00:00||1|PENDING\n");
  REQUIRE(trace.jobs.size() == 3);
  CHECK(trace.jobs[0].submit_s == 3600.0);
  CHECK(trace.jobs[0].run_s == 3600.0);
  CHECK(trace.jobs[0].accelerators == 16);
  CHECK(trace.jobs[1].run_s == 86430.0);
  CHECK(trace.jobs[1].accelerators == 6);
  CHECK(trace.jobs[2].id == "12_3");
  CHECK(trace.jobs[2].accelerators == 24);  // NNodes 3 x 8
  CHECK(trace.skipped.at("job steps (JobID with a '.'; their job is a line of its own)") == 1);
  CHECK(trace.skipped.at("with no run time (Elapsed 00:00:00: never ran)") == 1);
  CHECK(trace.skipped.at("still PENDING (not finished)") == 1);
}

TEST_CASE("sacct's zone-less Submit times are read at the utc_offset, and refused without one") {
  const SacctOptions pacific{june1, -7.0, 8};
  CHECK(sacct(sacct_header + "1|2024-05-31T17:00:00|01:00:00|gres/gpu=8|1|COMPLETED\n", pacific).jobs[0].submit_s ==
        0.0);
  const auto read = [](const SacctOptions& options) {
    return [options](const std::string& path) { read_sacct_trace(path, options); };
  };
  CHECK(error_of(sacct_header + "1|2024-06-01T00:00:00|01:00:00|gres/gpu=8|1|COMPLETED\n",
                 read(SacctOptions{june1, std::nullopt, 8})) ==
        ":2: column Submit: '2024-06-01T00:00:00' has no time zone (expected a zone such as Z or +02:00, or the "
        "trace's utc_offset)");
  CHECK(error_of(sacct_header + "1|2024-05-31T00:00:00|01:00:00|gres/gpu=8|1|COMPLETED\n", read(utc)) ==
        ":2: column Submit: '2024-05-31T00:00:00' is before scenario.start 2024-06-01T00:00:00Z (expected a scenario "
        "that starts by the first submission)");
  CHECK(error_of(sacct_header + "1|2024-06-01T00:00:00|1:00|gres/gpu=8|1|COMPLETED\n", read(utc)) ==
        ":2: column Elapsed: '1:00' is not a Slurm duration (expected [D-]HH:MM:SS)");
  CHECK(error_of("JobID|Submit|Elapsed|State\n", read(utc)) ==
        ":1: the header has neither AllocTRES nor NNodes (expected sacct --parsable2 "
        "--format=JobID,Submit,Elapsed,AllocTRES,NNodes,State)");
  CHECK(error_of("JobID|Submitted|Elapsed|NNodes\n", read(utc)) ==
        ":1: the header has no column 'Submit' (did you mean 'Submitted'?) (expected a first line naming the trace's "
        "columns, separated by commas)");
  CHECK(error_of(sacct_header + "1|2024-06-01T00:00:00|01:00:00|gres/gpu=8\n", read(utc)) ==
        ":2: has 4 '|'-separated fields (expected 6, as in the header)");
}

TEST_CASE("a Slurm duration is [D-]HH:MM:SS") {
  CHECK(slurm_duration_s("00:00:01") == 1.0);
  CHECK(slurm_duration_s("12:34:56") == 12 * 3600 + 34 * 60 + 56);
  CHECK(slurm_duration_s("2-00:00:00") == 2 * 86400.0);
  CHECK_THROWS_AS(slurm_duration_s("00:61:00"), std::invalid_argument);
  CHECK_THROWS_AS(slurm_duration_s("UNLIMITED"), std::invalid_argument);
}
