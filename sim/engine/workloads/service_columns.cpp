#include "sim/engine/workloads/service_columns.hpp"

#include <utility>

namespace terawatt {

namespace {

// A statistic over the requests completed in the interval, not over time, so no cell method applies.
CfDescription over_requests(std::string comment) {
  return {std::move(comment), "", ""};
}

}  // namespace

const std::vector<Column<ServiceSample>>& service_series_columns() {
  using S = ServiceSample;
  static const std::vector<Column<S>> columns{
      {{"request_rate", "s^-1", "request rate", "service", interval_mean("requests arrived per second")},
       [](const S& s) { return s.interval.arrived / s.length_s; }},
      {{"served_rate", "s^-1", "served rate", "service", interval_mean("requests completed per second")},
       [](const S& s) { return s.interval.served / s.length_s; }},
      {{"token_rate", "s^-1", "token rate", "service", interval_mean("output tokens generated per second")},
       [](const S& s) { return s.interval.tokens_served / s.length_s; }},
      {{"image_rate", "s^-1", "image rate", "service", interval_mean("images generated per second")},
       [](const S& s) { return s.interval.served * s.output.images / s.length_s; }},
      {{"video_rate", "1", "video rate", "service", interval_mean("seconds of video generated per second")},
       [](const S& s) { return s.interval.video_s_served / s.length_s; }},
      {{"queue_length", "1", "queue length", "service",
        value_at_end("requests waiting at the end of the interval (batch and fluid fidelity: the backlog)")},
       [](const S& s) { return s.interval.queue_length; }},
      {{"serving_replicas", "1", "serving replicas", "service", interval_mean("replicas serving")},
       [](const S& s) { return s.interval.serving_replicas; }},
      {{"busy_fraction", "1", "busy fraction", "service",
        interval_mean("share of serving replica-time holding at least one request")},
       [](const S& s) { return s.interval.busy_fraction; }},
      {{"latency_mean", "s", "mean latency", "service",
        over_requests("mean latency, arrival to last output, of the requests completed in the interval")},
       [](const S& s) { return s.interval.latency_mean_s; }},
      {{"latency_p50", "s", "median latency", "service",
        over_requests("median latency of the requests completed in the interval; NaN below request fidelity")},
       [](const S& s) { return s.interval.latency_p50_s; }},
      {{"latency_p99", "s", "p99 latency", "service",
        over_requests("99th-percentile latency of the requests completed in the interval; NaN below request fidelity")},
       [](const S& s) { return s.interval.latency_p99_s; }},
      {{"ttft_p50", "s", "median time to first token", "service",
        over_requests("median time to first token of the requests completed in the interval; iteration fidelity")},
       [](const S& s) { return s.interval.tokens.ttft_p50_s; }},
      {{"ttft_p99", "s", "p99 time to first token", "service",
        over_requests("99th-percentile time to first token of the requests completed in the interval; iteration "
                      "fidelity")},
       [](const S& s) { return s.interval.tokens.ttft_p99_s; }},
      {{"tpot_p50", "s", "median time per output token", "service",
        over_requests("median time per output token of the requests completed in the interval; iteration fidelity")},
       [](const S& s) { return s.interval.tokens.tpot_p50_s; }},
      {{"tpot_p99", "s", "p99 time per output token", "service",
        over_requests("99th-percentile time per output token of the requests completed in the interval; iteration "
                      "fidelity")},
       [](const S& s) { return s.interval.tokens.tpot_p99_s; }},
  };
  return columns;
}

}  // namespace terawatt
