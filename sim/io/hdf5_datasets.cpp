#include "sim/io/hdf5_datasets.hpp"

#include <hdf5_hl.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <utility>

namespace terawatt::hdf5 {
namespace {

template <typename Value>
void write_scalar_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t memory_type,
                            const Value* data, const std::string& what, const std::string& path) {
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, path, "creating dataspace for " + what);
  Handle attr = checked(H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                        path, "creating " + what);
  check(H5Awrite(attr.get(), memory_type, data), path, "writing " + what);
  check(attr.close(), path, "closing " + what);
}

Handle create_dataset(hid_t group, const std::string& name, hid_t type, const std::vector<hsize_t>& shape,
                      const std::string& what, const std::string& path) {
  Handle space = checked(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose, path,
                         "creating dataspace for " + what);
  return checked(H5Dcreate2(group, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                 path, "creating " + what);
}

}  // namespace

Handle make_utf8_string_type(const std::string& path) {
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, path, "copying string datatype");
  check(H5Tset_size(type.get(), H5T_VARIABLE), path, "making string datatype variable-length");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), path, "setting string datatype to UTF-8");
  return type;
}

void write_attribute(hid_t object, const std::string& object_name, const std::string& name, const AttributeValue& value,
                     const std::string& path) {
  const std::string what = "attribute '" + name + "' on '" + object_name + "'";
  const htri_t exists = H5Aexists(object, name.c_str());
  check(exists, path, "checking " + what);
  if (exists > 0) check(H5Adelete(object, name.c_str()), path, "replacing " + what);

  if (const auto* text = std::get_if<std::string>(&value)) {
    Handle type = make_utf8_string_type(path);
    const char* data = text->c_str();
    write_scalar_attribute(object, name, type.get(), type.get(), &data, what, path);
  } else if (const auto* real = std::get_if<double>(&value)) {
    write_scalar_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, real, what, path);
  } else {
    const std::int64_t integer = std::get<std::int64_t>(value);
    write_scalar_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &integer, what, path);
  }
}

std::string flag_problem(const std::vector<double>& values, const std::vector<std::string>& meanings) {
  if (meanings.size() > static_cast<std::size_t>(std::numeric_limits<std::int8_t>::max()) + 1) {
    return "has more flag meanings than int8 values";
  }
  for (const auto& meaning : meanings) {
    if (meaning.empty() || meaning.find_first_of(" \t\n") != std::string::npos) {
      return "has flag meaning '" + meaning + "', which is not one word";
    }
  }
  for (const double value : values) {
    if (!(value >= 0.0) || value != std::floor(value) || value >= static_cast<double>(meanings.size())) {
      return "has value " + std::to_string(value) + ", which is not the index of one of its " +
             std::to_string(meanings.size()) + " flag meanings";
    }
  }
  return "";
}

Handle write_string_dataset(hid_t group, const std::string& name, const std::vector<std::string>& values,
                            const std::string& what, const std::string& path) {
  Handle type = make_utf8_string_type(path);
  Handle dataset = create_dataset(group, name, type.get(), {values.size()}, what, path);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& value : values) pointers.push_back(value.c_str());
  check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), path,
        "writing strings of " + what);
  return dataset;
}

Handle write_float_dataset(hid_t group, const std::string& name, const std::vector<hsize_t>& shape,
                           const std::vector<double>& values, const std::string& what, const std::string& path) {
  Handle dataset = create_dataset(group, name, H5T_IEEE_F64LE, shape, what, path);
  check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path,
        "writing " + what);
  return dataset;
}

Handle write_integer_dataset(hid_t group, const std::string& name, const std::vector<std::int64_t>& values,
                             const std::string& what, const std::string& path) {
  Handle dataset = create_dataset(group, name, H5T_STD_I64LE, {values.size()}, what, path);
  check(H5Dwrite(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), path,
        "writing " + what);
  return dataset;
}

Handle write_flag_dataset(hid_t group, const std::string& name, const std::vector<hsize_t>& shape,
                          const std::vector<double>& values, const std::vector<std::string>& meanings,
                          const std::string& what, const std::string& path) {
  std::vector<std::int8_t> codes(values.begin(), values.end());
  Handle dataset = create_dataset(group, name, H5T_STD_I8LE, shape, what, path);
  check(H5Dwrite(dataset.get(), H5T_NATIVE_INT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, codes.data()), path, "writing " + what);

  std::vector<std::int8_t> flag_values;
  std::string flag_meanings;
  for (std::size_t i = 0; i < meanings.size(); ++i) {
    flag_values.push_back(static_cast<std::int8_t>(i));
    flag_meanings += (i == 0 ? "" : " ") + meanings[i];
  }
  // CF wants flag_values of the variable's own type, so it is an int8 array, which write_attribute's scalars are not.
  const std::string attribute = "attribute 'flag_values' on " + what;
  const hsize_t count = flag_values.size();
  Handle space = checked(H5Screate_simple(1, &count, nullptr), H5Sclose, path, "creating dataspace for " + attribute);
  Handle attr = checked(H5Acreate2(dataset.get(), "flag_values", H5T_STD_I8LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                        H5Aclose, path, "creating " + attribute);
  check(H5Awrite(attr.get(), H5T_NATIVE_INT8, flag_values.data()), path, "writing " + attribute);
  check(attr.close(), path, "closing " + attribute);
  write_attribute(dataset.get(), name, "flag_meanings", AttributeValue{flag_meanings}, path);
  return dataset;
}

Handle write_bare_dimension(hid_t group, const std::string& name, hsize_t size, const std::string& path) {
  const std::string what = "dimension '" + name + "'";
  Handle dataset = write_float_dataset(group, name, {size}, std::vector<double>(size, 0.0), what, path);
  // netCDF-C (nc4internal.h, DIM_WITHOUT_VARIABLE) and h5netcdf recognise the dimension by this prefix of its NAME;
  // netCDF-C appends the size in ten columns.
  char scale_name[80];
  std::snprintf(scale_name, sizeof scale_name, "This is a netCDF dimension but not a netCDF variable.%10llu",
                static_cast<unsigned long long>(size));
  check(H5DSset_scale(dataset.get(), scale_name), path, "making " + what + " a dimension scale");
  return dataset;
}

void write_description(hid_t dataset, const std::string& name, const std::string& long_name, const CfDescription& cf,
                       const std::string& path) {
  write_attribute(dataset, name, "long_name", AttributeValue{long_name}, path);
  const std::pair<const char*, const std::string*> optional[] = {
      {"comment", &cf.comment}, {"cell_methods", &cf.cell_methods}, {"standard_name", &cf.standard_name}};
  for (const auto& [attribute, value] : optional) {
    if (!value->empty()) write_attribute(dataset, name, attribute, AttributeValue{*value}, path);
  }
}

}  // namespace terawatt::hdf5
