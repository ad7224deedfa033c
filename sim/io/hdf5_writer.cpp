#include "sim/io/hdf5_writer.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <set>
#include <utility>

namespace terawatt {
namespace {

// Owns one hid_t and knows which H5?close releases it, so every exit path
// (including exceptions half-way through building a group) releases it.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle() noexcept = default;
  Handle(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const noexcept { return id_; }
  bool valid() const noexcept { return id_ >= 0; }

  // Returns the close status because closing the file is where HDF5 flushes
  // its metadata; commit() must not rename a file whose close failed.
  herr_t close() noexcept {
    if (id_ < 0 || closer_ == nullptr) {
      id_ = H5I_INVALID_HID;
      return 0;
    }
    return closer_(std::exchange(id_, H5I_INVALID_HID));
  }
  void reset() noexcept { (void)close(); }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// The innermost HDF5 error usually names the real cause (e.g. errno text from
// the file driver) while the outer ones only say "unable to create file".
std::string take_hdf5_error_detail() {
  std::string detail;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* data) -> herr_t {
        if (n == 0 && err != nullptr && err->desc != nullptr) {
          *static_cast<std::string*>(data) = err->desc;
        }
        return 0;
      },
      &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail;
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  std::string message = "HDF5 output '" + path + "': " + what;
  const std::string detail = take_hdf5_error_detail();
  if (!detail.empty()) message += " (" + detail + ")";
  throw OutputError(message);
}

Handle checked(hid_t id, Handle::Closer closer, const std::string& path, const std::string& what) {
  if (id < 0) fail(path, what);
  return Handle(id, closer);
}

void check(herr_t status, const std::string& path, const std::string& what) {
  if (status < 0) fail(path, what);
}

// Variable-length UTF-8 is what h5py/h5netcdf hand back as Python str; fixed-length
// strings come back as bytes and would need decoding in every analysis script.
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

  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, path, "creating dataspace for " + what);
  if (const auto* text = std::get_if<std::string>(&value)) {
    Handle type = make_utf8_string_type(path);
    Handle attr = checked(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                          path, "creating " + what);
    const char* data = text->c_str();
    check(H5Awrite(attr.get(), type.get(), &data), path, "writing " + what);
    check(attr.close(), path, "closing " + what);
  } else if (const auto* real = std::get_if<double>(&value)) {
    Handle attr = checked(H5Acreate2(object, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                          H5Aclose, path, "creating " + what);
    check(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, real), path, "writing " + what);
    check(attr.close(), path, "closing " + what);
  } else {
    const std::int64_t integer = std::get<std::int64_t>(value);
    Handle attr = checked(H5Acreate2(object, name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                          H5Aclose, path, "creating " + what);
    check(H5Awrite(attr.get(), H5T_NATIVE_INT64, &integer), path, "writing " + what);
    check(attr.close(), path, "closing " + what);
  }
}

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

void validate_name(const std::string& name, const std::string& kind) {
  // '/' would silently create nested groups and '.' names the group itself.
  if (name.empty() || name == "." || name.find('/') != std::string::npos) {
    throw std::invalid_argument("invalid " + kind + " name '" + name + "'");
  }
}

// Checks a set of label dimensions and returns their sizes by name.
std::vector<std::pair<std::string, std::size_t>> validate_dimensions(const std::vector<LabelDimension>& dims,
                                                                     std::set<std::string>& taken,
                                                                     const std::string& group) {
  std::vector<std::pair<std::string, std::size_t>> sizes;
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

std::size_t find_dimension_size(const std::vector<std::pair<std::string, std::size_t>>& sizes,
                                const std::string& dimension, const std::string& variable, const std::string& group) {
  for (const auto& [name, size] : sizes) {
    if (name == dimension) return size;
  }
  throw std::invalid_argument(group + " variable '" + variable + "' uses unknown dimension '" + dimension + "'");
}

}  // namespace

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
  std::vector<double> time_buffer;
  std::vector<SeriesVariable> series;
  std::size_t rows_written = 0;

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
    file = checked(H5Fcreate(partial.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.get()), H5Fclose, partial,
                   "cannot create file");
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
    const hsize_t size = dim.labels.size();
    Handle space = checked(H5Screate_simple(1, &size, nullptr), H5Sclose, partial, "creating dataspace for " + what);
    Handle type = make_utf8_string_type(partial);
    Handle dataset =
        checked(H5Dcreate2(group, dim.name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                H5Dclose, partial, "creating " + what);
    std::vector<const char*> pointers;
    pointers.reserve(dim.labels.size());
    for (const auto& label : dim.labels) pointers.push_back(label.c_str());
    check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), partial,
          "writing labels of " + what);
    check(H5DSset_scale(dataset.get(), dim.name.c_str()), partial, "making " + what + " a dimension scale");
    write_string_attribute(dataset.get(), dim.name, "long_name", dim.long_name, partial);
    return dataset;
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
    for (const auto& var : series) append_block(var.dataset.get(), var.name, 2, var.width, n, var.buffer.data());
    rows_written += n;
    time_buffer.clear();
    for (auto& var : series) var.buffer.clear();
  }
};

Hdf5Writer::Hdf5Writer(std::string final_path, std::size_t chunk_rows)
    : impl_(std::make_unique<Impl>(std::move(final_path), chunk_rows)) {}

// Impl's destructor does the cleanup; defined here where Impl is complete.
Hdf5Writer::~Hdf5Writer() = default;

