#include "models/power/server_utilisation_power.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {

double server_power_at_utilisation_w(const LinearServerPower& server, double utilisation) {
  if (!(utilisation >= 0.0 && utilisation <= 1.0)) throw std::invalid_argument("utilisation must lie in [0, 1]");
  if (!(server.idle_w >= 0.0) || !(server.max_w >= server.idle_w) || !std::isfinite(server.max_w)) {
    throw std::invalid_argument("a server's powers must satisfy 0 <= idle <= max");
  }
  return server.idle_w + (server.max_w - server.idle_w) * utilisation;
}

}  // namespace terawatt
