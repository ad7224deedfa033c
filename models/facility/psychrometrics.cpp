#include "models/facility/psychrometrics.hpp"

#include <algorithm>
#include <cmath>

namespace terawatt {

namespace {

constexpr double kelvin_offset = 273.15;
// Ratio of the molar masses of water and dry air (ASHRAE Fundamentals 2017 ch. 1 eq. 20).
constexpr double molar_mass_ratio = 0.621945;
// Saturation formulations are fitted down to -100 C and up to 200 C (ASHRAE ch. 1); inputs are clamped there.
constexpr double coldest_c = -100.0;
constexpr double hottest_c = 200.0;

// ASHRAE Fundamentals 2017 ch. 1 eq. 5 (over ice, -100..0 C) and eq. 6 (over water, 0..200 C): Hyland and Wexler
// (1983). ln(p_ws / Pa) as a function of absolute temperature.
constexpr double c1 = -5.6745359e+03;
constexpr double c2 = 6.3925247e+00;
constexpr double c3 = -9.6778430e-03;
constexpr double c4 = 6.2215701e-07;
constexpr double c5 = 2.0747825e-09;
constexpr double c6 = -9.4840240e-13;
constexpr double c7 = 4.1635019e+00;
constexpr double c8 = -5.8002206e+03;
constexpr double c9 = 1.3914993e+00;
constexpr double c10 = -4.8640239e-02;
constexpr double c11 = 4.1764768e-05;
constexpr double c12 = -1.4452093e-08;
constexpr double c13 = 6.5459673e+00;

double log_saturation_pressure(double temperature_c) {
  const double t = std::clamp(temperature_c, coldest_c, hottest_c) + kelvin_offset;
  if (temperature_c < 0.0) {
    return c1 / t + c2 + t * (c3 + t * (c4 + t * (c5 + t * c6))) + c7 * std::log(t);
  }
  return c8 / t + c9 + t * (c10 + t * (c11 + t * c12)) + c13 * std::log(t);
}

// d ln(p_ws) / dT, for Newton steps in dew_point_c.
double log_saturation_pressure_slope(double temperature_c) {
  const double t = std::clamp(temperature_c, coldest_c, hottest_c) + kelvin_offset;
  if (temperature_c < 0.0) {
    return -c1 / (t * t) + c3 + t * (2.0 * c4 + t * (3.0 * c5 + t * 4.0 * c6)) + c7 / t;
  }
  return -c8 / (t * t) + c10 + t * (2.0 * c11 + t * 3.0 * c12) + c13 / t;
}

// Humidity ratio implied by a wet bulb t* (ASHRAE eq. 33 for t* >= 0 C, eq. 35 below, in kJ/kg units as
// printed there): the energy balance of adiabatic saturation.
double humidity_ratio_at_wet_bulb(double dry_bulb_c, double wet_bulb, double pressure_pa) {
  const double saturated = humidity_ratio_from_vapour_pressure(saturation_pressure_pa(wet_bulb), pressure_pa);
  if (wet_bulb >= 0.0) {
    return ((2501.0 - 2.326 * wet_bulb) * saturated - 1.006 * (dry_bulb_c - wet_bulb)) /
           (2501.0 + 1.86 * dry_bulb_c - 4.186 * wet_bulb);
  }
  return ((2830.0 - 0.24 * wet_bulb) * saturated - 1.006 * (dry_bulb_c - wet_bulb)) /
         (2830.0 + 1.86 * dry_bulb_c - 2.1 * wet_bulb);
}

}  // namespace

double saturation_pressure_pa(double temperature_c) {
  return std::exp(log_saturation_pressure(temperature_c));
}

double humidity_ratio_from_vapour_pressure(double vapour_pressure_pa, double pressure_pa) {
  // Vapour cannot exceed the total pressure; the cap only guards the division for nonsensical input.
  const double vapour = std::clamp(vapour_pressure_pa, 0.0, 0.99 * pressure_pa);
  return molar_mass_ratio * vapour / (pressure_pa - vapour);
}

double moist_air_enthalpy_j_per_kg(double dry_bulb_c, double humidity_ratio) {
  return 1006.0 * dry_bulb_c + humidity_ratio * (2.501e6 + 1860.0 * dry_bulb_c);
}

double wet_bulb_from_humidity_ratio_c(double dry_bulb_c, double humidity_ratio, double pressure_pa) {
  const double dry_bulb = std::clamp(dry_bulb_c, coldest_c, hottest_c);
  const double target = std::max(humidity_ratio, 0.0);
  // The wet bulb lies between the dew point and the dry bulb; 80 K below the dry bulb brackets even bone-dry
  // desert air (at 60 C and 0 % RH the wet bulb is about 25 C).
  double high = dry_bulb;
  double low = std::max(dry_bulb - 80.0, coldest_c);
  double f_high = humidity_ratio_at_wet_bulb(dry_bulb, high, pressure_pa) - target;
  double f_low = humidity_ratio_at_wet_bulb(dry_bulb, low, pressure_pa) - target;
  if (f_high <= 0.0) return high;  // saturated (or supersaturated input): wet bulb = dry bulb
  if (f_low >= 0.0) return low;
  // Illinois false position: superlinear, and never leaves the bracket.
  int stale_side = 0;
  for (int iteration = 0; iteration < 100 && high - low > 1e-6; ++iteration) {
    const double guess = high - f_high * (high - low) / (f_high - f_low);
    const double f_guess = humidity_ratio_at_wet_bulb(dry_bulb, guess, pressure_pa) - target;
    if (f_guess == 0.0) return guess;
    if (f_guess > 0.0) {
      high = guess;
      f_high = f_guess;
      if (stale_side == -1) f_low *= 0.5;
      stale_side = -1;
    } else {
      low = guess;
      f_low = f_guess;
      if (stale_side == 1) f_high *= 0.5;
      stale_side = 1;
    }
  }
  return 0.5 * (low + high);
}

double wet_bulb_c(double dry_bulb_c, double relative_humidity, double pressure_pa) {
  const double rh = std::clamp(relative_humidity, 0.0, 1.0);
  const double vapour = rh * saturation_pressure_pa(dry_bulb_c);
  return wet_bulb_from_humidity_ratio_c(dry_bulb_c, humidity_ratio_from_vapour_pressure(vapour, pressure_pa),
                                        pressure_pa);
}

double wet_bulb_from_dew_point_c(double dry_bulb_c, double dew_point, double pressure_pa) {
  const double vapour = saturation_pressure_pa(std::min(dew_point, dry_bulb_c));
  return wet_bulb_from_humidity_ratio_c(dry_bulb_c, humidity_ratio_from_vapour_pressure(vapour, pressure_pa),
                                        pressure_pa);
}

double humidity_ratio_from_wet_bulb(double dry_bulb_c, double wet_bulb, double pressure_pa) {
  const double dry_bulb = std::clamp(dry_bulb_c, coldest_c, hottest_c);
  return std::max(humidity_ratio_at_wet_bulb(dry_bulb, std::min(wet_bulb, dry_bulb), pressure_pa), 0.0);
}

double relative_humidity_from_dew_point(double dry_bulb_c, double dew_point) {
  if (dew_point >= dry_bulb_c) return 1.0;
  return std::clamp(std::exp(log_saturation_pressure(dew_point) - log_saturation_pressure(dry_bulb_c)), 0.0, 1.0);
}

double dew_point_c(double dry_bulb_c, double relative_humidity) {
  const double rh = std::clamp(relative_humidity, 1e-6, 1.0);
  if (rh >= 1.0) return dry_bulb_c;
  const double target = std::log(rh) + log_saturation_pressure(dry_bulb_c);
  // Magnus-form first guess (Alduchov and Eskridge 1996 coefficients), then Newton on the ASHRAE formulation;
  // ln p_ws is smooth and monotone on each side of 0 C, so a few steps reach 1e-9 C.
  const double magnus = std::log(rh) + 17.625 * dry_bulb_c / (243.04 + dry_bulb_c);
  double dew_point = 243.04 * magnus / (17.625 - magnus);
  for (int iteration = 0; iteration < 20; ++iteration) {
    const double step = (log_saturation_pressure(dew_point) - target) / log_saturation_pressure_slope(dew_point);
    dew_point = std::clamp(dew_point - step, coldest_c, dry_bulb_c);
    if (std::fabs(step) < 1e-9) break;
  }
  return dew_point;
}

double standard_pressure_at_elevation_pa(double elevation_m) {
  // ASHRAE Fundamentals 2017 ch. 1 eq. 3: p = 101.325 (1 - 2.25577e-5 Z)^5.2559 kPa, Z in metres.
  return standard_pressure_pa * std::pow(1.0 - 2.25577e-5 * elevation_m, 5.2559);
}

}  // namespace terawatt
