#include "sim/scenario/inference_arrivals_reader.hpp"

#include "models/workload/request_trace.hpp"
#include "models/workload/trace_file.hpp"
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <climits>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace terawatt {
namespace {

// The columns of a trace given as a mapping: its `columns`, or its named `format` (`terawatt` when neither is given).
RequestTraceColumns read_trace_columns(const YamlSource& context, const MapReader& trace) {
  if (trace.has("format") && trace.has("columns")) {
    trace.fail("columns", "conflicts with format (expected one of format, columns)");
  }
  if (trace.has("columns")) {
    const auto& spec = inference_trace_columns_section();
    const MapReader columns(context, trace.child("columns"), trace.child_path("columns"), spec);
    RequestTraceColumns named{*columns.text(spec.key("time")), columns.text(spec.key("input_tokens")),
                              columns.text(spec.key("output_tokens"))};
    for (const auto& [key, name] :
         {std::pair{"time", std::optional(named.time)}, std::pair{"input_tokens", named.input_tokens},
          std::pair{"output_tokens", named.output_tokens}}) {
      if (name && name->empty()) columns.fail(key, "empty column name (expected the name in the trace's header)");
    }
    return named;
  }
  const std::string name = trace.name(inference_trace_section().key("format")).value_or("terawatt");
  const auto format = request_trace_format(name);
  if (!format) {
    const auto& names = request_trace_format_names();
    trace.fail("format", "unknown format '" + name + "'" + did_you_mean(name, names) + " (expected " + join(names) +
                             ", or columns)");
  }
  return *format;
}

// The requests of a trace (`trace: file.csv`, or a mapping), and the mean rate they make over the run.
void read_trace(const YamlSource& context, const MapReader& map, const ScenarioInfo& info, const std::string& base_dir,
                InferenceService& service) {
  RequestTraceOptions options;
  options.start_epoch_s = info.start_epoch_s;
  std::string given;
  // Where a problem in the file is reported: the path's key.
  std::optional<MapReader> trace_map;
  if (map.child("trace").IsMap()) {
    const auto& spec = inference_trace_section();
    trace_map.emplace(context, map.child("trace"), map.child_path("trace"), spec);
    given = *trace_map->text(spec.key("file"));
    options.columns = read_trace_columns(context, *trace_map);
    options.utc_offset_h = trace_map->real(spec.key("utc_offset"));
    if (options.utc_offset_h && !(std::fabs(*options.utc_offset_h) <= 24.0)) {
      trace_map->fail("utc_offset", "is outside [-24, 24] hours");
    }
  } else {
    given = *map.text(inference_arrivals_section().key("trace"));
    options.columns = *request_trace_format("terawatt");
  }
  const auto fail = [&](const std::string& problem) {
    if (trace_map) trace_map->fail("file", problem);
    map.fail("trace", problem);
  };
  if (given.empty()) fail("empty path (expected a CSV file)");
  const std::string path = absolute_trace_path(given, base_dir);
  service.trace_file = path;
  try {
    RequestTrace trace = read_request_trace(path, options);
    service.trace_s = std::move(trace.arrival_s);
    service.trace_input_tokens = std::move(trace.input_tokens);
    service.trace_output_tokens = std::move(trace.output_tokens);
  } catch (const TraceFileError& e) {
    fail(e.what());
  }
  const double horizon = *info.duration_s;
  service.mean_rate_per_s = horizon > 0.0 ? static_cast<double>(service.trace_s.size()) / horizon : 0.0;
}

// The mean request rate: per day, from users, or from a trace of arrival times (kept in the service).
void read_demand(const YamlSource& context, const MapReader& map, const ScenarioInfo& info, const std::string& base_dir,
                 InferenceService& service) {
  const auto& spec = inference_arrivals_section();
  const bool per_day = map.has("requests_per_day");
  const bool users = map.has("users") || map.has("queries_per_user_per_day");
  const bool trace = map.has("trace");
  if (per_day + users + trace != 1) {
    map.fail(trace ? "trace" : "requests_per_day",
             per_day + users + trace == 0 ? "missing demand (expected requests_per_day, or users and "
                                            "queries_per_user_per_day, or trace)"
                                          : "give one of requests_per_day, users with queries_per_user_per_day, "
                                            "trace");
  }
  if (per_day) {
    service.mean_rate_per_s = rate_per_s_from_requests_per_day(non_negative_real(map, spec.key("requests_per_day")));
  } else if (users) {
    if (!map.has("users") || !map.has("queries_per_user_per_day")) {
      map.fail(map.has("users") ? "queries_per_user_per_day" : "users",
               "missing: users and "
               "queries_per_user_per_day go together");
    }
    const double users_count = non_negative_real(map, spec.key("users"));
    const double queries_per_user = non_negative_real(map, spec.key("queries_per_user_per_day"));
    if (!std::isfinite(users_count * queries_per_user)) {
      map.fail("users", "users x queries_per_user_per_day = " + short_number(users_count) + " x " +
                            short_number(queries_per_user) +
                            " requests a day is beyond the largest number "
                            "(expected a finite demand)");
    }
    service.mean_rate_per_s = rate_per_s_from_users(users_count, queries_per_user);
  } else {
    read_trace(context, map, info, base_dir, service);
    return;
  }
  const double per_day_count = service.mean_rate_per_s * 86400.0;
  if (!(per_day_count <= max_requests_per_day)) {
    map.fail(per_day ? "requests_per_day" : "users",
             short_number(per_day_count) + " requests a day is more than " + short_number(max_requests_per_day) +
                 ", over a thousand for every person on Earth (expected the service's real demand)");
  }
}

// The daily shape of the demand: 24 hourly weights, or a named shape, at the service's UTC offset.
void read_daily_profile(const MapReader& map, InferenceService& service) {
  const auto& spec = inference_arrivals_section();
  const double offset = *map.real(spec.key("utc_offset"));
  if (!(offset >= -24.0 && offset <= 24.0)) map.fail("utc_offset", "is outside [-24, 24] hours");
  if (map.has("hourly_weights")) {
    const YAML::Node list = map.child("hourly_weights");
    if (!list.IsSequence() || list.size() != 24) {
      map.fail("hourly_weights", "expected a list of 24 weights, found " + node_kind(list));
    }
    service.profile = arrival_profile_preset(DailyShape::flat, offset);
    double sum = 0.0;
    for (std::size_t h = 0; h < 24; ++h) {
      double weight = -1.0;
      try {
        weight = parse_number(list[h].IsScalar() ? list[h].Scalar() : std::string("?"));
      } catch (const UnitError&) {
      }
      if (!(weight >= 0.0)) map.fail("hourly_weights", "weight " + std::to_string(h) + " is not a number >= 0");
      service.profile.hour_weights[h] = weight;
      sum += weight;
    }
    if (!(sum > 0.0)) map.fail("hourly_weights", "all weights are zero (expected some hours with demand)");
  } else {
    const std::string name = *map.name(spec.key("daily_shape"));
    const auto shape = find_daily_shape(name);
    if (!shape) {
      map.fail("daily_shape", "unknown shape '" + name + "'" + did_you_mean(name, {"flat", "office", "consumer"}) +
                                  " (expected flat, office or consumer)");
    }
    service.profile = arrival_profile_preset(*shape, offset);
  }
}

}  // namespace

std::string absolute_trace_path(const std::string& path, const std::string& base_dir) {
  if (path.empty() || path.front() == '/') return path;
  const std::string joined = base_dir + "/" + path;
  char resolved[4096];
  return realpath(joined.c_str(), resolved) ? std::string(resolved) : joined;
}

void read_arrivals(const YamlSource& context, const MapReader& map, const ScenarioInfo& info,
                   const std::string& base_dir, InferenceService& service) {
  read_demand(context, map, info, base_dir, service);
  read_daily_profile(map, service);
}

void make_trace_path_absolute(YAML::Node arrivals, const std::string& base_dir) {
  if (!arrivals || !arrivals.IsMap() || !arrivals["trace"]) return;
  YAML::Node trace = arrivals["trace"];
  if (trace.IsMap() && trace["file"] && trace["file"].IsScalar()) {
    trace["file"] = absolute_trace_path(trace["file"].Scalar(), base_dir);
  } else if (trace.IsScalar()) {
    arrivals["trace"] = absolute_trace_path(trace.Scalar(), base_dir);
  }
}

std::optional<double> trace_mean_tokens(const std::vector<double>& tokens) {
  if (tokens.empty()) return std::nullopt;
  return summarise(tokens).mean;
}

}  // namespace terawatt
