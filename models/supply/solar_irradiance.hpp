#pragma once
// Hourly global horizontal irradiance (GHI) at a site, W/m2, as a step series whose value i is the mean over UTC hour
// i (the series starts at the UTC hour containing start and ends at the first hour boundary at or after end, like
// synthetic_weather in models/facility/climate.hpp), from
//   (a) a synthetic year: a clear-sky model times a daily cloud factor, calibrated so that a year's GHI equals the
//       climate preset's published annual figure;
//   (b) an EnergyPlus EPW file's global horizontal radiation (models/facility/epw.hpp).
// Sources in docs/references.md section I.
//
// What the synthetic year leaves out, and what it costs: a cloud cover that is one value per local day, drawn
// independently of the previous day and of the temperature (real cloudy spells last days, and cloudy days are cooler
// in summer), so day-to-day and hourly variability are rough and a battery sized on them may be off; no intra-day
// clouds (an afternoon storm); no seasonal cycle of cloudiness (a monsoon summer or a foggy winter takes the same
// cloud statistics as the rest of the year, so monthly totals can be off by tens of percent while the annual total
// is right); a sea-level clear sky with no turbidity or elevation (absorbed into the calibration).

#include "models/base/step_series.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/epw.hpp"

#include <cstdint>
#include <string>

namespace terawatt {

// Haurwitz (1945) clear-sky GHI: 1098 cos z exp(-0.057 / cos z) W/m2 (as given by Reno, Hansen and Stein 2012,
// SAND2012-2389, which found it the best of the models that need only the zenith angle); 0 with the sun at or below
// the horizon.
inline constexpr double haurwitz_scale_w_per_m2 = 1098.0;
inline constexpr double haurwitz_extinction = 0.057;
double clear_sky_ghi_w_per_m2(double cos_zenith);

// Kasten and Czeplak (1980): the ratio of GHI under a cloud cover N (fraction of the sky, 0..1) to the clear-sky GHI,
// 1 - 0.75 N^3.4. Throws std::invalid_argument for N outside [0, 1].
inline constexpr double kasten_czeplak_max_reduction = 0.75;
inline constexpr double kasten_czeplak_exponent = 3.4;
double cloud_transmittance(double cloud_cover);

// An hour's mean clear-sky GHI is the mean of the clear-sky GHI at the midpoints of this many equal sub-steps (5 min).
// Against 360 sub-steps (10 s) the annual total differs by under 0.05 % and a sunrise or sunset hour by under 2 W/m2
// (tests/models/solar_irradiance_test.cpp); the midpoint rule's error is largest where the sun crosses the horizon.
inline constexpr int irradiance_substeps_per_hour = 12;
double clear_sky_hour_mean_w_per_m2(double latitude_deg, double longitude_deg, double hour_start_epoch_s,
                                    int substeps = irradiance_substeps_per_hour);

// How the synthetic year's daily cloud cover is drawn and calibrated. Every local day (local standard time, the
// preset's utc_offset_h) has a cloud cover N = u^exponent with u uniform on (0, 1), so that N ranges over [0, 1] with
// mean 1 / (exponent + 1). u is stratified by local calendar month: a month of D days takes u = (i + 0.5) / D for
// i = 0 .. D-1, in a seeded random order. The month's cloud factors then have the same mean in every run and every
// seed, which keeps the annual GHI within a fraction of a percent of the calibration target (only the pairing of
// days with values within a month is random) instead of carrying the sampling error of 365 independent draws.
//
// Calibration: the exponent solves
//   sum over months m of C_m (1 - 0.75 mean_i ((i + 0.5) / D_m)^(3.4 exponent)) = annual_ghi_kwh_per_m2,
// where C_m is the clear-sky irradiation of local month m of the reference non-leap year 2001 at the preset's site,
// by bisection (deterministic, about 60 halvings to 1e-12 relative). The left side rises from a quarter of the
// clear-sky year (exponent 0: overcast every day) to the whole of it, so the target must lie strictly between.
struct CloudCalibration {
  double clear_sky_annual_kwh_per_m2 = 0.0;  // Haurwitz over the reference year
  double cover_exponent = 0.0;               // N = u^cover_exponent
  double mean_cloud_cover = 0.0;             // 1 / (cover_exponent + 1)
};
// Throws std::invalid_argument naming the preset when its annual GHI is missing or outside the achievable range.
CloudCalibration calibrate_cloud_cover(const ClimatePreset& climate);

// The synthetic hourly GHI over [start, end): clear_sky_hour_mean of each sub-step times the cloud transmittance of
// its local day. The draws of a local year come from std::mt19937_64 seeded with the seed and the year alone, so the
// sky on a date does not depend on when the run starts; uniform variates and the shuffle are written here (the std
// distributions are implementation-defined). Throws std::invalid_argument for non-finite or empty spans.
StepSeries synthetic_irradiance(const ClimatePreset& climate, double start_epoch_s, double end_epoch_s,
                                std::uint64_t seed);

// The EPW's global horizontal irradiance (already in UTC hours) laid over [start, end) with typical_year_over_span.
StepSeries epw_irradiance(const EpwTypicalYear& year, double start_epoch_s, double end_epoch_s);
// Reads the file (read_epw_typical_year, which validates it) and lays its irradiance over the span.
StepSeries read_epw_irradiance(const std::string& path, double start_epoch_s, double end_epoch_s);

}  // namespace terawatt
