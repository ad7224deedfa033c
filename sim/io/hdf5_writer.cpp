// This file is long because Hdf5Writer is one class whose state (the open file, the time-series buffers, the
// coordinates written per group) is its private Impl, which every public method reads and changes; one file keeps Impl
// private. The HDF5 objects it makes are in sim/io/hdf5_datasets.hpp, its layout checks in
// sim/io/hdf5_layout_checks.hpp.
#include "sim/io/hdf5_writer.hpp"

#include "sim/io/hdf5_datasets.hpp"
#include "sim/io/hdf5_layout_checks.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <utility>

namespace terawatt {
namespace {

using hdf5::check;
using hdf5::checked;
using hdf5::find_dimension_size;
using hdf5::Handle;
using hdf5::validate_array_variable;
using hdf5::validate_dimensions;
using hdf5::validate_name;
using hdf5::write_attribute;

void write_string_attribute(hid_t object, const std::string& object_name, const std::string& name,
                            const std::string& value, const std::string& path) {
  write_attribute(object, object_name, name, AttributeValue{value}, path);
}

bool filter_can_encode(H5Z_filter_t filter) {
  if (H5Zfilter_avail(filter) <= 0) return false;
  unsigned int config = 0;
  if (H5Zget_filter_info(filter, &config) < 0) return false;
  return (config & H5Z_FILTER_CONFIG_ENCODE_ENABLED) != 0;
}

// The number of labels of label dimension `name` in `group`; 0 when the group has no dimension of that name.
std::size_t label_dimension_size(hid_t group, const std::string& name, const std::string& path) {
  if (name.empty() || name == "time") return 0;  // the time dimension grows; no coordinate has its length
  const htri_t exists = H5Lexists(group, name.c_str(), H5P_DEFAULT);
  check(exists, path, "checking dimension '" + name + "'");
  if (exists <= 0) return 0;
  Handle dataset = checked(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, path, "opening '" + name + "'");
  const htri_t scale = H5DSis_scale(dataset.get());
  check(scale, path, "checking whether '" + name + "' is a dimension");
  if (scale <= 0) return 0;
  Handle space = checked(H5Dget_space(dataset.get()), H5Sclose, path, "getting dataspace of '" + name + "'");
  if (H5Sget_simple_extent_ndims(space.get()) != 1) return 0;
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  check(points < 0 ? -1 : 0, path, "counting labels of '" + name + "'");
  return static_cast<std::size_t>(points);
}

// The labels of an integer-labelled dimension as numbers; std::invalid_argument for a label that is not an integer.
std::vector<std::int64_t> integer_labels(const LabelDimension& dim, const std::string& group) {
  std::vector<std::int64_t> numbers;
  numbers.reserve(dim.labels.size());
  for (const std::string& label : dim.labels) {
    std::int64_t number = 0;
    const char* end = label.data() + label.size();
    const auto [stop, error] = std::from_chars(label.data(), end, number);
    if (error != std::errc{} || stop != end) {
      throw std::invalid_argument(group + " dimension '" + dim.name + "': label '" + label + "' is not an integer");
    }
    numbers.push_back(number);
  }
  return numbers;
}

}  // namespace

// The largest chunk of one time-series variable: 8 MiB, large enough that deflate works on long runs of values,
// small enough that a run with a hundred thousand workloads does not hold gigabytes of rows in memory.
constexpr std::size_t max_chunk_bytes = std::size_t{8} << 20;

struct Hdf5Writer::Impl {
  struct SeriesVariable {
    std::string name;
    std::size_t width = 0;
    Handle dataset;
    std::vector<double> buffer;  // row-major (row, width), at most chunk_rows rows
  };

  std::string final_path;
  std::string partial;
  std::size_t chunk_rows;
  bool created = false;
  bool committed = false;
  bool timeseries_defined = false;
  bool summary_written = false;
  bool compress = false;
  bool shuffle = false;

  // Declared before the datasets so that, on destruction, datasets close first.
  Handle file;
  Handle time_dataset;
  Handle time_bounds_dataset;
  std::vector<double> time_buffer;
  std::vector<double> time_bounds_buffer;  // (row, 2): each row's interval start and end
  double last_time_s = 0.0;                // the end of the last row's interval: the next row's start
  std::vector<SeriesVariable> series;
  std::size_t rows_written = 0;
  // Per group, the names written to its `coordinates` attribute so far, separated by spaces.
  std::map<std::string, std::string> coordinates_of_group;

