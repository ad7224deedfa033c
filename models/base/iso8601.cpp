#include "models/base/iso8601.hpp"

#include "models/base/civil_calendar.hpp"
#include "models/base/text_fields.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace terawatt {

namespace {

constexpr std::int64_t seconds_per_day = 86400;

// Walks the text left to right; every failure names the original text so callers only prepend file:line:key.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), rest_(trim(text)) {}

  double parse() {
    const std::int64_t year = digits(4, "a 4-digit year");
    expect('-', "'-' after the year");
    const auto month = static_cast<unsigned>(digits(2, "a 2-digit month"));
    expect('-', "'-' after the month");
    const auto day = static_cast<unsigned>(digits(2, "a 2-digit day"));
    if (month < 1 || month > 12) fail("has month " + two_digits(month) + " (expected 01-12)");
    const unsigned month_length = days_in_month(year, month);
    if (day < 1 || day > month_length) {
      fail("has day " + two_digits(day) + " but " + four_digits(year) + "-" + two_digits(month) + " has " +
           std::to_string(month_length) + " days");
    }
    const double midnight = static_cast<double>(days_from_civil(year, month, day) * seconds_per_day);
    if (rest_.empty()) return midnight;

    if (!consume('T') && !consume(' ')) fail(shape_hint());
    const std::int64_t hour = digits(2, "a 2-digit hour");
    expect(':', "':' between hour and minute");
    const std::int64_t minute = digits(2, "a 2-digit minute");
    std::int64_t second = 0;
    double fraction = 0.0;
    if (consume(':')) {
      second = digits(2, "2-digit seconds");
      if (consume('.')) fraction = fraction_digits();
    }
    if (hour > 23) fail("has hour " + two_digits(hour) + " (expected 00-23)");
    if (minute > 59) fail("has minute " + two_digits(minute) + " (expected 00-59)");
    // POSIX time has no leap seconds, so :60 cannot be represented and is refused rather than folded.
    if (second > 59) fail("has second " + two_digits(second) + " (expected 00-59)");

    const std::int64_t offset_seconds = zone_offset();
    if (!rest_.empty()) fail("has unexpected text '" + std::string(rest_) + "' after the time zone");

    const std::int64_t whole = hour * 3600 + minute * 60 + second - offset_seconds;
    return midnight + static_cast<double>(whole) + fraction;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw TimeError("'" + excerpt(text_) + "' " + problem); }

  static std::string shape_hint() {
    return "is not an ISO 8601 date or date-time (expected e.g. 2024-01-01 or 2024-01-01T00:00:00Z)";
  }

  static std::string two_digits(std::int64_t value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%02lld", static_cast<long long>(value));
    return buffer;
  }

  static std::string four_digits(std::int64_t value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04lld", static_cast<long long>(value));
    return buffer;
  }

  bool consume(char c) {
    if (rest_.empty() || rest_.front() != c) return false;
    rest_.remove_prefix(1);
    return true;
  }

  void expect(char c, const std::string& what) {
    if (!consume(c)) fail(shape_hint() + ": missing " + what);
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  std::int64_t digits(std::size_t count, const std::string& what) {
    if (rest_.size() < count) fail(shape_hint() + ": missing " + what);
    std::int64_t value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (!is_digit(rest_[i])) fail(shape_hint() + ": missing " + what);
      value = value * 10 + (rest_[i] - '0');
    }
    rest_.remove_prefix(count);
    // Exactly `count` digits: "2024-001-01" or a 5-digit year is malformed, not silently reinterpreted.
    if (!rest_.empty() && is_digit(rest_.front())) fail(shape_hint() + ": too many digits in " + what);
    return value;
  }

  double fraction_digits() {
    if (rest_.empty() || !is_digit(rest_.front())) fail(shape_hint() + ": missing digits after '.'");
    double value = 0.0;
    double scale = 0.1;
    while (!rest_.empty() && is_digit(rest_.front())) {
      value += (rest_.front() - '0') * scale;
      scale /= 10.0;
      rest_.remove_prefix(1);
    }
    return value;
  }

