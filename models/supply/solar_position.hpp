#pragma once
// Where the sun is: the cosine of the solar zenith angle at a UTC time and place, and the extraterrestrial normal
// irradiance, from the NOAA Global Monitoring Division's "General Solar Position Calculations", which use Spencer's
// (1971) Fourier series for the declination and the equation of time. Spencer fitted his series to an ephemeris of
// the 1950s: near the 2023 March equinox its declination is about 0.3 deg south of the true one, and the tests hold
// the solar-noon zenith to within 0.5 deg at the equinox and solstices. No atmospheric refraction (which lifts the
// apparent sun by about 0.5 deg at the horizon, where the irradiance is negligible anyway). See docs/references.md
// section I.

namespace terawatt {

// Solar constant: the total solar irradiance at one astronomical unit, 1360.8 +- 0.5 W/m2 (Kopp and Lean 2011,
// Geophysical Research Letters 38, L01706), rounded.
inline constexpr double solar_constant_w_per_m2 = 1361.0;

// Solar declination (radians, north positive) and equation of time (minutes, true solar minus mean solar time) at a
// UTC epoch second. Throws std::invalid_argument for a non-finite time.
double solar_declination_rad(double epoch_s);
double equation_of_time_min(double epoch_s);

// Both at once, from one calendar conversion.
struct SunDeclination {
  double declination_rad = 0.0;
  double equation_of_time_min = 0.0;
};
SunDeclination sun_declination(double epoch_s);

// Cosine of the solar zenith angle at a UTC epoch second for latitude_deg (-90..90, north positive) and longitude_deg
// (-180..180, east positive). Negative when the sun is below the horizon. Throws std::invalid_argument naming the
// parameter for a non-finite time or an out-of-range coordinate.
double cos_solar_zenith(double epoch_s, double latitude_deg, double longitude_deg);
// The same with the declination and equation of time given, e.g. those of the middle of the hour for every
// sub-step of it: the declination moves at most 0.02 deg and the equation of time 1.3 s in an hour.
double cos_solar_zenith(double epoch_s, double latitude_deg, double longitude_deg, const SunDeclination& sun);

// The sun's path over one hour at one place, for many instants in it: the latitude and declination terms of the zenith
// computed once (with the declination and equation of time of `hour_middle_epoch_s`), the hour angle per instant.
class HourlySunPath {
 public:
  HourlySunPath(double hour_middle_epoch_s, double latitude_deg, double longitude_deg);
  double cos_zenith(double epoch_s) const;
  // The highest cos_zenith over [t0, t1] (at most a day): at solar noon if the span holds it, else at an end; a span
  // whose highest is not above zero is night, and needs no sub-steps.
  double max_cos_zenith(double t0_epoch_s, double t1_epoch_s) const;

 private:
  double sin_terms_;        // sin(latitude) sin(declination)
  double cos_terms_;        // cos(latitude) cos(declination)
  double solar_shift_min_;  // equation of time plus 4 min per degree east
};

// Irradiance on a plane normal to the sun's rays at the top of the atmosphere: the solar constant times Spencer's
// (1971) series for the squared ratio of the mean to the actual Earth-Sun distance (+-3.3 % over the year).
double extraterrestrial_normal_irradiance_w_per_m2(double epoch_s);

}  // namespace terawatt
