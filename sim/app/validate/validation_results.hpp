#pragma once
// `terawatt validate`'s results for machines, beside the table it prints: the table's rows as CSV (RFC 4180, one
// header line), and as JUnit XML for CI systems (one test case per published figure, named by case and metric: a
// figure outside its tolerance is a failure, a case that did not run or a check that could not be evaluated an
// error, a documented miss a skipped test with its explanation).

#include "sim/app/validate/validation_table.hpp"

#include <map>
#include <string>
#include <vector>

namespace terawatt {

std::string validation_csv(const std::vector<ValidationRow>& rows);

// `explanations`: the documented misses' explanations, by "case: metric".
std::string validation_junit(const std::vector<ValidationRow>& rows,
                             const std::map<std::string, std::string>& explanations);

}  // namespace terawatt
