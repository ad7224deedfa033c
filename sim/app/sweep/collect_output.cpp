#include "sim/app/sweep/collect_output.hpp"

#include "models/base/text_fields.hpp"

#include "sim/app/sweep/sweep_outputs.hpp"
#include "sim/app/sweep/sweep_values.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace terawatt {
namespace {

class Hid {
 public:
  using Closer = herr_t (*)(hid_t);
  Hid(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
    if (id_ < 0) throw OutputError("collect: HDF5: cannot " + what);
  }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  ~Hid() { close(); }
  hid_t get() const { return id_; }
  herr_t close() {
    const herr_t status = id_ >= 0 ? closer_(id_) : 0;
    id_ = -1;
    return status;
  }

 private:
  hid_t id_;
  Closer closer_;
};

void check(herr_t status, const std::string& what) {
  if (status < 0) throw OutputError("collect: HDF5: cannot " + what);
}

// Hdf5Writer writes float64 variables only; text columns (string parameters, status, errors) are added to its
// committed file here, attached to the same `point` dimension scale.
void add_text_columns(const std::string& path, const CollectedTable& table) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Hid file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "reopen " + path);
  Hid group(H5Gopen2(file.get(), "summary", H5P_DEFAULT), H5Gclose, "open /summary");
  Hid scale(H5Dopen2(group.get(), "point", H5P_DEFAULT), H5Dclose, "open /summary/point");
  Hid type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "make a variable-length string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "make a UTF-8 string type");
  const hsize_t size = table.points.size();
  Hid space(H5Screate_simple(1, &size, nullptr), H5Sclose, "create a dataspace");
  Hid scalar(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace");
  for (const auto& column : table.columns) {
    if (column.numeric) continue;
    const std::string what = "/summary/" + column.name;
    Hid dataset(
        H5Dcreate2(group.get(), column.name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create " + what);
    std::vector<const char*> pointers;
    for (const auto& text : column.texts) pointers.push_back(text.c_str());
    check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write " + what);
    Hid attribute(H5Acreate2(dataset.get(), "long_name", type.get(), scalar.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                  "create the long_name of " + what);
    const char* long_name = column.long_name.c_str();
    check(H5Awrite(attribute.get(), type.get(), &long_name), "write the long_name of " + what);
    check(H5DSattach_scale(dataset.get(), scale.get(), 0), "attach the point dimension to " + what);
  }
  scale.close();
  group.close();
  check(file.close(), "close " + path);
}

void stage_table_hdf5(const CollectedTable& table, const std::string& staging,
                      const std::vector<Attribute>& attributes) {
  Hdf5Writer writer(staging);
  std::vector<SummaryVariable> variables;
  for (const auto& column : table.columns) {
    if (column.numeric) variables.push_back({column.name, column.units, column.long_name, "point", column.numbers});
  }
  writer.write_summary({{"point", table.points, "sweep point"}}, std::move(variables));
  writer.set_root_attributes(attributes);
  writer.commit();
  add_text_columns(staging, table);
}

std::string table_csv(const CollectedTable& table) {
  std::ostringstream out;
  out << "point";
  for (const auto& column : table.columns) {
    out << ',' << csv_field(column.csv_header.empty() ? column.name : column.csv_header);
  }
  out << '\n';
  for (std::size_t i = 0; i < table.points.size(); ++i) {
    out << csv_field(table.points[i]);
    for (const auto& column : table.columns) {
      out << ',';
      if (!column.numeric) {
        out << csv_field(column.texts[i]);
      } else if (std::isfinite(column.numbers[i])) {
        out << exact_number(column.numbers[i]);
      }
    }
    out << '\n';
  }
  return out.str();
}

void write_text_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.flush();
  if (!out) throw OutputError("cannot write '" + path + "': " + std::strerror(errno));
}

void rename_into_place(const std::string& staging, const std::string& path) {
  if (std::rename(staging.c_str(), path.c_str()) != 0) {
    throw OutputError("cannot rename '" + staging + "' to '" + path + "': " + std::strerror(errno));
  }
}

void refuse_directory(const std::string& path, const char* what) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw OutputError(std::string(what) + " '" + path + "' is a directory");
}

}  // namespace

void write_collected_table(const CollectedTable& table, const std::vector<Attribute>& attributes,
                           const std::string& output, const std::string& csv) {
  refuse_directory(output, "the table");
  if (!csv.empty()) {
    refuse_directory(csv, "the CSV table");
    if (std::filesystem::path(csv).lexically_normal() == std::filesystem::path(output).lexically_normal()) {
      throw OutputError("the CSV table and the HDF5 table are the same file '" + output + "'");
    }
  }
  // Both tables are written whole under temporary names first and renamed only once both are written, so that a
  // failure on either (an unwritable folder, a full disk) leaves neither behind.
  const std::string staged_output = output + ".staging";
  const std::string staged_csv = csv.empty() ? std::string() : csv + ".staging";
  bool output_in_place = false;
  try {
    stage_table_hdf5(table, staged_output, attributes);
    if (!csv.empty()) write_text_file(staged_csv, table_csv(table));
    rename_into_place(staged_output, output);
    output_in_place = true;
    if (!csv.empty()) rename_into_place(staged_csv, csv);
  } catch (...) {
    std::remove(staged_output.c_str());
    if (!csv.empty()) std::remove(staged_csv.c_str());
    if (output_in_place) std::remove(output.c_str());
    throw;
  }
}

}  // namespace terawatt
