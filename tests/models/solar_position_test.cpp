#include "models/supply/solar_position.hpp"

#include "models/base/iso8601.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using terawatt::cos_solar_zenith;
using terawatt::equation_of_time_min;
using terawatt::extraterrestrial_normal_irradiance_w_per_m2;
using terawatt::parse_iso8601_utc;
using terawatt::solar_declination_rad;

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double degrees_per_radian = 180.0 / pi;
// Obliquity of the ecliptic, the declination at the solstices (IAU, about 23.44 deg this century).
constexpr double obliquity_deg = 23.44;

// Solar noon of the UTC day containing day_start: the time of the smallest zenith angle, scanned minute by minute,
// and that angle in degrees.
struct Noon {
  double epoch_s = 0.0;
  double zenith_deg = 0.0;
};
Noon solar_noon(double day_start_epoch_s, double latitude_deg, double longitude_deg) {
  Noon noon;
  double best = -2.0;
  for (int minute = 0; minute < 1440; ++minute) {
    const double t = day_start_epoch_s + 60.0 * minute;
    const double cos_zenith = cos_solar_zenith(t, latitude_deg, longitude_deg);
    if (cos_zenith > best) {
      best = cos_zenith;
      noon.epoch_s = t;
    }
  }
  noon.zenith_deg = std::acos(best) * degrees_per_radian;
  return noon;
}

struct Site {
  double latitude_deg;
  double longitude_deg;
};
// Singapore, Phoenix, Stockholm, and a southern site (Sydney) for the sign of the latitude.
constexpr Site sites[] = {{1.37, 103.98}, {33.43, -112.01}, {59.34, 18.05}, {-33.87, 151.21}};

}  // namespace

TEST_CASE("solar noon zenith is the latitude minus the declination at equinox and solstices", "[solar]") {
  // The true declination: 0 at the March equinox (2023-03-20 21:24 UTC), moving north by about 0.39 deg a day
  // (sin(obliquity) times the sun's 0.99 deg/day along the ecliptic in March); +-obliquity at the solstices
  // (2023-06-21 14:58 and 2023-12-22 03:27 UTC), where it changes by under 0.01 deg in a day.
  const double equinox = parse_iso8601_utc("2023-03-20T21:24:00Z");
  constexpr double equinox_rate_deg_per_day = 0.39;
  struct Event {
    const char* day;
    double declination_deg;  // at the event
    double rate_deg_per_day;
    double moment_epoch_s;
  };
  const Event events[] = {{"2023-03-20T00:00:00Z", 0.0, equinox_rate_deg_per_day, equinox},
                          {"2023-06-21T00:00:00Z", obliquity_deg, 0.0, 0.0},
                          {"2023-12-22T00:00:00Z", -obliquity_deg, 0.0, 0.0}};
  for (const Event& event : events) {
    for (const Site& site : sites) {
      INFO(event.day << " latitude " << site.latitude_deg);
      const Noon noon = solar_noon(parse_iso8601_utc(event.day), site.latitude_deg, site.longitude_deg);
      const double declination_deg =
          event.declination_deg + event.rate_deg_per_day * (noon.epoch_s - event.moment_epoch_s) / 86400.0;
      CHECK(noon.zenith_deg == Approx(std::fabs(site.latitude_deg - declination_deg)).margin(0.5));
    }
  }
}

TEST_CASE("declination and equation of time follow the seasons", "[solar]") {
  CHECK(solar_declination_rad(parse_iso8601_utc("2023-06-21T15:00:00Z")) * degrees_per_radian ==
        Approx(obliquity_deg).margin(0.1));
  CHECK(solar_declination_rad(parse_iso8601_utc("2023-12-22T03:00:00Z")) * degrees_per_radian ==
        Approx(-obliquity_deg).margin(0.1));
  // The equation of time peaks at about +16.4 min in early November and -14.2 min in mid-February (e.g. the US
  // Naval Observatory's almanac).
  CHECK(equation_of_time_min(parse_iso8601_utc("2023-11-03T12:00:00Z")) == Approx(16.4).margin(0.5));
  CHECK(equation_of_time_min(parse_iso8601_utc("2023-02-11T12:00:00Z")) == Approx(-14.2).margin(0.5));
}

TEST_CASE("the sun is below the horizon at night and in the polar night", "[solar]") {
  // Phoenix (UTC-7) at local midnight; Stockholm at local midnight on the December solstice.
  CHECK(cos_solar_zenith(parse_iso8601_utc("2023-06-21T07:00:00Z"), 33.43, -112.01) < 0.0);
  CHECK(cos_solar_zenith(parse_iso8601_utc("2023-12-21T23:00:00Z"), 59.34, 18.05) < 0.0);
  // Beyond the Arctic circle the December sun never rises.
  const double day = parse_iso8601_utc("2023-12-21T00:00:00Z");
  for (int hour = 0; hour < 24; ++hour) CHECK(cos_solar_zenith(day + 3600.0 * hour, 78.22, 15.65) < 0.0);
}

TEST_CASE("extraterrestrial irradiance peaks at perihelion", "[solar]") {
  // Perihelion about Jan 4 (0.9833 au: factor 1.0342), aphelion about Jul 6 (1.0167 au: factor 0.9674).
  CHECK(extraterrestrial_normal_irradiance_w_per_m2(parse_iso8601_utc("2023-01-04T00:00:00Z")) ==
        Approx(1361.0 * 1.0342).margin(2.0));
  CHECK(extraterrestrial_normal_irradiance_w_per_m2(parse_iso8601_utc("2023-07-06T00:00:00Z")) ==
        Approx(1361.0 * 0.9674).margin(2.0));
}

TEST_CASE("solar position rejects bad coordinates and times", "[solar]") {
  CHECK_THROWS_AS(cos_solar_zenith(0.0, 91.0, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(cos_solar_zenith(0.0, 0.0, -181.0), std::invalid_argument);
  CHECK_THROWS_AS(cos_solar_zenith(std::nan(""), 0.0, 0.0), std::invalid_argument);
  CHECK_THROWS_WITH(cos_solar_zenith(0.0, 100.0, 0.0), Catch::Contains("latitude_deg"));
}

TEST_CASE("the sun's highest point in a span is found without sampling it", "[solar]") {
  // Phoenix, a summer day: sampled every 10 s, no point of any hour lies above the span's maximum, and the maximum is
  // reached (within the sampling) by a point of the span.
  const double day = 1718409600.0;  // 2024-06-15T00:00:00Z
  for (int h = 0; h < 24; ++h) {
    const double t0 = day + 3600.0 * h;
    const terawatt::HourlySunPath sun(t0 + 1800.0, 33.45, -112.07);
    const double highest = sun.max_cos_zenith(t0, t0 + 3600.0);
    double sampled = -2.0;
    for (double t = t0; t <= t0 + 3600.0; t += 10.0) sampled = std::max(sampled, sun.cos_zenith(t));
    INFO("hour " << h);
    CHECK(sampled <= highest + 1e-12);
    CHECK(sampled >= highest - 1e-6);
  }
}
