#include "models/base/hour_start.hpp"

#include "models/base/iso8601.hpp"
#include "models/base/text_fields.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace terawatt {

namespace {

constexpr double seconds_per_hour = 3600.0;
constexpr std::string_view utc_suffix = "(UTC)";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "DD.MM.YYYY HH:MM" as ISO 8601 in UTC, read by the ISO parser; `whole` is the full field, for messages.
double mtu_end_point(std::string_view point, std::string_view whole) {
  const std::string_view p = trim(point);
  const bool shaped = p.size() == 16 && p[2] == '.' && p[5] == '.' && p[10] == ' ' && p[13] == ':';
  if (!shaped) {
    throw TimeError("'" + excerpt(whole) +
                    "' is not an ENTSO-E interval (expected 'DD.MM.YYYY HH:MM - DD.MM.YYYY HH:MM (UTC)')");
  }
  const std::string iso = std::string(p.substr(6, 4)) + "-" + std::string(p.substr(3, 2)) + "-" +
                          std::string(p.substr(0, 2)) + "T" + std::string(p.substr(11, 5)) + "Z";
  return parse_iso8601_utc(iso);
}

// ENTSO-E's "01.01.2023 00:00 - 01.01.2023 01:00 (UTC)": the start of a one-hour interval in UTC.
double mtu_start(std::string_view text) {
  const std::size_t dash = text.find(" - ");
  const std::size_t zone = text.rfind('(');
  if (dash == std::string_view::npos || zone == std::string_view::npos || zone < dash) {
    throw TimeError("'" + excerpt(text) +
                    "' is not an ENTSO-E interval (expected 'DD.MM.YYYY HH:MM - DD.MM.YYYY HH:MM (UTC)')");
  }
  if (trim(text.substr(zone)) != utc_suffix) {
    // CET/CEST and the like change offset twice a year: an hour would repeat or be missing at each change.
    throw TimeError("'" + excerpt(text) + "' is in zone " + std::string(trim(text.substr(zone))) +
                    ", not (UTC) (expected an export in UTC: a zone with daylight saving time repeats and skips "
                    "hours)");
  }
  const double start = mtu_end_point(text.substr(0, dash), text);
  const double end = mtu_end_point(text.substr(dash + 3, zone - dash - 3), text);
  if (end - start != seconds_per_hour) {
    throw TimeError("'" + excerpt(text) + "' is an interval of " + std::to_string(std::lround((end - start) / 60.0)) +
                    " min (expected hourly intervals: average a sub-hourly export to hours first, README "
                    "'Real grid data')");
  }
  return start;
}

}  // namespace

double parse_hour_start(std::string_view text, std::optional<double> utc_offset_h) {
  const std::string_view t = trim(text);
  // ENTSO-E's form starts with the day: "DD." where ISO 8601 starts with a 4-digit year.
  if (t.size() > 3 && is_digit(t[0]) && is_digit(t[1]) && t[2] == '.') return mtu_start(t);
  // A date-time (longer than YYYY-MM-DD) ending in a digit has no zone: append the stated one.
  const bool zone_less = t.size() > 10 && is_digit(t.back());
  if (zone_less && utc_offset_h) return parse_iso8601_at_offset(t, *utc_offset_h);
  try {
    return parse_iso8601_utc(t);
  } catch (const TimeError& e) {
    if (!zone_less) throw;
    throw TimeError(std::string(e.what()) + ", or state the UTC offset of the file's times");
  }
}

}  // namespace terawatt
