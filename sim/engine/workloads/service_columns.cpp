#include "sim/engine/workloads/service_columns.hpp"

namespace terawatt {

const std::vector<Column<ServiceSample>>& service_series_columns() {
  using S = ServiceSample;
  static const std::vector<Column<S>> columns{
      {{"request_rate", "1/s", "requests arrived per second, interval mean", "service"},
       [](const S& s) { return s.interval.arrived / s.length_s; }},
      {{"served_rate", "1/s", "requests completed per second, interval mean", "service"},
       [](const S& s) { return s.interval.served / s.length_s; }},
      {{"token_rate", "1/s", "output tokens generated per second, interval mean", "service"},
       [](const S& s) { return s.interval.served * s.output.output_tokens / s.length_s; }},
      {{"image_rate", "1/s", "images generated per second, interval mean", "service"},
       [](const S& s) { return s.interval.served * s.output.images / s.length_s; }},
      {{"video_rate", "1", "seconds of video generated per second, interval mean", "service"},
       [](const S& s) { return s.interval.served * s.output.video_s / s.length_s; }},
      {{"queue_length", "1", "requests waiting at the end of the interval (batch and fluid: the backlog)", "service"},
       [](const S& s) { return s.interval.queue_length; }},
      {{"serving_replicas", "1", "replicas serving, interval mean", "service"},
       [](const S& s) { return s.interval.serving_replicas; }},
      {{"busy_fraction", "1", "share of serving replica-time holding at least one request", "service"},
       [](const S& s) { return s.interval.busy_fraction; }},
      {{"latency_mean", "s", "mean latency (arrival to last output) of the requests completed in the interval",
        "service"},
       [](const S& s) { return s.interval.latency_mean_s; }},
      {{"latency_p50", "s", "median latency of the interval's requests (request fidelity; else NaN)", "service"},
       [](const S& s) { return s.interval.latency_p50_s; }},
      {{"latency_p99", "s", "99th-percentile latency of the interval's requests (request fidelity; else NaN)",
        "service"},
       [](const S& s) { return s.interval.latency_p99_s; }},
  };
  return columns;
}

}  // namespace terawatt
