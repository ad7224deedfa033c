#pragma once
// Moist-air properties for the cooling model: saturation pressure, humidity ratio, dew point and the
// thermodynamic wet-bulb temperature that sets cooling-tower and evaporative-cooler performance.
//
// Method: ASHRAE Handbook—Fundamentals (2017, SI), chapter 1 "Psychrometrics":
//   - saturation vapour pressure over ice (-100..0 C, eq. 5) and over liquid water (0..200 C, eq. 6), the
//     Hyland-Wexler (1983) formulations;
//   - humidity ratio W = 0.621945 p_w / (p - p_w) (eq. 20 and 22);
//   - wet bulb t* from the psychrometric energy balance (eq. 33 above freezing, eq. 35 below), solved for t* by a
//     bracketed root search (Illinois false position) to 1e-6 C, not from an empirical fit such as Stull (2011).
// Relative humidity is p_w / p_ws(t), with p_ws over ice below 0 C as ASHRAE defines it (weather services report
// it over water; below freezing the two differ by a few percent, which changes nothing in a cooling model where
// every sub-zero hour is free cooling). None of this is in docs/references.md; it is textbook physics.
//
// The functions neither allocate nor throw for finite input, so they can sit on a per-sample hot path. Arguments
// are clamped to their physical domain (relative humidity to [0, 1], dew point to at most the dry bulb).

namespace terawatt {

// Standard atmosphere at sea level, Pa (ISO 2533 / ASHRAE Fundamentals ch. 1 eq. 3 at z = 0).
inline constexpr double standard_pressure_pa = 101325.0;

// Saturation vapour pressure, Pa: over ice below 0 C, over liquid water at and above 0 C (ASHRAE eq. 5, 6).
double saturation_pressure_pa(double temperature_c);

// Humidity ratio, kg water per kg dry air, of air at `vapour_pressure_pa` in total pressure `pressure_pa`.
double humidity_ratio_from_vapour_pressure(double vapour_pressure_pa, double pressure_pa = standard_pressure_pa);

// Specific enthalpy of moist air, J per kg dry air (ASHRAE eq. 32): 1006 t + W (2 501 000 + 1860 t).
double moist_air_enthalpy_j_per_kg(double dry_bulb_c, double humidity_ratio);

// Thermodynamic wet-bulb temperature, C. relative_humidity in [0, 1].
double wet_bulb_c(double dry_bulb_c, double relative_humidity, double pressure_pa = standard_pressure_pa);

// Wet bulb from dry bulb and dew point (dew point above the dry bulb is read as saturation).
double wet_bulb_from_dew_point_c(double dry_bulb_c, double dew_point_c, double pressure_pa = standard_pressure_pa);

// Wet bulb from dry bulb and humidity ratio (kg/kg).
double wet_bulb_from_humidity_ratio_c(double dry_bulb_c, double humidity_ratio,
                                      double pressure_pa = standard_pressure_pa);

// Humidity ratio (kg/kg) of air with this dry bulb and wet bulb: the psychrometric equation (ASHRAE eq. 33 / 35)
// read forwards. Never negative.
double humidity_ratio_from_wet_bulb(double dry_bulb_c, double wet_bulb_c, double pressure_pa = standard_pressure_pa);

// p_ws(dew point) / p_ws(dry bulb), clamped to [0, 1].
double relative_humidity_from_dew_point(double dry_bulb_c, double dew_point_c);

// Dew point, C, of air at dry_bulb_c and relative_humidity (0, 1]: inverse of saturation_pressure_pa.
double dew_point_c(double dry_bulb_c, double relative_humidity);

// Pressure of the standard atmosphere at an elevation, Pa (ASHRAE Fundamentals ch. 1 eq. 3).
double standard_pressure_at_elevation_pa(double elevation_m);

}  // namespace terawatt