  Impl(std::string path, std::size_t rows_per_chunk)
      : final_path(std::move(path)), partial(final_path + ".partial"), chunk_rows(rows_per_chunk) {
    if (chunk_rows == 0) throw std::invalid_argument("Hdf5Writer: chunk_rows must be positive");
    // HDF5 caps a chunk at 4 GiB; wider variables are checked in define_timeseries.
    if (chunk_rows > std::numeric_limits<std::uint32_t>::max() / sizeof(double)) {
      throw std::invalid_argument("Hdf5Writer: chunk_rows too large for the HDF5 4 GiB chunk limit");
    }
    if (final_path.empty()) throw std::invalid_argument("Hdf5Writer: empty output path");
    // The writer reports failures as exceptions with the cause attached, so
    // HDF5's own stderr dump would only duplicate them.
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);

    compress = filter_can_encode(H5Z_FILTER_DEFLATE);
    shuffle = compress && filter_can_encode(H5Z_FILTER_SHUFFLE);

    // SEMI close degree makes H5Fclose fail if anything is still open, instead of
    // silently deferring the close, so a successful close means the file is
    // complete on disk before commit() renames it.
    Handle fapl = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, partial, "creating file access properties");
    check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), partial, "setting file close degree");
    // A .partial left by a killed run, or anything planted at its name (a symbolic link above all), is removed
    // first: unlink removes a link itself, never its target. The file is then created exclusively (O_CREAT |
    // O_EXCL), which never follows a link that appears in between.
    struct stat existing {};
    if (lstat(partial.c_str(), &existing) == 0 && !S_ISDIR(existing.st_mode)) unlink(partial.c_str());
    const hid_t id = H5Fcreate(partial.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.get());
    // H5Fcreate creates the file before it writes the superblock: on a full disk it fails with the empty file left.
    if (id < 0 && lstat(partial.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) unlink(partial.c_str());
    file = checked(id, H5Fclose, partial, "cannot create file");
    created = true;
    try {
      // A crashed run may leave the .partial behind; this marks it as unusable.
      write_attribute(file.get(), "/", "complete", AttributeValue{std::int64_t{0}}, partial);
      check(H5Fflush(file.get(), H5F_SCOPE_LOCAL), partial, "flushing new file");
    } catch (...) {
      // ~Impl does not run for a throwing constructor, so clean up here.
      file.reset();
      std::remove(partial.c_str());
      throw;
    }
  }

  ~Impl() {
    close_all();
    if (created && !committed) std::remove(partial.c_str());
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;

  void close_all() noexcept {
    for (auto& var : series) var.dataset.reset();
    time_bounds_dataset.reset();
    time_dataset.reset();
    file.reset();
  }

  void require_open(const char* operation) const {
    if (committed) throw std::logic_error(std::string("Hdf5Writer::") + operation + " after commit()");
  }

  // Chunked + (optionally) compressed dataset creation properties.
  Handle make_chunked_dcpl(int rank, const hsize_t* chunk) const {
    Handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, partial, "creating dataset properties");
    check(H5Pset_chunk(dcpl.get(), rank, chunk), partial, "setting chunk size");
    if (shuffle) check(H5Pset_shuffle(dcpl.get()), partial, "enabling shuffle filter");
    if (compress) check(H5Pset_deflate(dcpl.get(), 4), partial, "enabling deflate filter");
    return dcpl;
  }

  Handle write_label_dimension(hid_t group, const std::string& group_name, const LabelDimension& dim) const {
    const std::string what = "dimension '" + group_name + "/" + dim.name + "'";
    Handle dataset = dim.integer_labels
                         ? hdf5::write_integer_dataset(group, dim.name, integer_labels(dim, group_name), what, partial)
                         : hdf5::write_string_dataset(group, dim.name, dim.labels, what, partial);
    check(H5DSset_scale(dataset.get(), dim.name.c_str()), partial, "making " + what + " a dimension scale");
    write_string_attribute(dataset.get(), dim.name, "long_name", dim.long_name, partial);
    return dataset;
  }

  // An unlimited, chunked float64 dataset of /timeseries, empty: rank 1, or rank 2 with `width` values per row.
  Handle create_growing_dataset(hid_t group, const std::string& name, int rank, hsize_t width) const {
    const std::string what = "dataset '/timeseries/" + name + "'";
    const hsize_t initial[2] = {0, width};
    const hsize_t maximum[2] = {H5S_UNLIMITED, width};
    const hsize_t chunk[2] = {chunk_rows, width};
    Handle space =
        checked(H5Screate_simple(rank, initial, maximum), H5Sclose, partial, "creating dataspace for " + what);
    Handle dcpl = make_chunked_dcpl(rank, chunk);
    return checked(H5Dcreate2(group, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                   H5Dclose, partial, "creating " + what);
  }

  // The `time` dimension of /timeseries with its CF attributes, and its bounds `time_bnds` (time, bnds): each row's
  // value covers the interval between its bounds, which the variables' cell_methods refer to (CF 1.8 section 7.1).
  void create_time_dimension(hid_t group, const std::string& time_units) {
    time_dataset = create_growing_dataset(group, "time", 1, 1);
    check(H5DSset_scale(time_dataset.get(), "time"), partial, "making '/timeseries/time' a dimension scale");
    const hid_t t = time_dataset.get();
    write_string_attribute(t, "time", "units", time_units, partial);
    write_string_attribute(t, "time", "calendar", "standard", partial);
    write_string_attribute(t, "time", "standard_name", "time", partial);
    write_string_attribute(t, "time", "long_name", "time", partial);
    write_string_attribute(t, "time", "axis", "T", partial);
    write_string_attribute(t, "time", "bounds", "time_bnds", partial);

    const Handle bnds = hdf5::write_bare_dimension(group, "bnds", 2, partial);
    time_bounds_dataset = create_growing_dataset(group, "time_bnds", 2, 2);
    const std::string what = "dataset '/timeseries/time_bnds'";
    check(H5DSattach_scale(time_bounds_dataset.get(), time_dataset.get(), 0), partial, "attaching time to " + what);
    check(H5DSattach_scale(time_bounds_dataset.get(), bnds.get(), 1), partial, "attaching bnds to " + what);
  }

  // One (time, dimension) variable of /timeseries, empty, over the `time` dimension and `scale`.
  SeriesVariable create_series_variable(hid_t group, const VariableSpec& var, std::size_t width, hid_t scale) const {
    const std::string what = "dataset '/timeseries/" + var.name + "'";
    SeriesVariable variable;
    variable.name = var.name;
    variable.width = width;
    variable.dataset = create_growing_dataset(group, var.name, 2, width);
    write_string_attribute(variable.dataset.get(), var.name, "units", var.units, partial);
    hdf5::write_description(variable.dataset.get(), var.name, var.long_name, var.cf, partial);
    check(H5DSattach_scale(variable.dataset.get(), time_dataset.get(), 0), partial, "attaching time to " + what);
    check(H5DSattach_scale(variable.dataset.get(), scale, 1), partial,
          "attaching dimension '" + var.dimension + "' to " + what);
    variable.buffer.reserve(chunk_rows * width);
    return variable;
  }

  // One variable of a group written whole: float64, or int8 with its flag attributes; its dimensions attached.
  void write_array_variable(hid_t group, const std::string& where, const ArrayVariable& var,
                            const std::vector<hsize_t>& shape, const std::vector<hid_t>& scales) const {
    const std::string what = "dataset '" + where + "/" + var.name + "'";
    Handle dataset =
        var.flag_meanings.empty()
            ? hdf5::write_float_dataset(group, var.name, shape, var.values, what, partial)
            : hdf5::write_flag_dataset(group, var.name, shape, var.values, var.flag_meanings, what, partial);
    // A flag variable's value is a category, which has no units (CF 1.8 section 3.5).
    if (var.flag_meanings.empty()) write_string_attribute(dataset.get(), var.name, "units", var.units, partial);
    hdf5::write_description(dataset.get(), var.name, var.long_name, var.cf, partial);
    for (std::size_t axis = 0; axis < scales.size(); ++axis) {
      check(H5DSattach_scale(dataset.get(), scales[axis], static_cast<unsigned>(axis)), partial,
            "attaching dimension '" + var.dimensions[axis] + "' to " + what);
    }
  }

  void append_block(hid_t dataset, const std::string& name, int rank, hsize_t width, std::size_t n,
                    const double* data) const {
    const std::string what = "dataset '/timeseries/" + name + "'";
    const hsize_t first = rows_written;
    const hsize_t extent[2] = {first + n, width};
    check(H5Dset_extent(dataset, extent), partial, "extending " + what);
    Handle file_space = checked(H5Dget_space(dataset), H5Sclose, partial, "getting dataspace of " + what);
    const hsize_t start[2] = {first, 0};
    const hsize_t count[2] = {n, width};
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr), partial,
          "selecting rows of " + what);
    Handle memory_space =
        checked(H5Screate_simple(rank, count, nullptr), H5Sclose, partial, "creating memory dataspace for " + what);
    check(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(), H5P_DEFAULT, data), partial,
          "writing rows of " + what);
  }

  void flush() {
    const std::size_t n = time_buffer.size();
    if (n == 0) return;
    append_block(time_dataset.get(), "time", 1, 1, n, time_buffer.data());
    append_block(time_bounds_dataset.get(), "time_bnds", 2, 2, n, time_bounds_buffer.data());
    for (const auto& var : series) append_block(var.dataset.get(), var.name, 2, var.width, n, var.buffer.data());
    rows_written += n;
    time_buffer.clear();
    time_bounds_buffer.clear();
    for (auto& var : series) var.buffer.clear();
  }
};

