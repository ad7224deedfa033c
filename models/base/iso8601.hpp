#pragma once
// ISO 8601 timestamps as seconds since the Unix epoch, always in UTC. Conversion is pure arithmetic on the
// proleptic Gregorian calendar (no timegm, no TZ database, no locale) so results do not depend on the host.

#include <stdexcept>
#include <string>
#include <string_view>

namespace terawatt {

// Thrown for malformed or out-of-range timestamps; what() quotes the text and says what is wrong.
struct TimeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Seconds since 1970-01-01T00:00:00Z. Accepts a date ("2024-01-01", read as midnight UTC) or a date-time with
// 'T' or one space between date and time, hours and minutes, optional seconds, optional fractional seconds, and a
// zone that is 'Z' or an offset +HH:MM / -HH:MM: "2024-01-01T00:00:00Z", "2024-01-01T06:30:00+02:00",
// "2024-01-01T00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.5Z". Years are 0000-9999.
// A date-time without a zone is rejected: reading it as host-local time would make runs irreproducible.
double parse_iso8601_utc(std::string_view text);

// "2024-01-01T00:00:00Z"; rounded to the millisecond, with ".sss" appended only when the milliseconds are non-zero.
// Throws TimeError for non-finite input or a year outside 0000-9999 (which parse_iso8601_utc could not read back).
std::string format_iso8601_utc(double seconds_since_epoch);

// A date-time written without a zone ("2024-01-01 01:00:00"), read at a stated UTC offset (local = UTC + offset, so
// -6 for US Central standard time): what data files that keep local or unlabelled times need. A date alone is its
// midnight there. Throws TimeError quoting the text as written.
double parse_iso8601_at_offset(std::string_view zoneless, double utc_offset_h);

}  // namespace terawatt
