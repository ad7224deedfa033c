#pragma once
// Writing a collected sweep table. HDF5: group /summary with a `point` dimension (the point names, a dimension
// scale) and one 1-D variable per column, numbers as float64 with `units` and text as UTF-8 strings, so that
//   xr.open_dataset(path, group="summary", engine="h5netcdf")
// gives a Dataset indexed by point. CSV: one row per point, a header of column names, numbers in SI units as in
// the HDF5 table (its `units` attributes say which). Both are written to a temporary name and renamed.

#include "sim/app/sweep/collect_table.hpp"
#include "sim/io/hdf5_writer.hpp"

#include <string>
#include <vector>

namespace terawatt {

// Throws OutputError or std::runtime_error; leaves no file behind on failure.
void write_table_hdf5(const CollectedTable& table, const std::string& path, const std::vector<Attribute>& attributes);
void write_table_csv(const CollectedTable& table, const std::string& path);

}  // namespace terawatt
