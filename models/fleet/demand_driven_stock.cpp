#include "models/fleet/demand_driven_stock.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {
namespace {

// The share of a vintage installed at age a - 1 that is still installed at age a.
double survival_step(const SurvivalCurve& survival, int age) {
  const double before = survival.at(age - 1);
  return before > 0.0 ? survival.at(age) / before : 0.0;
}

}  // namespace

FleetStock demand_driven_stock(int first_vintage_year, int history, double history_growth,
                               const Eigen::MatrixXd& work_per_server, const Eigen::VectorXd& demand,
                               const SurvivalCurve& survival) {
  const Eigen::Index n = work_per_server.rows();
  if (history < 0 || demand.size() == 0 || n != history + demand.size() || work_per_server.cols() != n) {
    throw std::invalid_argument("demand_driven_stock: work per vintage must cover the history and the horizon");
  }
  if (!(history_growth > -1.0) || !std::isfinite(history_growth)) {
    throw std::invalid_argument("history growth must be finite and above -100 % a year");
  }
  // A vintage serves from its own year on: the entries on and below the diagonal.
  for (Eigen::Index y = 0; y < n; ++y) {
    for (Eigen::Index v = 0; v <= y; ++v) {
      if (!(work_per_server(y, v) > 0.0) || !std::isfinite(work_per_server(y, v))) {
        throw std::invalid_argument("the work one server delivers in a year must be positive");
      }
    }
  }
  if (!demand.allFinite() || (demand.array() < 0.0).any()) {
    throw std::invalid_argument("demand must be finite and >= 0");
  }
  FleetStock fleet;
  fleet.first_year = first_vintage_year;
  fleet.shipped = Eigen::VectorXd::Zero(n);
  fleet.installed_by_vintage = Eigen::MatrixXd::Zero(n, n);
  // 1. The history vintages, scaled so that the first projected year delivers its demand.
  double work_per_base_shipment = 0.0;
  for (Eigen::Index v = 0; v <= history; ++v) {
    work_per_base_shipment += std::pow(1.0 + history_growth, static_cast<double>(v - history)) *
                              survival.at(static_cast<int>(history - v)) * work_per_server(history, v);
  }
  const double s0 = demand(0) / work_per_base_shipment;
  for (Eigen::Index v = 0; v <= history; ++v) {
    fleet.shipped(v) = s0 * std::pow(1.0 + history_growth, static_cast<double>(v - history));
    for (Eigen::Index y = v; y <= history; ++y) {
      fleet.installed_by_vintage(y, v) = fleet.shipped(v) * survival.at(static_cast<int>(y - v));
    }
  }
  // 2. Each later year: the survivors, then new servers for the rest of the demand, or a cut where it fell.
  for (Eigen::Index y = history + 1; y < n; ++y) {
    double delivered = 0.0;
    for (Eigen::Index v = 0; v < y; ++v) {
      fleet.installed_by_vintage(y, v) =
          fleet.installed_by_vintage(y - 1, v) * survival_step(survival, static_cast<int>(y - v));
      delivered += fleet.installed_by_vintage(y, v) * work_per_server(y, v);
    }
    const double asked = demand(y - history);
    if (delivered <= asked) {
      fleet.shipped(y) = (asked - delivered) / work_per_server(y, y);
      fleet.installed_by_vintage(y, y) = fleet.shipped(y);
    } else {
      fleet.installed_by_vintage.row(y).head(y) *= asked / delivered;
    }
  }
  fleet.installed = fleet.installed_by_vintage.rowwise().sum();
  fleet.retired.resize(n);
  double previous = 0.0;
  for (Eigen::Index y = 0; y < n; ++y) {
    fleet.retired(y) = previous + fleet.shipped(y) - fleet.installed(y);
    previous = fleet.installed(y);
  }
  return fleet;
}

}  // namespace terawatt
