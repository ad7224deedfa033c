#pragma once
// The HDF5 objects the writer makes: attributes, and whole 1-D or N-D datasets of strings, float64 values and CF
// flag values. Each function takes the partial file's path for its error messages and throws OutputError (via
// sim/io/hdf5_handle.hpp) when HDF5 fails. Used by the files of sim/io only.

#include "sim/io/hdf5_handle.hpp"
#include "sim/io/hdf5_writer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace terawatt::hdf5 {

// Variable-length UTF-8, which h5py and h5netcdf hand back as Python str.
Handle make_utf8_string_type(const std::string& path);

// A scalar attribute on `object` (named `object_name` in messages); one of the same name is replaced.
void write_attribute(hid_t object, const std::string& object_name, const std::string& name, const AttributeValue& value,
                     const std::string& path);

// The reason a flag variable cannot be written ("" when it can): CF 1.8 section 3.5 flag meanings are single words
// (no blank), and each value must be the index of one of them, a whole number that fits the int8 it is stored as.
std::string flag_problem(const std::vector<double>& values, const std::vector<std::string>& meanings);

// The dataset `name` in `group` holding `values`, of the shape given (row-major, the last dimension fastest).
// `what` names it in messages. The caller attaches dimension scales and descriptive attributes.
Handle write_string_dataset(hid_t group, const std::string& name, const std::vector<std::string>& values,
                            const std::string& what, const std::string& path);
Handle write_integer_dataset(hid_t group, const std::string& name, const std::vector<std::int64_t>& values,
                             const std::string& what, const std::string& path);
Handle write_float_dataset(hid_t group, const std::string& name, const std::vector<hsize_t>& shape,
                           const std::vector<double>& values, const std::string& what, const std::string& path);
// An int8 CF flag variable: value i means meanings[i]; attributes flag_values (int8 0, 1, ...) and flag_meanings
// (the meanings joined by single spaces). `values` must pass flag_problem.
Handle write_flag_dataset(hid_t group, const std::string& name, const std::vector<hsize_t>& shape,
                          const std::vector<double>& values, const std::vector<std::string>& meanings,
                          const std::string& what, const std::string& path);

// A dimension without a coordinate variable of `size` (the `bnds` of time bounds), as netCDF-4 writes one: a
// dimension scale whose NAME says it is not a variable, which netCDF-C and h5netcdf read as a bare dimension.
Handle write_bare_dimension(hid_t group, const std::string& name, hsize_t size, const std::string& path);

// The CF description of a variable: `long_name`, then each of comment, cell_methods and standard_name that is set.
void write_description(hid_t dataset, const std::string& name, const std::string& long_name, const CfDescription& cf,
                       const std::string& path);

}  // namespace terawatt::hdf5
