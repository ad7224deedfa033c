#include "models/base/iso8601.hpp"

#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <string_view>

using terawatt::format_iso8601_utc;
using terawatt::parse_iso8601_at_offset;
using terawatt::parse_iso8601_utc;
using terawatt::TimeError;

namespace {

std::string error_of(std::string_view text) {
  try {
    parse_iso8601_utc(text);
  } catch (const TimeError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the Unix epoch is zero", "[iso8601]") {
  CHECK(parse_iso8601_utc("1970-01-01") == 0.0);
  CHECK(parse_iso8601_utc("1970-01-01T00:00:00Z") == 0.0);
  CHECK(format_iso8601_utc(0.0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("known instants parse to their Unix time", "[iso8601]") {
  CHECK(parse_iso8601_utc("2024-01-01") == 1704067200.0);
  CHECK(parse_iso8601_utc("2024-01-01T00:00:00Z") == 1704067200.0);
  CHECK(parse_iso8601_utc("2000-01-01T00:00:00Z") == 946684800.0);
  CHECK(parse_iso8601_utc("2038-01-19T03:14:07Z") == 2147483647.0);
  CHECK(parse_iso8601_utc("1969-12-31T23:59:59Z") == -1.0);
  CHECK(parse_iso8601_utc("1900-01-01T00:00:00Z") == -2208988800.0);
  CHECK(parse_iso8601_utc("2024-03-10T12:34:56Z") == 1710074096.0);
}

TEST_CASE("accepted date-time shapes", "[iso8601]") {
  const double midnight = 1704067200.0;  // 2024-01-01T00:00:00Z
  CHECK(parse_iso8601_utc("2024-01-01T00:00Z") == midnight);
  CHECK(parse_iso8601_utc("2024-01-01 00:00:00Z") == midnight);
  CHECK(parse_iso8601_utc("  2024-01-01T00:00:00Z  ") == midnight);
  CHECK(parse_iso8601_utc("2024-01-01T00:00:00.5Z") == midnight + 0.5);
  CHECK(parse_iso8601_utc("2024-01-01T00:00:00.250Z") == midnight + 0.25);
  CHECK(parse_iso8601_utc("2024-01-01T23:59:59Z") == midnight + 86399.0);
}

TEST_CASE("offsets are subtracted to reach UTC", "[iso8601]") {
  const double midnight = 1704067200.0;
  CHECK(parse_iso8601_utc("2024-01-01T06:30:00+02:00") == midnight + 4.5 * 3600.0);
  CHECK(parse_iso8601_utc("2024-01-01T02:00:00+02:00") == midnight);
  CHECK(parse_iso8601_utc("2023-12-31T19:00:00-05:00") == midnight);
  CHECK(parse_iso8601_utc("2024-01-01T05:30:00+05:30") == midnight);
  CHECK(parse_iso8601_utc("2024-01-01T00:00:00+00:00") == midnight);
  CHECK(parse_iso8601_utc("2024-01-01T00:00:00-00:00") == midnight);
  CHECK(parse_iso8601_utc("2024-01-01T00:00+01:00") == midnight - 3600.0);
}

TEST_CASE("leap years follow the Gregorian rules", "[iso8601]") {
  CHECK(parse_iso8601_utc("2000-02-29") == 951782400.0);  // divisible by 400: leap
  CHECK(parse_iso8601_utc("2024-02-29") == 1709164800.0);
  CHECK(parse_iso8601_utc("2000-03-01") - parse_iso8601_utc("2000-02-28") == 2 * 86400.0);
  CHECK(parse_iso8601_utc("1900-03-01") - parse_iso8601_utc("1900-02-28") == 86400.0);
  CHECK(error_of("2023-02-29") == "'2023-02-29' has day 29 but 2023-02 has 28 days");
  CHECK(contains(error_of("1900-02-29"), "has day 29 but 1900-02 has 28 days"));  // divisible by 100: not leap
  CHECK(contains(error_of("2024-02-30"), "has day 30 but 2024-02 has 29 days"));
}

TEST_CASE("month and day ranges are validated", "[iso8601]") {
  CHECK(error_of("2024-13-01") == "'2024-13-01' has month 13 (expected 01-12)");
  CHECK(contains(error_of("2024-00-10"), "has month 00"));
  CHECK(contains(error_of("2024-01-00"), "has day 00"));
  CHECK(contains(error_of("2024-04-31"), "has day 31 but 2024-04 has 30 days"));
  CHECK(contains(error_of("2024-01-32"), "has day 32 but 2024-01 has 31 days"));
  CHECK(parse_iso8601_utc("2024-12-31") == 1735603200.0);
}

TEST_CASE("time-of-day ranges are validated", "[iso8601]") {
  CHECK(error_of("2024-01-01T24:00:00Z") == "'2024-01-01T24:00:00Z' has hour 24 (expected 00-23)");
  CHECK(contains(error_of("2024-01-01T00:60:00Z"), "has minute 60"));
  CHECK(contains(error_of("2024-01-01T00:00:60Z"), "has second 60"));
  CHECK(contains(error_of("2024-01-01T00:00:00+24:00"), "has offset hours 24"));
  CHECK(contains(error_of("2024-01-01T00:00:00+01:60"), "has offset minutes 60"));
  CHECK(error_of("2024-01-01T00:00:00+0200") ==
        "'2024-01-01T00:00:00+0200' has time zone '+0200' (expected Z or an offset such as +02:00)");
  CHECK(contains(error_of("2024-01-01T00:00:00+02:005"), "has unexpected text '5' after the time zone"));
}

TEST_CASE("a date-time without a time zone is rejected", "[iso8601]") {
  CHECK(error_of("2024-01-01T00:00:00") ==
        "'2024-01-01T00:00:00' has no time zone: append Z for UTC (or an offset such as +02:00)");
  CHECK(contains(error_of("2024-01-01T00:00"), "has no time zone"));
  CHECK(contains(error_of("2024-01-01 12:00:00.5"), "has no time zone"));
}

TEST_CASE("malformed timestamps are rejected", "[iso8601]") {
  for (const char* bad : {"",
                          "  ",
                          "2024",
                          "2024-01",
                          "24-01-01",
                          "2024-1-01",
                          "2024-01-1",
                          "2024/01/01",
                          "20240101",
                          "02024-01-01",
                          "2024-001-01",
                          "2024-01-01T",
                          "2024-01-01T00Z",
                          "2024-01-01T0:00Z",
                          "2024-01-01T00:00:0Z",
                          "2024-01-01T00:00:00.Z",
                          "2024-01-01Z",
                          "2024-01-01t00:00:00Z",
                          "2024-01-01T00:00:00z",
                          "2024-01-01T00:00:00 Z",
                          "2024-01-01T00:00:00+02",
                          "2024-01-01T00:00:00+0200",
                          "2024-01-01T00:00:00ZZ",
                          "2024-01-01T00:00:00Z junk",
                          "2024-01-01  00:00:00Z",
                          "2024-01-01T00:00.5Z",
                          "-2024-01-01",
                          "abcd-ef-gh"}) {
    INFO("text: '" << bad << "'");
    CHECK_THROWS_AS(parse_iso8601_utc(bad), TimeError);
  }
  CHECK(error_of("2024/01/01") ==
        "'2024/01/01' is not an ISO 8601 date or date-time (expected e.g. 2024-01-01 or 2024-01-01T00:00:00Z): "
        "missing '-' after the year");
}

TEST_CASE("formatting writes whole seconds and milliseconds only when present", "[iso8601]") {
  CHECK(format_iso8601_utc(1704067200.0) == "2024-01-01T00:00:00Z");
  CHECK(format_iso8601_utc(1704067200.5) == "2024-01-01T00:00:00.500Z");
  CHECK(format_iso8601_utc(1704067200.123) == "2024-01-01T00:00:00.123Z");
  CHECK(format_iso8601_utc(1704067200.0004) == "2024-01-01T00:00:00Z");  // rounds to the millisecond
  CHECK(format_iso8601_utc(1704067199.9996) == "2024-01-01T00:00:00Z");  // and carries into the second
  CHECK(format_iso8601_utc(-1.0) == "1969-12-31T23:59:59Z");
  CHECK(format_iso8601_utc(-0.25) == "1969-12-31T23:59:59.750Z");
  CHECK(format_iso8601_utc(951782400.0 + 86399.0) == "2000-02-29T23:59:59Z");
  CHECK(format_iso8601_utc(253402300799.0) == "9999-12-31T23:59:59Z");
}

TEST_CASE("formatting rejects what it could not read back", "[iso8601]") {
  CHECK_THROWS_AS(format_iso8601_utc(std::numeric_limits<double>::quiet_NaN()), TimeError);
  CHECK_THROWS_AS(format_iso8601_utc(std::numeric_limits<double>::infinity()), TimeError);
  CHECK_THROWS_AS(format_iso8601_utc(253402300800.0), TimeError);  // 10000-01-01
  CHECK_THROWS_AS(format_iso8601_utc(-62167219201.0), TimeError);  // one second before 0000-01-01
  CHECK(format_iso8601_utc(-62167219200.0) == "0000-01-01T00:00:00Z");
  CHECK_THROWS_AS(format_iso8601_utc(1e300), TimeError);
}

TEST_CASE("format and parse round-trip", "[iso8601]") {
  for (const char* canonical :
       {"1970-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "2000-02-29T12:00:00Z", "2024-02-29T23:59:59Z",
        "1969-07-20T20:17:40Z", "2100-03-01T00:00:00Z", "2024-06-30T08:15:30.250Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z", "1601-01-01T00:00:00Z"}) {
    INFO(canonical);
    CHECK(format_iso8601_utc(parse_iso8601_utc(canonical)) == canonical);
  }
  CHECK(format_iso8601_utc(parse_iso8601_utc("2024-01-01T06:30:00+02:00")) == "2024-01-01T04:30:00Z");
  CHECK(format_iso8601_utc(parse_iso8601_utc("2024-01-01")) == "2024-01-01T00:00:00Z");

  SECTION("every day of a leap and a common year survives the round trip") {
    const double start = parse_iso8601_utc("2023-01-01");
    for (int day = 0; day < 366 * 2; ++day) {
      const double t = start + day * 86400.0 + 3723.0;
      CHECK(parse_iso8601_utc(format_iso8601_utc(t)) == t);
    }
  }
}

TEST_CASE("a zone-less time is read at a stated UTC offset, a date alone at its midnight there") {
  CHECK(parse_iso8601_at_offset("2024-01-01 01:00:00", -6.0) == parse_iso8601_utc("2024-01-01T07:00:00Z"));
  CHECK(parse_iso8601_at_offset("2024-01-01", 2.0) == parse_iso8601_utc("2023-12-31T22:00:00Z"));
  CHECK(parse_iso8601_at_offset("2024-01-01T00:00", 5.5) == parse_iso8601_utc("2023-12-31T18:30:00Z"));
  CHECK_THROWS_WITH(parse_iso8601_at_offset("2024-02-30 00:00", 0.0), Catch::Contains("'2024-02-30 00:00'"));
}
