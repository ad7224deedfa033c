#include "sim/io/hdf5_layout_checks.hpp"

#include "sim/io/hdf5_datasets.hpp"

#include <stdexcept>

namespace terawatt::hdf5 {

void validate_name(const std::string& name, const std::string& kind) {
  // '/' would silently create nested groups and '.' names the group itself.
  if (name.empty() || name == "." || name.find('/') != std::string::npos) {
    throw std::invalid_argument("invalid " + kind + " name '" + name + "'");
  }
}

// Checks a set of label dimensions and returns their sizes by name.
DimensionSizes validate_dimensions(const std::vector<LabelDimension>& dims, std::set<std::string>& taken,
                                   const std::string& group) {
  DimensionSizes sizes;
  for (const auto& dim : dims) {
    validate_name(dim.name, group + " dimension");
    if (!taken.insert(dim.name).second) {
      throw std::invalid_argument("duplicate name '" + dim.name + "' in " + group);
    }
    // HDF5 refuses chunked or extent-0 fixed dimensions in places we rely on,
    // and an empty label set is almost certainly a scenario bug.
    if (dim.labels.empty()) {
      throw std::invalid_argument(group + " dimension '" + dim.name + "' has no labels");
    }
    sizes.emplace_back(dim.name, dim.labels.size());
  }
  return sizes;
}

std::size_t find_dimension_size(const DimensionSizes& sizes, const std::string& dimension, const std::string& variable,
                                const std::string& group) {
  for (const auto& [name, size] : sizes) {
    if (name == dimension) return size;
  }
  throw std::invalid_argument(group + " variable '" + variable + "' uses unknown dimension '" + dimension + "'");
}

// Checks one variable of write_group against the group's dimensions and the names already taken there.
void validate_array_variable(const ArrayVariable& var, const DimensionSizes& sizes, std::set<std::string>& taken,
                             const std::string& group) {
  validate_name(var.name, group + " variable");
  if (!taken.insert(var.name).second) throw std::invalid_argument("duplicate name '" + var.name + "' in " + group);
  std::size_t size = 1;
  for (const auto& dimension : var.dimensions) size *= find_dimension_size(sizes, dimension, var.name, group);
  if (var.dimensions.empty() || var.values.size() != size) {
    throw std::invalid_argument(group + " variable '" + var.name + "' has " + std::to_string(var.values.size()) +
                                " values but dimension" +
                                (var.dimensions.size() == 1 ? " '" + var.dimensions[0] + "'" : "s") + " ha" +
                                (var.dimensions.size() == 1 ? "s " : "ve ") + std::to_string(size) + " labels");
  }
  if (!var.flag_meanings.empty()) {
    const std::string problem = flag_problem(var.values, var.flag_meanings);
    if (!problem.empty()) throw std::invalid_argument(group + " flag variable '" + var.name + "' " + problem);
  }
}

}  // namespace terawatt::hdf5
