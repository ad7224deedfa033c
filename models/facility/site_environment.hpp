#pragma once
// What surrounds a site's IT load: the facility (a constant PUE, or a cooling plant driven by the weather) and
// the grid (carbon intensity, constant or hourly; marginal and market-based intensities; water of electricity).
// evaluate_site_interval turns one sample interval's IT energy into facility energy, emissions and water.

#include "models/base/time_varying.hpp"
#include "models/facility/climate.hpp"
#include "models/facility/cooling_plant.hpp"

#include <optional>

namespace terawatt {

struct SiteEnvironment {
  // Facility: exactly one of constant_pue and plant (with weather).
  std::optional<double> constant_pue;
  std::optional<CoolingPlantParams> plant;
  std::optional<WeatherSeries> weather;  // drives the plant; optional in constant-PUE mode (then only reported)
  double onsite_wue_m3_per_j = 0.0;      // constant-PUE mode: on-site water per IT energy (WUE)

  // Grid.
  TimeVarying carbon_intensity_kg_per_j;                   // location-based (average) intensity
  std::optional<TimeVarying> marginal_intensity_kg_per_j;  // consequential: the intensity of the marginal plant
  std::optional<double> market_intensity_kg_per_j;         // market-based: after contracts and certificates
  double offsite_water_m3_per_j = 0.0;                     // water of electricity generation (EWIF)
};

struct SiteInterval {
  double it_j = 0.0;
  double facility_j = 0.0;
  double cooling_j = 0.0;       // NaN with a constant PUE, which does not split its overhead
  double distribution_j = 0.0;  // NaN with a constant PUE
  double other_j = 0.0;         // NaN with a constant PUE
  double dry_bulb_c = 0.0;      // interval mean; NaN without weather
  double wet_bulb_c = 0.0;
  double carbon_intensity_kg_per_j = 0.0;  // interval mean
  double emissions_kg = 0.0;               // location-based
  double marginal_emissions_kg = 0.0;      // NaN without a marginal intensity
  double market_emissions_kg = 0.0;        // NaN without a market intensity
  double onsite_water_m3 = 0.0;
  double offsite_water_m3 = 0.0;
  double pue() const { return facility_j / it_j; }
};

// One interval [t0, t1] (seconds since the epoch) with `it_energy_j` of IT energy. The facility is evaluated on
// the interval-mean IT power and the interval-mean weather (steady state: a plant's thermal inertia of minutes
// is below the usual sample interval); emissions = facility energy x the exact interval mean of the intensity,
// which is the integral of facility power x intensity whenever facility power is constant within the interval.
SiteInterval evaluate_site_interval(const SiteEnvironment& site, double t0_epoch_s, double t1_epoch_s,
                                    double it_energy_j);

// The interval's emissions and off-site water charged to `grid_j` instead of its facility energy: a site with PV and a
// battery draws from the grid only its import, and the grid's intensities and water apply to that alone. Exports
// earn no credit (avoided emissions elsewhere are not this site's).
void charge_to_grid_energy(SiteInterval& interval, const SiteEnvironment& site, double t0_epoch_s, double t1_epoch_s,
                           double grid_j);

// The same evaluation for a run's successive intervals, remembering the last plant operating point: with hourly
// weather and a steady load, most sub-hourly samples repeat it exactly, and the plant model is the costly part.
class SiteEvaluator {
 public:
  explicit SiteEvaluator(const SiteEnvironment& site) : site_(&site) {}
  SiteInterval evaluate(double t0_epoch_s, double t1_epoch_s, double it_energy_j);

 private:
  const SiteEnvironment* site_;
  double last_it_power_w_ = -1.0;
  double last_dry_bulb_c_ = 0.0;
  double last_wet_bulb_c_ = 0.0;
  FacilityPower last_power_;
};

}  // namespace terawatt