Hdf5Writer::Hdf5Writer(std::string final_path, std::size_t chunk_rows)
    : impl_(std::make_unique<Impl>(std::move(final_path), chunk_rows)) {}

// Impl's destructor does the cleanup; defined here where Impl is complete.
Hdf5Writer::~Hdf5Writer() = default;

void Hdf5Writer::define_timeseries(const std::string& time_units, std::vector<LabelDimension> dims,
                                   std::vector<VariableSpec> vars) {
  Impl& im = *impl_;
  im.require_open("define_timeseries");
  if (im.timeseries_defined) throw std::logic_error("Hdf5Writer::define_timeseries called twice");
  if (time_units.empty()) throw std::invalid_argument("define_timeseries: empty time units");

  // Validate everything before touching the file so a bad spec leaves it untouched.
  std::set<std::string> taken{"time", "time_bnds", "bnds"};
  const auto sizes = validate_dimensions(dims, taken, "timeseries");
  std::vector<std::size_t> widths;
  for (const auto& var : vars) {
    validate_name(var.name, "timeseries variable");
    if (!taken.insert(var.name).second) {
      throw std::invalid_argument("duplicate name '" + var.name + "' in timeseries");
    }
    const std::size_t width = find_dimension_size(sizes, var.dimension, var.name, "timeseries");
    // HDF5 caps a chunk at 4 GiB.
    if (width > std::numeric_limits<std::uint32_t>::max() / sizeof(double) / im.chunk_rows) {
      throw std::invalid_argument("timeseries variable '" + var.name + "': chunk of " + std::to_string(im.chunk_rows) +
                                  " rows x " + std::to_string(width) + " values exceeds the HDF5 4 GiB chunk limit");
    }
    widths.push_back(width);
  }
  // Rows are buffered, and compressed, a chunk at a time: a chunk of 1,024 rows of 100,000 workloads would hold
  // 800 MB in the buffer, and as much again in the compressor (measured: 23.5 kB of peak memory per training job with
  // 100,000 jobs). Wide variables therefore take fewer rows per chunk, at most max_chunk_bytes each; narrow ones
  // (every shipped scenario's) keep the rows asked for.
  const std::size_t widest =
      widths.empty() ? 1 : std::max<std::size_t>(1, *std::max_element(widths.begin(), widths.end()));
  im.chunk_rows = std::min(im.chunk_rows, std::max<std::size_t>(1, max_chunk_bytes / (widest * sizeof(double))));

  Handle group = checked(H5Gcreate2(im.file.get(), "timeseries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                         im.partial, "creating group '/timeseries'");
  im.create_time_dimension(group.get(), time_units);
  std::vector<Handle> scales;
  scales.reserve(dims.size());
  for (const auto& dim : dims) scales.push_back(im.write_label_dimension(group.get(), "/timeseries", dim));
  im.series.reserve(vars.size());
  for (std::size_t i = 0; i < vars.size(); ++i) {
    std::size_t scale_index = 0;
    while (dims[scale_index].name != vars[i].dimension) ++scale_index;
    im.series.push_back(im.create_series_variable(group.get(), vars[i], widths[i], scales[scale_index].get()));
  }
  im.time_buffer.reserve(im.chunk_rows);
  im.time_bounds_buffer.reserve(2 * im.chunk_rows);
  im.timeseries_defined = true;
}

void Hdf5Writer::append_row(double time_s, const std::vector<std::vector<double>>& values) {
  Impl& im = *impl_;
  im.require_open("append_row");
  if (!im.timeseries_defined) throw std::logic_error("Hdf5Writer::append_row before define_timeseries");
  // Check the whole row first so a bad row never leaves the buffers misaligned.
  if (values.size() != im.series.size()) {
    throw std::invalid_argument("append_row: got " + std::to_string(values.size()) + " variables, expected " +
                                std::to_string(im.series.size()));
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].size() != im.series[i].width) {
      throw std::invalid_argument("append_row: variable '" + im.series[i].name + "' got " +
                                  std::to_string(values[i].size()) + " values, expected " +
                                  std::to_string(im.series[i].width));
    }
  }
  if (!(time_s >= im.last_time_s)) {
    throw std::invalid_argument("append_row: time " + std::to_string(time_s) + " s before the previous row's " +
                                std::to_string(im.last_time_s) + " s");
  }
  im.time_buffer.push_back(time_s);
  im.time_bounds_buffer.push_back(im.last_time_s);
  im.time_bounds_buffer.push_back(time_s);
  im.last_time_s = time_s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto& buffer = im.series[i].buffer;
    buffer.insert(buffer.end(), values[i].begin(), values[i].end());
  }
  if (im.time_buffer.size() >= im.chunk_rows) im.flush();
}

