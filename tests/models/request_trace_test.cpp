// Request traces in public datasets' layouts (models/workload/request_trace.hpp): columns found by name, times as
// seconds or ISO 8601 with or without a zone, token sizes, and every defect named by file, line and column.
#include "models/workload/request_trace.hpp"

#include "models/base/iso8601.hpp"
#include "models/workload/trace_file.hpp"
#include "tests/models/temp_file.hpp"

#include <catch2/catch.hpp>

#include <string>

using terawatt::parse_iso8601_utc;
using terawatt::read_request_trace;
using terawatt::request_trace_format;
using terawatt::RequestTrace;
using terawatt::RequestTraceOptions;
using terawatt::TraceFileError;
using terawatt::testing::TempFile;

namespace {

const double june1 = parse_iso8601_utc("2024-06-01T00:00:00Z");

RequestTraceOptions options_of(const char* format, std::optional<double> utc_offset_h = std::nullopt) {
  return RequestTraceOptions{*request_trace_format(format), june1, utc_offset_h};
}

RequestTrace read_text(const std::string& text, const RequestTraceOptions& options) {
  const TempFile file(text, "trace.csv");
  return read_request_trace(file.path(), options);
}

// What follows the path in the TraceFileError for `text` (":line: problem"), or "" when it reads.
std::string error_of(const std::string& text, const RequestTraceOptions& options) {
  const TempFile file(text, "trace.csv");
  try {
    read_request_trace(file.path(), options);
  } catch (const TraceFileError& e) {
    const std::string message = e.what();
    CHECK(message.rfind(file.path(), 0) == 0);
    return message.substr(file.path().size());
  }
  return "";
}

const std::string azure_header = "TIMESTAMP,ContextTokens,GeneratedTokens\n";

}  // namespace

TEST_CASE("an Azure trace's zone-less times are read at its utc_offset, with each request's tokens") {
  const RequestTrace trace = read_text(azure_header +
                                           "2024-06-01 02:00:01.5000000,1000,200\n"
                                           "2024-06-01 02:00:03.2500000,3000,100\n",
                                       options_of("azure", 2.0));  // local = UTC + 2 h: 02:00 local is 00:00 UTC
  REQUIRE(trace.arrival_s.size() == 2);
  CHECK(trace.arrival_s[0] == Approx(1.5).margin(1e-6));
  CHECK(trace.arrival_s[1] == Approx(3.25).margin(1e-6));
  CHECK(trace.input_tokens == std::vector<double>{1000, 3000});
  CHECK(trace.output_tokens == std::vector<double>{200, 100});
}

TEST_CASE("a BurstGPT trace is read by its column names, spaces included, in seconds after the start") {
  const RequestTrace trace = read_text(
      "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
      "5,ChatGPT,472,18,490,Conversation log\n"
      "45,GPT-4,1087,0,1087,API log\n",
      options_of("burstgpt"));
  CHECK(trace.arrival_s == std::vector<double>{5, 45});
  CHECK(trace.input_tokens == std::vector<double>{472, 1087});
  CHECK(trace.output_tokens == std::vector<double>{18, 0});
}

TEST_CASE("ISO 8601 times with a zone need no offset and count from the scenario start") {
  const RequestTrace trace =
      read_text("time\n2024-06-01T01:00:00+01:00\n2024-06-01T00:00:10Z\n", options_of("terawatt"));
  CHECK(trace.arrival_s == std::vector<double>{0.0, 10.0});
  CHECK(trace.input_tokens.empty());
}

TEST_CASE("a trace's defects name the file, the line and the column") {
  CHECK(
      error_of("TIMESTAMP,Context_Tokens,GeneratedTokens\n", options_of("azure", 0.0)) ==
      ":1: the header has no column 'ContextTokens' (did you mean 'Context_Tokens'?) (expected a first line naming the "
      "trace's columns, separated by commas)");
  CHECK(error_of(azure_header + "2024-06-01 00:00:01,10,10\nyesterday,10,10\n", options_of("azure", 0.0)) ==
        ":3: column 'TIMESTAMP': 'yesterday' is neither seconds nor an ISO 8601 time (expected e.g. 12.5 or "
        "2024-01-01T00:00:00Z)");
  CHECK(error_of(azure_header + "2024-06-01 00:00:01,10,10\n", options_of("azure")) ==
        ":2: column 'TIMESTAMP': '2024-06-01 00:00:01' has no time zone (expected a zone such as Z or +02:00, or the "
        "trace's utc_offset)");
  CHECK(error_of(azure_header + "2024-06-31 00:00:01,10,10\n", options_of("azure", 0.0)) ==
        ":2: column 'TIMESTAMP': '2024-06-31 00:00:01' has day 31 but 2024-06 has 30 days");
  CHECK(error_of(azure_header + "2024-06-01 00:00:01,-5,10\n", options_of("azure", 0.0)) ==
        ":2: column 'ContextTokens': '-5' is not a token count (expected a finite number >= 0)");
  CHECK(error_of(azure_header + "2024-06-01 00:00:01,5\n", options_of("azure", 0.0)) ==
        ":2: has 2 fields, too few for column 'GeneratedTokens' (expected 3 or more, as in the header)");
  CHECK(error_of("time\n10\n5\n", options_of("terawatt")) ==
        ":3: column 'time': time goes backwards: '5' is 5 s after the start, before the previous 10 s (expected "
        "non-decreasing times)");
  CHECK(error_of("time\n2024-05-31T23:59:00Z\n", options_of("terawatt")) ==
        ":2: column 'time': '2024-05-31T23:59:00Z' is 60 s before the scenario start (expected arrivals at or after "
        "scenario.start 2024-06-01T00:00:00Z: set scenario.start to the trace's first time)");
  CHECK(error_of("# only a comment\n", options_of("terawatt")) ==
        ": empty trace (expected a header naming the column 'time', then one request per line)");
}

TEST_CASE("the named formats are the datasets' headers, and an unknown name has none") {
  CHECK(request_trace_format("azure")->input_tokens == "ContextTokens");
  CHECK(request_trace_format("burstgpt")->output_tokens == "Response tokens");
  CHECK_FALSE(request_trace_format("terawatt")->input_tokens);
  CHECK_FALSE(request_trace_format("azur"));
}

TEST_CASE("a sample's summary is its mean and nearest-rank percentiles") {
  std::vector<double> values;
  for (int i = 100; i >= 1; --i) values.push_back(i);  // 1..100, unsorted
  const auto summary = terawatt::summarise(values);
  CHECK(summary.mean == Approx(50.5));
  CHECK(summary.p50 == 50);  // ceil(0.5 x 100) = 50th value
  CHECK(summary.p90 == 90);
  CHECK(summary.p99 == 99);
  CHECK(terawatt::summarise({7}).p99 == 7);
  CHECK(terawatt::summarise({}).mean == 0);
}
