#pragma once
// Stock and flow of installed servers by vintage (shipment year) for one segment and one region, and the energy
// and emissions of that fleet per year: the pure part of a fleet projection. This is the
// bottom-up arithmetic of de Vries 2023 (docs/references.md RC-40: servers x power x 8,760 h) extended with vintages,
// so that a server keeps the power of the year it was shipped and leaves the fleet on a survival curve.
//
// Conventions (why: a yearly model needs one, and these keep the arithmetic exact and easy to check):
//  - Years are indexed 0 .. n-1 from `first_year`; vintage v is the year of shipment, so vintages and years share
//    the same index and the same horizon.
//  - A server shipped in year v counts as installed for the whole of year v (age 0) and survives into year y with
//    probability survival(y - v). No mid-year or half-year convention is modelled.
//  - Every year has 365 days = 8,760 h, as in de Vries (RC-40) and IEA (RC-41) annual figures; leap years are
//    not modelled (they would add 0.27 % in one year of four).

#include <Eigen/Dense>

namespace terawatt {

// 365 days x 24 h. Leap years are not modelled (see above).
constexpr double fleet_hours_per_year = 8760.0;

// Probability that a server is still installed at a given whole age in years (age 0 = its shipment year).
//  - Fixed lifetime L: survival(a) = 1 for a < L, 0 otherwise: every server is retired at the start of year v + L,
//    i.e. it serves exactly L years. Servers are commonly depreciated over 4-6 years.
//  - Discrete Weibull with shape k and scale lambda (years): survival(a) = exp(-(a / lambda)^k), the Weibull
//    survival function sampled at whole ages (the "type I" discrete Weibull of Nakagawa and Osaki 1975). k > 1
//    gives wear-out (retirements bunch near lambda), k = 1 a constant hazard; survival(0) = 1 always, and the
//    curve is non-increasing, so yearly retirements are never negative.
struct SurvivalCurve {
  enum class Kind { fixed_lifetime, weibull };
  Kind kind = Kind::fixed_lifetime;
  int lifetime_years = 5;    // fixed_lifetime only, >= 1
  double shape = 1.0;        // weibull only, k > 0
  double scale_years = 5.0;  // weibull only, lambda > 0

  static SurvivalCurve fixed(int lifetime_years);
  static SurvivalCurve weibull(double shape, double scale_years);

  // Fraction of a vintage still installed at `age_years` (>= 0) whole years after its shipment year.
  double at(int age_years) const;
};

// A fleet over n years. All vectors have n entries; index y is year first_year + y.
struct FleetStock {
  int first_year = 0;
  Eigen::VectorXd shipped;               // servers shipped in year y (vintage y)
  Eigen::MatrixXd installed_by_vintage;  // (years x vintages): servers of vintage v installed in year y
  Eigen::VectorXd installed;             // row sums of installed_by_vintage
  Eigen::VectorXd retired;               // installed(y-1) + shipped(y) - installed(y), with installed(-1) = 0
};

// installed(y) = sum over v <= y of shipped(v) x survival(y - v). Retirements are defined by the stock-flow
// identity, so installed(y) = cumulative shipped - cumulative retired holds by construction (exactly, in exact
// arithmetic; to rounding in doubles). Throws if shipments are empty or negative.
FleetStock fleet_stock(int first_year, const Eigen::VectorXd& shipped, const SurvivalCurve& survival);

// Shipments from a growth curve, n years from first_year, t = 0 at base_year:
//  - exponential: base x exp(rate_per_year x t) (continuous rate; the annual growth is exp(rate) - 1);
//  - logistic: ceiling / (1 + exp(-rate_per_year x (t - t_mid))), with midpoint year `midpoint_year`.
Eigen::VectorXd exponential_series(int first_year, int years, int base_year, double base_value, double rate_per_year);
Eigen::VectorXd logistic_series(int first_year, int years, double ceiling, double rate_per_year, double midpoint_year);

// Final energy per year in TWh:
//   E(y) = sum over v of installed_by_vintage(y, v) x power_per_server_w(v) x utilisation(y) x 8,760 h x pue(y) / 1e12.
// power_per_server_w is one figure per vintage (a catalog nameplate, or a simulated average at full load, which
// utilisation then scales); utilisation in [0, 1] and pue >= 1 are per year. Utilisation scales power linearly,
// as in de Vries' "full capacity" case (RC-40); idle power is the caller's to fold into power_per_server_w.
Eigen::VectorXd fleet_energy_twh(const FleetStock& fleet, const Eigen::VectorXd& power_per_server_w,
                                 const Eigen::VectorXd& utilisation, const Eigen::VectorXd& pue);

// The same with a power per server for each year and vintage, (years x vintages) like installed_by_vintage, for a
// fleet whose servers draw what that year's utilisation makes them draw:
//   E(y) = sum over v of installed_by_vintage(y, v) x power_per_server_w(y, v) x 8,760 h x pue(y) / 1e12.
Eigen::VectorXd fleet_energy_twh(const Eigen::MatrixXd& installed_by_vintage, const Eigen::MatrixXd& power_per_server_w,
                                 const Eigen::VectorXd& pue);

// Emissions per year in tonnes CO2e: energy (TWh) x intensity (g CO2e / kWh). 1 TWh = 1e9 kWh and 1 t = 1e6 g,
// so t = TWh x g/kWh x 1e3.
Eigen::VectorXd fleet_emissions_t(const Eigen::VectorXd& energy_twh, const Eigen::VectorXd& intensity_g_per_kwh);

}  // namespace terawatt
