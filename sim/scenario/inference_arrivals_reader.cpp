#include "sim/scenario/inference_arrivals_reader.hpp"

#include "models/base/input_file.hpp"
#include "models/base/text_fields.hpp"
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace terawatt {
namespace {

// The arrival times of a trace, and the mean rate they make over the run.
void read_trace(const MapReader& map, const ScenarioInfo& info, const std::string& base_dir,
                InferenceService& service) {
  const auto& spec = inference_arrivals_section();
  const std::string given = *map.text(spec.key("trace"));
  if (given.empty()) map.fail("trace", "empty path (expected a CSV file)");
  const std::string path = absolute_trace_path(given, base_dir);
  service.trace_file = path;
  try {
    service.trace_s = read_arrival_trace(path);
  } catch (const ScenarioError& e) {
    map.fail("trace", e.what());
  }
  const double horizon = *info.duration_s;
  service.mean_rate_per_s = horizon > 0.0 ? static_cast<double>(service.trace_s.size()) / horizon : 0.0;
}

// The mean request rate: per day, from users, or from a trace of arrival times (kept in the service).
void read_demand(const MapReader& map, const ScenarioInfo& info, const std::string& base_dir,
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
    read_trace(map, info, base_dir, service);
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

void read_arrivals(const MapReader& map, const ScenarioInfo& info, const std::string& base_dir,
                   InferenceService& service) {
  read_demand(map, info, base_dir, service);
  read_daily_profile(map, service);
}

std::vector<double> read_arrival_trace(const std::string& path) {
  const std::string problem = input_file_problem(path, max_data_file_bytes, "trace");
  if (!problem.empty()) throw ScenarioError(path, "", problem);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path, "", "cannot open the trace: " + std::string(std::strerror(errno)));
  std::string line;
  std::size_t number = 0;
  bool header = false;
  std::vector<double> times;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const std::string where = path + ":" + std::to_string(number);
    if (!header) {
      // Not echoed: a path to some other file would otherwise print that file's first line.
      if (line != "time")
        throw ScenarioError(where, "", "is not the header 'time' (expected 'time' on the first line)");
      header = true;
      continue;
    }
    double value = 0.0;
    try {
      value = parse_number(line);
    } catch (const UnitError& e) {
      throw ScenarioError(where, "", e.what());
    }
    if (!std::isfinite(value) || value < 0.0) {
      throw ScenarioError(where, "", "arrival time " + excerpt(line) + " is not a finite time >= 0 s");
    }
    if (!times.empty() && value < times.back()) {
      throw ScenarioError(where, "",
                          "time goes backwards: " + excerpt(line) + " s after " + short_number(times.back()) +
                              " s (expected non-decreasing times)");
    }
    times.push_back(value);
  }
  if (!header) throw ScenarioError(path, "", "empty trace (expected a header 'time' and one arrival per line)");
  return times;
}

}  // namespace terawatt
