#include "models/base/number_text.hpp"

#include <iomanip>
#include <sstream>

namespace terawatt {

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string format_fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

}  // namespace terawatt