std::size_t Hdf5Writer::rows() const {
  return impl_->rows_written + impl_->time_buffer.size();
}

void Hdf5Writer::write_summary(std::vector<LabelDimension> dims, std::vector<SummaryVariable> vars) {
  if (impl_->summary_written) throw std::logic_error("Hdf5Writer::write_summary called twice");
  std::vector<ArrayVariable> arrays;
  for (auto& var : vars) {
    arrays.push_back({std::move(var.name),
                      std::move(var.units),
                      std::move(var.long_name),
                      {std::move(var.dimension)},
                      std::move(var.values),
                      std::move(var.flag_meanings),
                      std::move(var.cf)});
  }
  write_group("summary", std::move(dims), arrays);
  impl_->summary_written = true;
}

void Hdf5Writer::write_group(const std::string& group_name, std::vector<LabelDimension> dims,
                             const std::vector<ArrayVariable>& vars, const std::vector<Attribute>& attributes) {
  Impl& im = *impl_;
  im.require_open("write_group");
  validate_name(group_name, "group");
  if (group_name == "timeseries") throw std::invalid_argument("write_group: /timeseries is define_timeseries's");
  std::set<std::string> taken;
  const auto sizes = validate_dimensions(dims, taken, group_name);
  for (const auto& var : vars) validate_array_variable(var, sizes, taken, group_name);

  const std::string& path = im.partial;
  const std::string where = "/" + group_name;
  const htri_t exists = H5Lexists(im.file.get(), group_name.c_str(), H5P_DEFAULT);
  check(exists, path, "checking group '" + where + "'");
  if (exists > 0) throw std::logic_error("Hdf5Writer::write_group: group '" + where + "' written twice");
  Handle group = checked(H5Gcreate2(im.file.get(), group_name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                         path, "creating group '" + where + "'");
  for (const auto& attr : attributes) write_attribute(group.get(), where, attr.name, attr.value, path);
  std::vector<Handle> scales;
  scales.reserve(dims.size());
  for (const auto& dim : dims) scales.push_back(im.write_label_dimension(group.get(), where, dim));

  for (const auto& var : vars) {
    std::vector<hsize_t> shape;
    std::vector<hid_t> var_scales;
    for (const auto& dimension : var.dimensions) {
      std::size_t index = 0;
      while (dims[index].name != dimension) ++index;
      shape.push_back(dims[index].labels.size());
      var_scales.push_back(scales[index].get());
    }
    im.write_array_variable(group.get(), where, var, shape, var_scales);
  }
}

void Hdf5Writer::write_coordinates(const std::string& group_name, const std::vector<LabelCoordinate>& coordinates) {
  Impl& im = *impl_;
  im.require_open("write_coordinates");
  validate_name(group_name, "group");
  const std::string& path = im.partial;
  const std::string where = "/" + group_name;
  const htri_t exists = H5Lexists(im.file.get(), group_name.c_str(), H5P_DEFAULT);
  check(exists, path, "checking group '" + where + "'");
  if (exists <= 0) throw std::logic_error("Hdf5Writer::write_coordinates: group '" + where + "' not written yet");
  Handle group = checked(H5Gopen2(im.file.get(), group_name.c_str(), H5P_DEFAULT), H5Gclose, path,
                         "opening group '" + where + "'");
  std::set<std::string> names;
  for (const auto& coordinate : coordinates) {
    validate_name(coordinate.name, where + " coordinate");
    const htri_t taken = H5Lexists(group.get(), coordinate.name.c_str(), H5P_DEFAULT);
    check(taken, path, "checking '" + where + "/" + coordinate.name + "'");
    if (taken > 0 || !names.insert(coordinate.name).second) {
      throw std::invalid_argument("duplicate name '" + coordinate.name + "' in " + where);
    }
    const std::size_t size = label_dimension_size(group.get(), coordinate.dimension, path);
    if (size != coordinate.values.size()) {
      throw std::invalid_argument(where + " coordinate '" + coordinate.name + "' has " +
                                  std::to_string(coordinate.values.size()) + " values but dimension '" +
                                  coordinate.dimension + "' " +
                                  (size == 0 ? "does not exist" : "has " + std::to_string(size) + " labels"));
    }
  }

  std::string& listed = im.coordinates_of_group[group_name];
  for (const auto& coordinate : coordinates) {
    const std::string what = "coordinate '" + where + "/" + coordinate.name + "'";
    Handle dataset = hdf5::write_string_dataset(group.get(), coordinate.name, coordinate.values, what, path);
    write_string_attribute(dataset.get(), coordinate.name, "long_name", coordinate.long_name, path);
    Handle scale = checked(H5Dopen2(group.get(), coordinate.dimension.c_str(), H5P_DEFAULT), H5Dclose, path,
                           "opening dimension '" + where + "/" + coordinate.dimension + "'");
    check(H5DSattach_scale(dataset.get(), scale.get(), 0), path,
          "attaching dimension '" + coordinate.dimension + "' to " + what);
    listed += (listed.empty() ? "" : " ") + coordinate.name;
  }
  if (!listed.empty()) write_string_attribute(group.get(), where, "coordinates", listed, path);
}

void Hdf5Writer::set_root_attributes(const std::vector<Attribute>& attrs) {
  Impl& im = *impl_;
  im.require_open("set_root_attributes");
  for (const auto& attr : attrs) {
    if (attr.name.empty()) throw std::invalid_argument("set_root_attributes: empty attribute name");
  }
  for (const auto& attr : attrs) write_attribute(im.file.get(), "/", attr.name, attr.value, im.partial);
}

void Hdf5Writer::commit() {
  Impl& im = *impl_;
  im.require_open("commit");
  const std::string& path = im.partial;
  im.flush();
  write_attribute(im.file.get(), "/", "complete", AttributeValue{std::int64_t{1}}, path);
  for (auto& var : im.series) check(var.dataset.close(), path, "closing dataset '/timeseries/" + var.name + "'");
  check(im.time_bounds_dataset.close(), path, "closing dataset '/timeseries/time_bnds'");
  check(im.time_dataset.close(), path, "closing dataset '/timeseries/time'");
  check(im.file.close(), path, "closing file");
  if (std::rename(path.c_str(), im.final_path.c_str()) != 0) {
    const int error = errno;
    throw OutputError("HDF5 output: cannot rename '" + path + "' to '" + im.final_path + "' (" + std::strerror(error) +
                      ")");
  }
  im.committed = true;
}

bool Hdf5Writer::committed() const {
  return impl_->committed;
}

const std::string& Hdf5Writer::final_path() const {
  return impl_->final_path;
}

std::string Hdf5Writer::partial_path() const {
  return impl_->partial;
}

}  // namespace terawatt
