// Trace imports end to end (README, traces): the shipped trace-replay scenario runs and says what each trace gave, and
// every malformed trace or trace key is refused with exit 2, the scenario's file:line:col and key, and the trace
// file's line.
#include "cli_harness.hpp"

using namespace cli_test;

namespace {

// Line 28 of the service (cli_harness.hpp) with `arrivals` replaced: a request trace `trace.csv` read with `keys`.
std::string service_with_trace(const std::string& keys) {
  return edit("arrivals: {requests_per_day: 1e6}", "arrivals: {trace: {file: trace.csv" + keys + "}}", service_yaml);
}

// The base's training job (lines 17-22) replaced by a training trace `jobs.trace` read with `keys`.
std::string with_job_trace(const std::string& keys) {
  return base_sections + "workloads:\n  - {name: replay, type: training_trace, file: jobs.trace" + keys + "}\n";
}

const std::string azure_header = "TIMESTAMP,ContextTokens,GeneratedTokens\n";

}  // namespace

TEST_CASE("trace: the shipped trace-replay scenario runs and notes what each trace gave", "[cli][trace]") {
  TempDir dir;
  const Outcome outcome =
      run_in(dir, {"run", std::string(TERAWATT_SOURCE_DIR) + "/scenarios/trace-replay.yaml", "-o", "out.h5"});
  INFO(outcome.err);
  REQUIRE(outcome.status == 0);
  CHECK_THAT(outcome.err, Catch::Contains("workload 'swf-replay': 6 jobs from the swf trace"));
  CHECK_THAT(outcome.err, Catch::Contains("1 of them rounded up to whole hosts; skipped 2 with no run time"));
  CHECK_THAT(outcome.err, Catch::Contains("workload 'sacct-replay': 5 jobs from the sacct trace"));
  CHECK_THAT(outcome.err, Catch::Contains("skipped 2 job steps"));
  CHECK_THAT(outcome.err, Catch::Contains("service 'chat-azure': 40 traced requests, input tokens mean "));
  CHECK(fs::exists(dir / "out.h5"));
}

TEST_CASE("trace: an unknown request trace format is refused with the nearest name", "[cli][trace]") {
  check_rejected(service_with_trace(", format: azur"),
                 "bad.yaml:28:49: workloads.svc.arrivals.trace.format: unknown format 'azur' (did you mean 'azure'?) "
                 "(expected terawatt, azure, burstgpt, or columns)",
                 {}, {{"trace.csv", azure_header}});
}

TEST_CASE("trace: a mapped column missing from the header is refused at the header line", "[cli][trace]") {
  TempDir dir;
  check_rejected_in(dir, service_with_trace(", columns: {time: TIMESTAMP, input_tokens: Context}"),
                    "bad.yaml:28:30: workloads.svc.arrivals.trace.file: " + (dir / "trace.csv").string() +
                        ":1: the header has no column 'Context' (did you mean 'ContextTokens'?)",
                    {}, {{"trace.csv", azure_header}});
}

TEST_CASE("trace: a garbage timestamp is refused at its line", "[cli][trace]") {
  TempDir dir;
  check_rejected_in(dir, service_with_trace(", format: azure, utc_offset: 0"),
                    "bad.yaml:28:30: workloads.svc.arrivals.trace.file: " + (dir / "trace.csv").string() +
                        ":3: column 'TIMESTAMP': 'soon' is neither seconds nor an ISO 8601 time",
                    {}, {{"trace.csv", azure_header + "2024-06-01 00:00:01,10,10\nsoon,10,10\n"}});
}

TEST_CASE("trace: a zone-less time without utc_offset is refused", "[cli][trace]") {
  TempDir dir;
  check_rejected_in(dir, service_with_trace(", format: azure"),
                    "bad.yaml:28:30: workloads.svc.arrivals.trace.file: " + (dir / "trace.csv").string() +
                        ":2: column 'TIMESTAMP': '2024-06-01 00:00:01' has no time zone (expected a zone such as Z or "
                        "+02:00, or the trace's utc_offset)",
                    {}, {{"trace.csv", azure_header + "2024-06-01 00:00:01,10,10\n"}});
}

TEST_CASE("trace: a negative token count is refused at its line", "[cli][trace]") {
  TempDir dir;
  check_rejected_in(dir, service_with_trace(", format: azure, utc_offset: 0"),
                    "bad.yaml:28:30: workloads.svc.arrivals.trace.file: " + (dir / "trace.csv").string() +
                        ":2: column 'GeneratedTokens': '-3' is not a token count (expected a finite number >= 0)",
                    {}, {{"trace.csv", azure_header + "2024-06-01 00:00:01,10,-3\n"}});
}

TEST_CASE("trace: an unknown key in a trace mapping is refused", "[cli][trace]") {
  check_rejected(service_with_trace(", formt: azure"),
                 "bad.yaml:28:41: workloads.svc.arrivals.trace.formt: unknown key (did you mean 'format'?)", {},
                 {{"trace.csv", azure_header}});
}

TEST_CASE("trace: an SWF line with too few fields is refused at its line", "[cli][trace]") {
  TempDir dir;
  check_rejected_in(dir, with_job_trace(", format: swf"),
                    "bad.yaml:17:48: workloads.replay.file: " + (dir / "jobs.trace").string() +
                        ":2: has 4 fields (expected the 18 whitespace-separated fields of the Standard Workload Format",
                    {}, {{"jobs.trace", "; a comment\n1 0 10 7200\n"}});
}

TEST_CASE("trace: an unknown training trace format is refused with the nearest name", "[cli][trace]") {
  check_rejected(with_job_trace(", format: swff"),
                 "bad.yaml:17:68: workloads.replay.format: unknown format 'swff' (did you mean 'swf'?) (expected swf, "
                 "sacct)",
                 {}, {{"jobs.trace", ""}});
}

TEST_CASE("trace: a traced job wider than the cluster is refused at its line", "[cli][trace]") {
  TempDir dir;
  check_rejected_in(dir, with_job_trace(", format: swf"),
                    "bad.yaml:17:48: workloads.replay.file: " + (dir / "jobs.trace").string() +
                        ":1: job 7: 64 accelerators, more than the 32 of cluster 'h100-pod'",
                    {}, {{"jobs.trace", "7 0 0 3600 64 -1 -1 64 3600 -1 1 1 1 1 1 1 -1 -1\n"}});
}

TEST_CASE("trace: a sacct export with zone-less times needs utc_offset", "[cli][trace]") {
  TempDir dir;
  check_rejected_in(dir, with_job_trace(", format: sacct"),
                    "bad.yaml:17:48: workloads.replay.file: " + (dir / "jobs.trace").string() +
                        ":2: column Submit: '2024-06-01T01:00:00' has no time zone",
                    {},
                    {{"jobs.trace", "JobID|Submit|Elapsed|AllocTRES\n1|2024-06-01T01:00:00|01:00:00|gres/gpu=8\n"}});
}
