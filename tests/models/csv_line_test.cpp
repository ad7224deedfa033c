// RFC 4180 lines (models/base/csv_line.hpp) and the time forms of hourly exports (models/base/hour_start.hpp).

#include "models/base/csv_line.hpp"
#include "models/base/hour_start.hpp"
#include "models/base/iso8601.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using terawatt::CsvLineError;
using terawatt::parse_hour_start;
using terawatt::parse_iso8601_utc;
using terawatt::split_csv_line;
using terawatt::TimeError;

using Fields = std::vector<std::string>;

TEST_CASE("a plain CSV line splits at every comma, keeping empty fields") {
  CHECK(split_csv_line("a,b ,,c,") == Fields{"a", "b ", "", "c", ""});
  CHECK(split_csv_line("") == Fields{""});
}

TEST_CASE("a quoted field keeps its commas, and a doubled quote inside it is one quote") {
  CHECK(split_csv_line(R"("Area","MTU, UTC","say ""hi""",7)") == Fields{"Area", "MTU, UTC", R"(say "hi")", "7"});
  CHECK(split_csv_line(R"( "x" ,"")") == Fields{"x", ""});  // padding around quotes is dropped
}

TEST_CASE("a quote left open, text after a closing quote, or a stray quote is refused") {
  CHECK_THROWS_WITH(split_csv_line(R"(a,"open)"),
                    Catch::StartsWith("a quoted field starting at column 3 is not closed on this line"));
  CHECK_THROWS_WITH(split_csv_line(R"("a"b,c)"), Catch::StartsWith("text 'b' follows the closing quote of field 1"));
  CHECK_THROWS_WITH(split_csv_line(R"(a,b"c)"),
                    Catch::StartsWith("field 2 'b\"c' has a quote but does not start with one"));
  CHECK_THROWS_AS(split_csv_line(R"(")"), CsvLineError);
}

TEST_CASE("an hour start is ISO 8601 with a zone, or zone-less with a stated offset") {
  const double jan1 = parse_iso8601_utc("2023-01-01T00:00:00Z");
  CHECK(parse_hour_start("2023-01-01T00:00:00Z", std::nullopt) == jan1);
  CHECK(parse_hour_start(" 2023-01-01 00:00:00 ", 0.0) == jan1);
  // Local = UTC + offset: 01:00 at +1 h and 18:00 the day before at -6 h are midnight UTC; +5.5 h is +05:30.
  CHECK(parse_hour_start("2023-01-01 01:00", 1.0) == jan1);
  CHECK(parse_hour_start("2022-12-31 18:00:00", -6.0) == jan1);
  CHECK(parse_hour_start("2023-01-01 05:30", 5.5) == jan1);
  // A stated offset does not override a zone the text gives.
  CHECK(parse_hour_start("2023-01-01T00:00:00Z", 3.0) == jan1);
  CHECK_THROWS_WITH(
      parse_hour_start("2023-01-01 00:00:00", std::nullopt),
      Catch::Contains("has no time zone") && Catch::EndsWith("or state the UTC offset of the file's times"));
}

TEST_CASE("an ENTSO-E market time unit gives its start, and must be one hour in UTC") {
  CHECK(parse_hour_start("01.01.2023 00:00 - 01.01.2023 01:00 (UTC)", std::nullopt) ==
        parse_iso8601_utc("2023-01-01T00:00:00Z"));
  CHECK(parse_hour_start("31.12.2023 23:00 - 01.01.2024 00:00 (UTC)", std::nullopt) ==
        parse_iso8601_utc("2023-12-31T23:00:00Z"));
  CHECK_THROWS_WITH(parse_hour_start("01.01.2023 00:00 - 01.01.2023 00:15 (UTC)", std::nullopt),
                    Catch::Contains("is an interval of 15 min (expected hourly intervals"));
  CHECK_THROWS_WITH(parse_hour_start("01.01.2023 00:00 - 01.01.2023 01:00 (CET/CEST)", std::nullopt),
                    Catch::Contains("is in zone (CET/CEST), not (UTC)"));
  CHECK_THROWS_WITH(parse_hour_start("01.01.2023 00:00 (UTC)", std::nullopt),
                    Catch::Contains("is not an ENTSO-E interval"));
  CHECK_THROWS_WITH(parse_hour_start("32.01.2023 00:00 - 32.01.2023 01:00 (UTC)", std::nullopt),
                    Catch::Contains("has day 32"));
  CHECK_THROWS_AS(parse_hour_start("1.1.2023 00:00 - 1.1.2023 01:00 (UTC)", std::nullopt), TimeError);
}
