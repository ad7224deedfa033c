#pragma once
// Writing a collected sweep table. HDF5: group /summary with a `point` dimension (the point names, a dimension
// scale) and one 1-D variable per column, numbers as float64 with `units` and text as UTF-8 strings, so that
//   xr.open_dataset(path, group="summary", engine="h5netcdf")
// gives a Dataset indexed by point. CSV: one row per point, a header of column names, numbers in SI units as in
// the HDF5 table (its `units` attributes say which). Both are written to temporary names and renamed
// once both are whole.

#include "sim/app/sweep/collect_table.hpp"
#include "sim/io/hdf5_writer.hpp"

#include <string>
#include <vector>

namespace terawatt {

// Writes the HDF5 table to `output` and, unless `csv` is empty, the CSV table to `csv`: both or neither. Throws
// OutputError, leaving no file behind, when either cannot be written.
void write_collected_table(const CollectedTable& table, const std::vector<Attribute>& attributes,
                           const std::string& output, const std::string& csv);

}  // namespace terawatt