  // Seconds to subtract from the local wall-clock time to get UTC.
  std::int64_t zone_offset() {
    if (rest_.empty()) fail("has no time zone: append Z for UTC (or an offset such as +02:00)");
    if (consume('Z')) return 0;
    const std::string bad_zone = "has time zone '" + std::string(rest_) + "' (expected Z or an offset such as +02:00)";
    const char sign_char = rest_.front();
    if (sign_char != '+' && sign_char != '-') fail(bad_zone);
    // Only the extended form +HH:MM: the date and time are in extended format, and ISO 8601 does not mix it with
    // the basic +HHMM form.
    const std::string_view offset = rest_.substr(1, 5);
    if (offset.size() != 5 || !is_digit(offset[0]) || !is_digit(offset[1]) || offset[2] != ':' ||
        !is_digit(offset[3]) || !is_digit(offset[4])) {
      fail(bad_zone);
    }
    const std::int64_t hours = (offset[0] - '0') * 10 + (offset[1] - '0');
    const std::int64_t minutes = (offset[3] - '0') * 10 + (offset[4] - '0');
    rest_.remove_prefix(6);
    if (hours > 23) fail("has offset hours " + two_digits(hours) + " (expected 00-23)");
    if (minutes > 59) fail("has offset minutes " + two_digits(minutes) + " (expected 00-59)");
    const std::int64_t magnitude = hours * 3600 + minutes * 60;
    return sign_char == '+' ? magnitude : -magnitude;
  }

  std::string_view text_;
  std::string_view rest_;
};

}  // namespace

double parse_iso8601_utc(std::string_view text) {
  return Parser(text).parse();
}

std::string format_iso8601_utc(double seconds_since_epoch) {
  if (!std::isfinite(seconds_since_epoch)) throw TimeError("cannot format a non-finite time as ISO 8601");
  // Years 0000-9999 span about +-2.6e11 s; the guard keeps llround well inside int64 before the exact check below.
  if (std::fabs(seconds_since_epoch) > 1e12) {
    throw TimeError("cannot format " + std::to_string(seconds_since_epoch) + " s: year outside 0000-9999");
  }
  const long long total_ms = std::llround(seconds_since_epoch * 1000.0);
  // Floor division, so times before 1970 land on the previous day/second with a positive remainder.
  long long whole_seconds = total_ms / 1000;
  long long millis = total_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    whole_seconds -= 1;
  }
  std::int64_t days = whole_seconds / seconds_per_day;
  std::int64_t second_of_day = whole_seconds % seconds_per_day;
  if (second_of_day < 0) {
    second_of_day += seconds_per_day;
    days -= 1;
  }
  const CivilDate date = civil_from_days(days);
  if (date.year < 0 || date.year > 9999) {
    throw TimeError("cannot format " + std::to_string(seconds_since_epoch) + " s: year outside 0000-9999");
  }

  char buffer[64];
  const int hour = static_cast<int>(second_of_day / 3600);
  const int minute = static_cast<int>(second_of_day / 60 % 60);
  const int second = static_cast<int>(second_of_day % 60);
  if (millis == 0) {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(date.year),
                  date.month, date.day, hour, minute, second);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02d:%02d:%02d.%03lldZ", static_cast<long long>(date.year),
                  date.month, date.day, hour, minute, second, millis);
  }
  return buffer;
}

double parse_iso8601_at_offset(std::string_view zoneless, double utc_offset_h) {
  std::string text(trim(zoneless));
  if (text.size() == 10) text += "T00:00";  // "YYYY-MM-DD": its midnight
  const long minutes = std::lround(std::fabs(utc_offset_h) * 60.0);
  char offset[32];
  std::snprintf(offset, sizeof offset, "%c%02ld:%02ld", utc_offset_h < 0.0 ? '-' : '+', minutes / 60, minutes % 60);
  try {
    return parse_iso8601_utc(text + offset);
  } catch (const TimeError&) {
    parse_iso8601_utc(text);  // the problem with the date or time itself, quoting the text as written
    throw;
  }
}

}  // namespace terawatt
