#pragma once
// Numbers as the models print them in error messages and preset tables, in one place so that the same value reads
// the same in every message and table.

#include <string>

namespace terawatt {

// Six significant digits, as an unadorned std::ostream writes a double: "0.1", "1e+06", "31000".
std::string format_number(double value);

// The shortest decimal text (15 to 17 significant digits) that reads back to exactly `value`: for files that must
// load back to the same numbers (a resolved scenario, a JSON catalog).
std::string exact_number_text(double value);

// A fixed number of decimals, for table columns that must line up: format_fixed(1.1049, 2) is "1.10".
std::string format_fixed(double value, int decimals);

}  // namespace terawatt
