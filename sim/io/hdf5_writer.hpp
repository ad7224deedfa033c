// HDF5 output for simulation results, laid out so that xarray (engine="h5netcdf")
// opens each group as a labelled Dataset without any netCDF library in the writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace terawatt {

struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A named dimension with string labels. Written as a coordinate variable that is
// an HDF5 dimension scale, which is what h5netcdf maps to an xarray dimension.
// With integer_labels every label is a decimal integer (a calendar year) and the coordinate is written as int64,
// so that readers can select and plot it as a number.
struct LabelDimension {
  std::string name;
  std::vector<std::string> labels;
  std::string long_name;
  bool integer_labels = false;
};

// The CF attributes of a variable beyond `units` and `long_name`, each written only when set. The long_name stays
// short, because xarray labels plot axes with "long_name [units]"; what it leaves out goes to `comment`.
struct CfDescription {
  std::string comment;       // the variable's definition in full: what it covers, when it is NaN
  std::string cell_methods;  // CF 1.8 section 7.3: "time: mean" for an interval mean, "time: point" for a running total
  std::string standard_name;  // a name of the CF standard name table, where one exists
};

// A 2-D (time, dimension) float64 variable.
struct VariableSpec {
  std::string name;
  std::string units;
  std::string long_name;
  std::string dimension;
  CfDescription cf = {};
};

// A 1-D float64 variable over one summary label dimension. With flag_meanings it is an enumeration instead, written
// as a CF flag variable (CF 1.8 section 3.5): int8 values, value i meaning flag_meanings[i] (one word each), with the
// attributes flag_values (0, 1, ...) and flag_meanings (the words joined by spaces) and no units.
struct SummaryVariable {
  std::string name;
  std::string units;
  std::string long_name;
  std::string dimension;
  std::vector<double> values;
  std::vector<std::string> flag_meanings = {};
  CfDescription cf = {};
};

// An N-D float64 variable over named label dimensions; values are row-major (the last dimension varies fastest).
// flag_meanings as in SummaryVariable.
struct ArrayVariable {
  std::string name;
  std::string units;
  std::string long_name;
  std::vector<std::string> dimensions;
  std::vector<double> values;
  std::vector<std::string> flag_meanings = {};
  CfDescription cf = {};
};

// A string for each label of one dimension (the site of each cluster): an auxiliary coordinate. It is written as a
// variable-length UTF-8 variable over that dimension and named in its group's `coordinates` attribute, which xarray
// reads as "these variables are coordinates".
struct LabelCoordinate {
  std::string name;
  std::string long_name;
  std::string dimension;
  std::vector<std::string> values;
};

using AttributeValue = std::variant<std::string, double, std::int64_t>;

struct Attribute {
  std::string name;
  AttributeValue value;
};

// Writes one result file. Everything goes to `final_path + ".partial"` and is only
// renamed to `final_path` by commit(), so a reader never sees a half-written file
// under the final name. Not thread-safe; one writer per file.
class Hdf5Writer {
 public:
  // Creates the .partial file (truncating). Throws std::invalid_argument if
  // chunk_rows is 0, OutputError if the file cannot be created.
  explicit Hdf5Writer(std::string final_path, std::size_t chunk_rows = 1024);
  // If not committed: closes and deletes the .partial file. Never throws.
  ~Hdf5Writer();

  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  // Group /timeseries: an unlimited float64 `time` dimension (CF units
  // `time_units`, e.g. "seconds since 2024-01-01T00:00:00Z") with its CF bounds `time_bnds` (time, bnds), the label
  // dimensions, and one chunked, compressed (time, dimension) dataset per variable.
  // A chunk holds chunk_rows rows, fewer when the widest variable would make it
  // larger than 8 MiB (the rows of a chunk are buffered in memory). Call at most once. Throws std::invalid_argument on
  // bad names/dimensions, std::logic_error if called twice or after commit, OutputError on HDF5 failure.
  void define_timeseries(const std::string& time_units, std::vector<LabelDimension> dims,
                         std::vector<VariableSpec> vars);

  // One sample row: values[i] belongs to vars[i] and must have that variable's
  // dimension size (std::invalid_argument otherwise). A row describes the interval from the previous row's time (the
  // first row's: from 0) to time_s, which time_bnds records; a time before the previous row's is
  // std::invalid_argument. Rows are buffered and written a chunk at a time.
  void append_row(double time_s, const std::vector<std::vector<double>>& values);

  // Rows appended so far, buffered or written.
  std::size_t rows() const;

  // Group /summary: label dimensions and 1-D variables over them. Call at most
  // once, any time before commit().
  void write_summary(std::vector<LabelDimension> dims, std::vector<SummaryVariable> vars);

  // Group /`group` (not "timeseries"): label dimensions, N-D variables over them and attributes on the group.
  // write_summary is this group for 1-D variables. Call once per group (std::logic_error otherwise).
  void write_group(const std::string& group, std::vector<LabelDimension> dims, const std::vector<ArrayVariable>& vars,
                   const std::vector<Attribute>& attributes = {});

  // Adds coordinates to group /`group`, already written (define_timeseries, write_summary or write_group), each over
  // one of its label dimensions. Throws std::invalid_argument for an unknown dimension, a size that is not the
  // dimension's, or a name the group already has, before writing any; std::logic_error for a group not written yet.
  void write_coordinates(const std::string& group, const std::vector<LabelCoordinate>& coordinates);

  // Scalar root attributes (UTF-8 variable-length string, float64 or int64).
  // An attribute of the same name is replaced.
  void set_root_attributes(const std::vector<Attribute>& attrs);

  // Flushes buffered rows, sets root attribute complete=1, closes the file and
  // renames .partial -> final_path (replacing an existing file). After a
  // successful commit the writer accepts no further calls (std::logic_error).
  void commit();

  bool committed() const;
  const std::string& final_path() const;
  std::string partial_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace terawatt
