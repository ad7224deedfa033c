#include "models/base/number_text.hpp"

#include <cstdlib>
#include <iomanip>
#include <sstream>

namespace terawatt {

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string exact_number_text(double value) {
  std::string text;
  for (int digits = 15; digits <= 17; ++digits) {
    std::ostringstream out;
    out.precision(digits);
    out << value;
    text = out.str();
    if (std::strtod(text.c_str(), nullptr) == value) break;
  }
  return text;
}

std::string format_fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

}  // namespace terawatt
