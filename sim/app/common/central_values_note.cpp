#include "sim/app/common/central_values_note.hpp"

#include <iostream>

namespace terawatt {

void print_central_values_note(const std::vector<std::string>& central_values) {
  if (central_values.empty()) return;
  std::cerr << "terawatt: note: " << central_values.size()
            << " values are distributions; this run takes their central values (--samples N draws them):";
  for (const std::string& value : central_values) std::cerr << ' ' << value;
  std::cerr << '\n';
}

}  // namespace terawatt
