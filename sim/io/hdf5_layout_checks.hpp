#pragma once
// The checks Hdf5Writer makes on a group's layout before it writes anything, so that a bad layout leaves the file
// untouched: names HDF5 would misread, duplicate names, empty dimensions, variables whose size or dimensions do not
// match. Each throws std::invalid_argument naming the group and the variable. Used by the files of sim/io only.

#include "sim/io/hdf5_writer.hpp"

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace terawatt::hdf5 {

// A dimension's name and its number of labels.
using DimensionSizes = std::vector<std::pair<std::string, std::size_t>>;

// `kind` names the thing in the message ("timeseries variable").
void validate_name(const std::string& name, const std::string& kind);

// Checks a group's label dimensions, adds their names to `taken` and returns their sizes.
DimensionSizes validate_dimensions(const std::vector<LabelDimension>& dims, std::set<std::string>& taken,
                                   const std::string& group);

// The size of `dimension`; throws when the group has none of that name.
std::size_t find_dimension_size(const DimensionSizes& sizes, const std::string& dimension, const std::string& variable,
                                const std::string& group);

// Checks one variable of write_group (its values fill its dimensions; a flag variable's values name its meanings)
// and adds its name to `taken`.
void validate_array_variable(const ArrayVariable& var, const DimensionSizes& sizes, std::set<std::string>& taken,
                             const std::string& group);

}  // namespace terawatt::hdf5
