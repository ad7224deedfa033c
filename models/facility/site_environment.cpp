#include "models/facility/site_environment.hpp"

#include <functional>
#include <limits>
#include <stdexcept>

namespace terawatt {

namespace {

// Everything but the plant, which the caller evaluates (or recalls) at the interval's operating point.
SiteInterval interval_around(const SiteEnvironment& site, double t0_epoch_s, double t1_epoch_s, double it_energy_j,
                             const std::function<FacilityPower(double, double, double)>& plant_power) {
  constexpr double not_modelled = std::numeric_limits<double>::quiet_NaN();
  const double interval_s = t1_epoch_s - t0_epoch_s;
  if (!(interval_s > 0.0)) throw std::invalid_argument("evaluate_site_interval: empty interval");
  SiteInterval out;
  out.it_j = it_energy_j;
  out.dry_bulb_c = site.weather ? site.weather->dry_bulb_c.mean(t0_epoch_s, t1_epoch_s) : not_modelled;
  out.wet_bulb_c = site.weather ? site.weather->wet_bulb_c.mean(t0_epoch_s, t1_epoch_s) : not_modelled;
  if (site.plant) {
    const FacilityPower power = plant_power(it_energy_j / interval_s, out.dry_bulb_c, out.wet_bulb_c);
    out.facility_j = power.facility_w * interval_s;
    out.cooling_j = power.cooling_w * interval_s;
    out.distribution_j = power.distribution_loss_w * interval_s;
    out.other_j = power.other_w * interval_s;
    out.onsite_water_m3 = power.onsite_water_m3_per_s * interval_s;
  } else {
    out.facility_j = it_energy_j * site.constant_pue.value_or(1.0);
    out.cooling_j = out.distribution_j = out.other_j = not_modelled;
    out.onsite_water_m3 = it_energy_j * site.onsite_wue_m3_per_j;
  }
  out.carbon_intensity_kg_per_j = site.carbon_intensity_kg_per_j.mean(t0_epoch_s, t1_epoch_s);
  out.emissions_kg = out.facility_j * out.carbon_intensity_kg_per_j;
  out.marginal_emissions_kg = site.marginal_intensity_kg_per_j
                                  ? out.facility_j * site.marginal_intensity_kg_per_j->mean(t0_epoch_s, t1_epoch_s)
                                  : not_modelled;
  out.market_emissions_kg =
      site.market_intensity_kg_per_j ? out.facility_j * *site.market_intensity_kg_per_j : not_modelled;
  out.offsite_water_m3 = out.facility_j * site.offsite_water_m3_per_j;
  return out;
}

}  // namespace

SiteInterval evaluate_site_interval(const SiteEnvironment& site, double t0_epoch_s, double t1_epoch_s,
                                    double it_energy_j) {
  return interval_around(site, t0_epoch_s, t1_epoch_s, it_energy_j, [&site](double it_w, double dry_c, double wet_c) {
    return evaluate_cooling_plant(*site.plant, it_w, dry_c, wet_c);
  });
}

void charge_to_grid_energy(SiteInterval& interval, const SiteEnvironment& site, double t0_epoch_s, double t1_epoch_s,
                           double grid_j) {
  interval.emissions_kg = grid_j * interval.carbon_intensity_kg_per_j;
  if (site.marginal_intensity_kg_per_j)
    interval.marginal_emissions_kg = grid_j * site.marginal_intensity_kg_per_j->mean(t0_epoch_s, t1_epoch_s);
  if (site.market_intensity_kg_per_j) interval.market_emissions_kg = grid_j * *site.market_intensity_kg_per_j;
  interval.offsite_water_m3 = grid_j * site.offsite_water_m3_per_j;
}

SiteInterval SiteEvaluator::evaluate(double t0_epoch_s, double t1_epoch_s, double it_energy_j) {
  return interval_around(*site_, t0_epoch_s, t1_epoch_s, it_energy_j, [this](double it_w, double dry_c, double wet_c) {
    // Exact equality: a repeated operating point gives the identical result, so the cache changes no bit.
    if (it_w != last_it_power_w_ || dry_c != last_dry_bulb_c_ || wet_c != last_wet_bulb_c_) {
      last_power_ = evaluate_cooling_plant(*site_->plant, it_w, dry_c, wet_c);
      last_it_power_w_ = it_w;
      last_dry_bulb_c_ = dry_c;
      last_wet_bulb_c_ = wet_c;
    }
    return last_power_;
  });
}

}  // namespace terawatt
