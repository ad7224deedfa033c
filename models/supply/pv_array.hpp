#pragma once
// A photovoltaic array's AC output from global horizontal irradiance and air temperature, after NREL's PVWatts
// (Dobos 2014, PVWatts Version 5 Manual, NREL/TP-6A20-62641; docs/references.md section I):
//   T_cell = T_air + (NOCT - 20 C) / (800 W/m2) * G                     (the NOCT cell-temperature relation)
//   P_dc   = peak * G / (1000 W/m2) * (1 + gamma (T_cell - 25 C))      (PVWatts' DC model)
//   P_ac   = min(P_dc (1 - losses) eta_inverter, AC limit), never negative.
//
// Assumptions, and what each costs:
// - Horizontal modules: the irradiance on the modules is the GHI. A south-facing array tilted near the latitude
//   collects roughly 10-15 % more over a mid-latitude year (more in winter, less in summer), a tracker more again;
//   horizontal is the conservative reading and needs no diffuse/direct split.
// - No shading, soiling, snow, mismatch, wiring, degradation or availability beyond the single losses figure
//   (PVWatts' default 14 % lumps them all).
// - A constant inverter efficiency: PVWatts' part-load curve falls below its nominal value at low load, so this
//   overstates morning and evening output by a few percent of those hours' energy.
// - The NOCT relation ignores wind and the module's thermal lag (PVWatts uses a heat-transfer model).
// - Hourly steps: the hourly mean irradiance goes through the (nearly linear) temperature term and the inverter
//   clip, so clipping that happens within an hour whose mean is below the limit is missed.

#include "models/base/step_series.hpp"

#include <optional>
#include <string>

namespace terawatt {

// PVWatts' default total system losses, 14 % (made of soiling, shading, snow, mismatch, wiring, connections,
// light-induced degradation, nameplate rating, age and availability; the split is in docs/references.md I).
inline constexpr double pvwatts_default_system_losses = 0.14;
// PVWatts' nominal inverter efficiency, 96 %.
inline constexpr double pvwatts_nominal_inverter_efficiency = 0.96;
// Power temperature coefficient of PVWatts Version 8's "standard" crystalline-silicon module, -0.37 %/K (NREL SAM's
// cmod_pvwattsv8); the Version 5 manual's standard module of 2014 had -0.47 %/K.
inline constexpr double pvwatts_standard_temperature_coefficient_per_k = -0.0037;
// Nominal operating cell temperature of an open-rack crystalline module, 45 C: the module's temperature at 800 W/m2,
// 20 C air and 1 m/s wind (the value PVWatts ports take for open-rack arrays; 49 C for a roof mount).
inline constexpr double default_noct_c = 45.0;
// The conditions that define the NOCT and the standard test conditions (STC).
inline constexpr double noct_irradiance_w_per_m2 = 800.0;
inline constexpr double noct_air_temperature_c = 20.0;
inline constexpr double stc_irradiance_w_per_m2 = 1000.0;
inline constexpr double stc_cell_temperature_c = 25.0;

struct PvArrayParams {
  double peak_w = 0.0;  // DC nameplate at STC (1000 W/m2, cell 25 C)
  double temperature_coefficient_per_k = pvwatts_standard_temperature_coefficient_per_k;  // of DC power, 1/K
  double noct_c = default_noct_c;
  double system_losses = pvwatts_default_system_losses;              // fraction of DC power lost before the inverter
  double inverter_efficiency = pvwatts_nominal_inverter_efficiency;  // AC out / DC in
  std::optional<double> inverter_ac_limit_w;                         // AC rating; none: unclipped
};

// Empty when the parameters are usable; otherwise names the field and the bound it breaks: peak_w > 0;
// temperature_coefficient_per_k in [-0.01, 0] (crystalline silicon -0.3 to -0.5 %/K, thin film about -0.2 to
// -0.3 %/K); noct_c in (20, 80] C (above the 20 C air of its definition); system_losses in [0, 1);
// inverter_efficiency in (0, 1]; inverter_ac_limit_w > 0 when given. All must be finite.
std::string pv_params_problem(const PvArrayParams& params);

// Cell temperature by the NOCT relation, C.
double pv_cell_temperature_c(double noct_c, double ghi_w_per_m2, double air_temperature_c);

// AC power, W, at a GHI (W/m2, >= 0) and air temperature (C). Throws std::invalid_argument for bad parameters (the
// pv_params_problem text), a negative or non-finite GHI, or a non-finite temperature.
double pv_ac_power_w(const PvArrayParams& params, double ghi_w_per_m2, double air_temperature_c);

// Hourly AC power from hourly GHI and dry bulb series with the same start and length (e.g. synthetic_irradiance and
// synthetic_weather over the same span). Throws std::invalid_argument if either is not hourly, they are not aligned,
// or as pv_ac_power_w.
StepSeries pv_power_series(const PvArrayParams& params, const StepSeries& ghi_w_per_m2, const StepSeries& dry_bulb_c);

}  // namespace terawatt