void Hdf5Writer::define_timeseries(std::string time_units, std::vector<LabelDimension> dims,
                                   std::vector<VariableSpec> vars) {
  Impl& im = *impl_;
  im.require_open("define_timeseries");
  if (im.timeseries_defined) throw std::logic_error("Hdf5Writer::define_timeseries called twice");
  if (time_units.empty()) throw std::invalid_argument("define_timeseries: empty time units");

  // Validate everything before touching the file so a bad spec leaves it untouched.
  std::set<std::string> taken{"time"};
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

  const std::string& path = im.partial;
  Handle group = checked(H5Gcreate2(im.file.get(), "timeseries", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, path,
                         "creating group '/timeseries'");

  {
    const hsize_t initial = 0;
    const hsize_t maximum = H5S_UNLIMITED;
    const hsize_t chunk = im.chunk_rows;
    Handle space = checked(H5Screate_simple(1, &initial, &maximum), H5Sclose, path, "creating time dataspace");
    Handle dcpl = im.make_chunked_dcpl(1, &chunk);
    im.time_dataset =
        checked(H5Dcreate2(group.get(), "time", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                H5Dclose, path, "creating dataset '/timeseries/time'");
    check(H5DSset_scale(im.time_dataset.get(), "time"), path, "making '/timeseries/time' a dimension scale");
    const hid_t t = im.time_dataset.get();
    write_string_attribute(t, "time", "units", time_units, path);
    write_string_attribute(t, "time", "calendar", "standard", path);
    write_string_attribute(t, "time", "standard_name", "time", path);
    write_string_attribute(t, "time", "long_name", "time", path);
    write_string_attribute(t, "time", "axis", "T", path);
  }

  std::vector<Handle> scales;
  scales.reserve(dims.size());
  for (const auto& dim : dims) scales.push_back(im.write_label_dimension(group.get(), "/timeseries", dim));

  im.series.reserve(vars.size());
  for (std::size_t i = 0; i < vars.size(); ++i) {
    const auto& var = vars[i];
    const std::string what = "dataset '/timeseries/" + var.name + "'";
    const hsize_t width = widths[i];
    const hsize_t initial[2] = {0, width};
    const hsize_t maximum[2] = {H5S_UNLIMITED, width};
    const hsize_t chunk[2] = {im.chunk_rows, width};
    Handle space = checked(H5Screate_simple(2, initial, maximum), H5Sclose, path, "creating dataspace for " + what);
    Handle dcpl = im.make_chunked_dcpl(2, chunk);
    Impl::SeriesVariable series;
    series.name = var.name;
    series.width = widths[i];
    series.dataset = checked(
        H5Dcreate2(group.get(), var.name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
        H5Dclose, path, "creating " + what);
    write_string_attribute(series.dataset.get(), var.name, "units", var.units, path);
    write_string_attribute(series.dataset.get(), var.name, "long_name", var.long_name, path);
    check(H5DSattach_scale(series.dataset.get(), im.time_dataset.get(), 0), path, "attaching time to " + what);
    std::size_t scale_index = 0;
    while (dims[scale_index].name != var.dimension) ++scale_index;
    check(H5DSattach_scale(series.dataset.get(), scales[scale_index].get(), 1), path,
          "attaching dimension '" + var.dimension + "' to " + what);
    series.buffer.reserve(im.chunk_rows * series.width);
    im.series.push_back(std::move(series));
  }
  im.time_buffer.reserve(im.chunk_rows);
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
  im.time_buffer.push_back(time_s);
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
                      std::move(var.values)});
  }
  write_group("summary", std::move(dims), std::move(arrays));
  impl_->summary_written = true;
}

void Hdf5Writer::write_group(const std::string& group_name, std::vector<LabelDimension> dims,
                             std::vector<ArrayVariable> vars, const std::vector<Attribute>& attributes) {
  Impl& im = *impl_;
  im.require_open("write_group");
  validate_name(group_name, "group");
  if (group_name == "timeseries") throw std::invalid_argument("write_group: /timeseries is define_timeseries's");

  std::set<std::string> taken;
  const auto sizes = validate_dimensions(dims, taken, group_name);
  for (const auto& var : vars) {
    validate_name(var.name, group_name + " variable");
    if (!taken.insert(var.name).second) {
      throw std::invalid_argument("duplicate name '" + var.name + "' in " + group_name);
    }
    std::size_t size = 1;
    for (const auto& dimension : var.dimensions) size *= find_dimension_size(sizes, dimension, var.name, group_name);
    if (var.dimensions.empty() || var.values.size() != size) {
      throw std::invalid_argument(group_name + " variable '" + var.name + "' has " + std::to_string(var.values.size()) +
                                  " values but dimension" +
                                  (var.dimensions.size() == 1 ? " '" + var.dimensions[0] + "'" : "s") + " ha" +
                                  (var.dimensions.size() == 1 ? "s " : "ve ") + std::to_string(size) + " labels");
    }
  }

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
    const std::string what = "dataset '" + where + "/" + var.name + "'";
    std::vector<hsize_t> shape;
    for (const auto& dimension : var.dimensions)
      shape.push_back(find_dimension_size(sizes, dimension, var.name, group_name));
    Handle space = checked(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose, path,
                           "creating dataspace for " + what);
    Handle dataset = checked(
        H5Dcreate2(group.get(), var.name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, path, "creating " + what);
    check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, var.values.data()), path,
          "writing " + what);
    write_string_attribute(dataset.get(), var.name, "units", var.units, path);
    write_string_attribute(dataset.get(), var.name, "long_name", var.long_name, path);
    for (std::size_t axis = 0; axis < var.dimensions.size(); ++axis) {
      std::size_t scale_index = 0;
      while (dims[scale_index].name != var.dimensions[axis]) ++scale_index;
      check(H5DSattach_scale(dataset.get(), scales[scale_index].get(), static_cast<unsigned>(axis)), path,
            "attaching dimension '" + var.dimensions[axis] + "' to " + what);
    }
  }
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
