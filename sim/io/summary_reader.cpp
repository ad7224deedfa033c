#include "sim/io/summary_reader.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <stdexcept>
#include <utility>

namespace terawatt {
namespace {

// Owns one hid_t, so that early returns and exceptions release it.
class Hid {
 public:
  using Closer = herr_t (*)(hid_t);
  Hid(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  ~Hid() {
    if (id_ >= 0) closer_(id_);
  }
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

 private:
  hid_t id_;
  Closer closer_;
};

void silence_hdf5() {
  // A missing or foreign file is an answer here, not an error for HDF5 to print.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

std::optional<std::string> read_string_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return std::nullopt;
  const Hid attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  if (!attribute.valid()) return std::nullopt;
  const Hid type(H5Aget_type(attribute.get()), H5Tclose);
  if (!type.valid() || H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
  if (H5Tis_variable_str(type.get()) > 0) {
    const Hid memory(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
    char* text = nullptr;
    if (H5Aread(attribute.get(), memory.get(), &text) < 0) return std::nullopt;
    std::string value = text ? text : "";
    H5free_memory(text);
    return value;
  }
  const std::size_t size = H5Tget_size(type.get());
  std::string value(size, '\0');
  if (H5Aread(attribute.get(), type.get(), value.data()) < 0) return std::nullopt;
  value.resize(value.find('\0') == std::string::npos ? size : value.find('\0'));
  return value;
}

// A scalar numeric attribute converted by HDF5 to `Number` (read as `memory_type`), or none.
template <typename Number>
std::optional<Number> read_number_attribute(hid_t object, const char* name, hid_t memory_type) {
  if (H5Aexists(object, name) <= 0) return std::nullopt;
  const Hid attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  Number value{};
  if (!attribute.valid() || H5Aread(attribute.get(), memory_type, &value) < 0) return std::nullopt;
  return value;
}

std::optional<double> read_double_attribute(hid_t object, const char* name) {
  return read_number_attribute<double>(object, name, H5T_NATIVE_DOUBLE);
}

std::optional<long long> read_integer_attribute(hid_t object, const char* name) {
  return read_number_attribute<long long>(object, name, H5T_NATIVE_LLONG);
}

std::vector<std::string> read_string_dataset(hid_t dataset) {
  const Hid space(H5Dget_space(dataset), H5Sclose);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) return {};
  const Hid memory(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(memory.get(), H5T_VARIABLE);
  H5Tset_cset(memory.get(), H5T_CSET_UTF8);
  std::vector<char*> pointers(static_cast<std::size_t>(count), nullptr);
  if (H5Dread(dataset, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) return {};
  std::vector<std::string> labels;
  for (char* text : pointers) labels.emplace_back(text ? text : "");
  H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
  return labels;
}

struct ScaleInfo {
  std::string name;
  std::vector<std::string> labels;
};

// The labels of an integer coordinate (the years of a projection) as decimal text, as a metric names them.
std::vector<std::string> read_integer_labels(hid_t dataset) {
  const Hid space(H5Dget_space(dataset), H5Sclose);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) return {};
  std::vector<long long> numbers(static_cast<std::size_t>(count));
  if (H5Dread(dataset, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data()) < 0) return {};
  std::vector<std::string> labels;
  labels.reserve(numbers.size());
  for (const long long number : numbers) labels.push_back(std::to_string(number));
  return labels;
}

herr_t visit_scale(hid_t /*dataset*/, unsigned /*dimension*/, hid_t scale, void* data) {
  auto* info = static_cast<ScaleInfo*>(data);
  char name[256] = {};
  if (H5DSget_scale_name(scale, name, sizeof name) > 0) info->name = name;
  const Hid type(H5Dget_type(scale), H5Tclose);
  info->labels = H5Tget_class(type.get()) == H5T_INTEGER ? read_integer_labels(scale) : read_string_dataset(scale);
  return 1;  // the first scale of the dimension is the one
}

struct SummaryVisit {
  hid_t group;
  std::vector<PointSummaryVariable>* variables;
};

herr_t visit_member(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  auto* visit = static_cast<SummaryVisit*>(data);
  const Hid dataset(H5Oopen(visit->group, name, H5P_DEFAULT), H5Oclose);
  if (!dataset.valid() || H5Iget_type(dataset.get()) != H5I_DATASET || H5DSis_scale(dataset.get()) > 0) return 0;
  const Hid type(H5Dget_type(dataset.get()), H5Tclose);
  const Hid space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (H5Tget_class(type.get()) != H5T_FLOAT || rank < 1) return 0;
  PointSummaryVariable variable;
  variable.name = name;
  variable.units = read_string_attribute(dataset.get(), "units").value_or("");
  variable.long_name = read_string_attribute(dataset.get(), "long_name").value_or("");
  std::size_t cells = 1;
  for (int axis = 0; axis < rank; ++axis) {
    ScaleInfo scale;
    if (H5DSiterate_scales(dataset.get(), static_cast<unsigned>(axis), nullptr, visit_scale, &scale) < 0 ||
        scale.name.empty()) {
      return 0;
    }
    cells *= scale.labels.size();
    variable.dimensions.push_back(scale.name);
    variable.dimension_labels.push_back(std::move(scale.labels));
  }
  variable.dimension = variable.dimensions.front();
  variable.labels = variable.dimension_labels.front();
  if (rank == 1) {
    variable.dimensions.clear();
    variable.dimension_labels.clear();
  }
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  variable.values.resize(static_cast<std::size_t>(count));
  if (H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, variable.values.data()) < 0) return -1;
  if (cells != variable.values.size()) return 0;
  visit->variables->push_back(std::move(variable));
  return 0;
}

}  // namespace

std::optional<PointProvenance> read_point_provenance(const std::string& path) {
  silence_hdf5();
  if (access(path.c_str(), R_OK) != 0) return std::nullopt;
  const Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid()) return std::nullopt;
  PointProvenance provenance;
  provenance.software = read_string_attribute(file.get(), "software").value_or("");
  provenance.complete = read_integer_attribute(file.get(), "complete").value_or(0) == 1;
  provenance.scenario_sha256 = read_string_attribute(file.get(), "scenario_sha256").value_or("");
  provenance.scenario_overrides = read_string_attribute(file.get(), "scenario_overrides").value_or("");
  provenance.wall_s = read_double_attribute(file.get(), "wall_s");
  return provenance;
}

std::vector<PointSummaryVariable> read_point_summary(const std::string& path) {
  silence_hdf5();
  const Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid()) throw std::runtime_error(path + ": cannot open as HDF5");
  const char* name = H5Lexists(file.get(), "summary", H5P_DEFAULT) > 0      ? "summary"
                     : H5Lexists(file.get(), "projection", H5P_DEFAULT) > 0 ? "projection"
                                                                            : nullptr;
  if (name == nullptr) throw std::runtime_error(path + ": no /summary group (nor /projection)");
  const Hid group(H5Gopen2(file.get(), name, H5P_DEFAULT), H5Gclose);
  if (!group.valid()) throw std::runtime_error(path + ": cannot open /" + std::string(name));
  std::vector<PointSummaryVariable> variables;
  SummaryVisit visit{group.get(), &variables};
  if (H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, visit_member, &visit) < 0) {
    throw std::runtime_error(path + ": cannot read /summary");
  }
  return variables;
}

}  // namespace terawatt
