// The HDF5 writer read back with the C API: round trips, publication on commit, flags, coordinates and refusals.
// This file is long because every case shares the read-side helpers of its first part.
#include "sim/io/hdf5_writer.hpp"
#include "sim/io/summary_reader.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using terawatt::Attribute;
using terawatt::Hdf5Writer;
using terawatt::LabelCoordinate;
using terawatt::LabelDimension;
using terawatt::OutputError;
using terawatt::SummaryVariable;
using terawatt::VariableSpec;

namespace {

// Read-side RAII for the checks; the writer's own handle class is private to it.
class Id {
 public:
  Id(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) { REQUIRE(id_ >= 0); }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  ~Id() { closer_(id_); }
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*closer_)(hid_t);
};

// A fresh directory per test case so concurrent ctest runs never collide.
class TempDir {
 public:
  TempDir() {
    std::random_device device;
    path_ = fs::temp_directory_path() / ("terawatt_hdf5_test_" + std::to_string(device()) + std::to_string(device()));
    fs::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

double sample(std::size_t row, std::size_t var, std::size_t col) {
  // Distinct, non-trivial doubles so a transposed or shifted block cannot pass.
  return static_cast<double>(row) * 1.25 + static_cast<double>(var) * 1000.0 + static_cast<double>(col) / 7.0;
}

std::string read_string_attribute(hid_t object, const char* name) {
  Id attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  Id type(H5Aget_type(attr.get()), H5Tclose);
  REQUIRE(H5Tget_class(type.get()) == H5T_STRING);
  REQUIRE(H5Tis_variable_str(type.get()) > 0);
  REQUIRE(H5Tget_cset(type.get()) == H5T_CSET_UTF8);
  char* text = nullptr;
  REQUIRE(H5Aread(attr.get(), type.get(), &text) >= 0);
  std::string result(text);
  H5free_memory(text);
  return result;
}

double read_double_attribute(hid_t object, const char* name) {
  Id attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  Id type(H5Aget_type(attr.get()), H5Tclose);
  REQUIRE(H5Tget_class(type.get()) == H5T_FLOAT);
  REQUIRE(H5Tget_size(type.get()) == 8);
  double value = 0.0;
  REQUIRE(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) >= 0);
  return value;
}

std::int64_t read_int64_attribute(hid_t object, const char* name) {
  Id attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  Id type(H5Aget_type(attr.get()), H5Tclose);
  REQUIRE(H5Tget_class(type.get()) == H5T_INTEGER);
  REQUIRE(H5Tget_size(type.get()) == 8);
  std::int64_t value = 0;
  REQUIRE(H5Aread(attr.get(), H5T_NATIVE_INT64, &value) >= 0);
  return value;
}

std::vector<hsize_t> dataset_shape(hid_t dataset, std::vector<hsize_t>* max_shape = nullptr) {
  Id space(H5Dget_space(dataset), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  REQUIRE(rank >= 0);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank)), maxdims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), maxdims.data());
  if (max_shape != nullptr) *max_shape = maxdims;
  return dims;
}

std::vector<double> read_doubles(hid_t dataset) {
  std::size_t count = 1;
  for (hsize_t d : dataset_shape(dataset)) count *= d;
  std::vector<double> values(count);
  REQUIRE(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  return values;
}

std::vector<std::string> read_labels(hid_t group, const char* name) {
  Id dataset(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
  Id type(H5Dget_type(dataset.get()), H5Tclose);
  REQUIRE(H5Tis_variable_str(type.get()) > 0);
  const auto shape = dataset_shape(dataset.get());
  REQUIRE(shape.size() == 1);
  std::vector<char*> raw(shape[0], nullptr);
  REQUIRE(H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0);
  std::vector<std::string> labels;
  for (char* text : raw) {
    labels.emplace_back(text);
    H5free_memory(text);
  }
  return labels;
}

bool is_scale(hid_t group, const char* name) {
  Id dataset(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
  return H5DSis_scale(dataset.get()) > 0;
}

bool is_attached(hid_t group, const char* variable, const char* scale, unsigned index) {
  Id var(H5Dopen2(group, variable, H5P_DEFAULT), H5Dclose);
  Id dim(H5Dopen2(group, scale, H5P_DEFAULT), H5Dclose);
  return H5DSis_attached(var.get(), dim.get(), index) > 0;
}

// Files, groups, datasets, attributes and named types still open anywhere in the
// process; a writer that forgot to close one of these would keep its file open.
// (H5Inmembers cannot count library types such as dataspaces, so this is the
// strongest leak check the public API offers.)
ssize_t open_object_count() {
  return H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
}

const std::vector<std::string> kRacks{"rack-a", "rack-b", "rack-c", "rack-d", "rack-e", "rack-f", "rack-g"};
const std::vector<std::string> kLoops{"cooling loop 1", "cooling loop 2"};

void define_example(Hdf5Writer& writer) {
  writer.define_timeseries("seconds since 2024-01-01T00:00:00Z",
                           {{"rack", kRacks, "server rack"}, {"loop", kLoops, "cooling loop"}},
                           {{"power", "W", "electrical power draw", "rack"},
                            {"inlet_temperature",
                             "degC",
                             "inlet temperature",
                             "rack",
                             {"rack inlet air temperature", "time: mean", "air_temperature"}},
                            {"heat_rejected", "W", "heat rejected by the loop", "loop"}});
}

std::vector<std::vector<double>> example_row(std::size_t row) {
  const std::vector<std::size_t> widths{kRacks.size(), kRacks.size(), kLoops.size()};
  std::vector<std::vector<double>> values(widths.size());
  for (std::size_t v = 0; v < widths.size(); ++v) {
    for (std::size_t c = 0; c < widths[v]; ++c) values[v].push_back(sample(row, v, c));
  }
  return values;
}

}  // namespace

TEST_CASE("Hdf5Writer round-trips a timeseries across chunk boundaries", "[hdf5_writer]") {
  TempDir dir;
  // TERAWATT_KEEP_H5 lets a developer (or a follow-up ctest step) inspect the
  // file with tests/analysis/check_output_layout.py.
  const char* keep = std::getenv("TERAWATT_KEEP_H5");
  const std::string path = (keep != nullptr && *keep != '\0') ? std::string(keep) : dir.file("roundtrip.h5");
  constexpr std::size_t kRows = 2500;  // two full 1024-row chunks plus a 452-row remainder

  const ssize_t objects_before = open_object_count();
  {
    Hdf5Writer writer(path, 1024);
    define_example(writer);
    for (std::size_t row = 0; row < kRows; ++row) {
      writer.append_row(static_cast<double>(row) * 60.0, example_row(row));
    }
    REQUIRE(writer.rows() == kRows);
    writer.write_summary({{"rack", kRacks, "server rack"}, {"metric", {"pue", "wue"}, "efficiency metric"}},
                         {{"energy", "J", "total energy", "rack", {1, 2, 3, 4, 5, 6, 7}},
                          {"efficiency", "1", "efficiency value", "metric", {1.2, 0.3}}});
    writer.set_root_attributes({{"scenario", std::string("baseline µ-grid")},
                                {"seed", std::int64_t{42}},
                                {"timestep_s", 60.0},
                                {"seed", std::int64_t{43}}});  // a repeated name replaces the value
    writer.commit();
    REQUIRE(writer.committed());
  }
  CHECK(open_object_count() == objects_before);

  Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  CHECK(read_int64_attribute(file.get(), "complete") == 1);
  CHECK(read_string_attribute(file.get(), "scenario") == "baseline µ-grid");
  CHECK(read_int64_attribute(file.get(), "seed") == 43);
  CHECK(read_double_attribute(file.get(), "timestep_s") == 60.0);

  Id ts(H5Gopen2(file.get(), "timeseries", H5P_DEFAULT), H5Gclose);

  SECTION("time coordinate") {
    Id time(H5Dopen2(ts.get(), "time", H5P_DEFAULT), H5Dclose);
    std::vector<hsize_t> max_shape;
    CHECK(dataset_shape(time.get(), &max_shape) == std::vector<hsize_t>{kRows});
    CHECK(max_shape == std::vector<hsize_t>{H5S_UNLIMITED});
    const auto times = read_doubles(time.get());
    for (std::size_t row = 0; row < kRows; ++row) REQUIRE(times[row] == static_cast<double>(row) * 60.0);
    CHECK(read_string_attribute(time.get(), "units") == "seconds since 2024-01-01T00:00:00Z");
    CHECK(read_string_attribute(time.get(), "calendar") == "standard");
    CHECK(read_string_attribute(time.get(), "standard_name") == "time");
    CHECK(read_string_attribute(time.get(), "long_name") == "time");
    CHECK(read_string_attribute(time.get(), "bounds") == "time_bnds");
    CHECK(H5DSis_scale(time.get()) > 0);
  }

  SECTION("time bounds: each row from the previous row's time, the first from 0") {
    Id bounds(H5Dopen2(ts.get(), "time_bnds", H5P_DEFAULT), H5Dclose);
    CHECK(dataset_shape(bounds.get()) == std::vector<hsize_t>{kRows, 2});
    const auto values = read_doubles(bounds.get());
    CHECK(values[0] == 0.0);
    CHECK(values[1] == 0.0);
    for (std::size_t row = 1; row < kRows; ++row) {
      REQUIRE(values[2 * row] == static_cast<double>(row - 1) * 60.0);
      REQUIRE(values[2 * row + 1] == static_cast<double>(row) * 60.0);
    }
    CHECK(is_attached(ts.get(), "time_bnds", "time", 0));
    // bnds is a bare netCDF dimension: a scale whose name says it is no variable.
    Id bnds(H5Dopen2(ts.get(), "bnds", H5P_DEFAULT), H5Dclose);
    CHECK(dataset_shape(bnds.get()) == std::vector<hsize_t>{2});
    char name[128] = {};
    REQUIRE(H5DSget_scale_name(bnds.get(), name, sizeof name) > 0);
    CHECK(std::string(name) == "This is a netCDF dimension but not a netCDF variable.         2");
  }

  SECTION("CF descriptions: comment, cell_methods and standard_name when set, nothing when not") {
    Id temperature(H5Dopen2(ts.get(), "inlet_temperature", H5P_DEFAULT), H5Dclose);
    CHECK(read_string_attribute(temperature.get(), "long_name") == "inlet temperature");
    CHECK(read_string_attribute(temperature.get(), "comment") == "rack inlet air temperature");
    CHECK(read_string_attribute(temperature.get(), "cell_methods") == "time: mean");
    CHECK(read_string_attribute(temperature.get(), "standard_name") == "air_temperature");
    Id power(H5Dopen2(ts.get(), "power", H5P_DEFAULT), H5Dclose);
    for (const char* attribute : {"comment", "cell_methods", "standard_name"}) {
      CHECK(H5Aexists(power.get(), attribute) == 0);
    }
  }

  SECTION("label dimensions") {
    CHECK(read_labels(ts.get(), "rack") == kRacks);
    CHECK(read_labels(ts.get(), "loop") == kLoops);
    CHECK(is_scale(ts.get(), "rack"));
    CHECK(is_scale(ts.get(), "loop"));
    Id rack(H5Dopen2(ts.get(), "rack", H5P_DEFAULT), H5Dclose);
    CHECK(read_string_attribute(rack.get(), "long_name") == "server rack");
  }

  SECTION("variables read back exactly") {
    const std::vector<std::pair<const char*, const char*>> vars{
        {"power", "rack"}, {"inlet_temperature", "rack"}, {"heat_rejected", "loop"}};
    const std::vector<const char*> units{"W", "degC", "W"};
    for (std::size_t v = 0; v < vars.size(); ++v) {
      INFO("variable " << vars[v].first);
      Id dataset(H5Dopen2(ts.get(), vars[v].first, H5P_DEFAULT), H5Dclose);
      const std::size_t width = vars[v].second == std::string("rack") ? kRacks.size() : kLoops.size();
      std::vector<hsize_t> max_shape;
      CHECK(dataset_shape(dataset.get(), &max_shape) == std::vector<hsize_t>{kRows, width});
      CHECK(max_shape == std::vector<hsize_t>{H5S_UNLIMITED, width});
      const auto values = read_doubles(dataset.get());
      for (std::size_t row = 0; row < kRows; ++row) {
        for (std::size_t c = 0; c < width; ++c) REQUIRE(values[row * width + c] == sample(row, v, c));
      }
      CHECK(read_string_attribute(dataset.get(), "units") == units[v]);
      CHECK_FALSE(read_string_attribute(dataset.get(), "long_name").empty());
      CHECK(is_attached(ts.get(), vars[v].first, "time", 0));
      CHECK(is_attached(ts.get(), vars[v].first, vars[v].second, 1));

      Id dcpl(H5Dget_create_plist(dataset.get()), H5Pclose);
      REQUIRE(H5Pget_layout(dcpl.get()) == H5D_CHUNKED);
      hsize_t chunk[2] = {0, 0};
      REQUIRE(H5Pget_chunk(dcpl.get(), 2, chunk) == 2);
      CHECK(chunk[0] == 1024);
      CHECK(chunk[1] == width);
      if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
        unsigned flags = 0;
        std::size_t cd_nelmts = 1;
        unsigned level = 0;
        unsigned filter_config = 0;
        CHECK(H5Pget_filter_by_id2(dcpl.get(), H5Z_FILTER_DEFLATE, &flags, &cd_nelmts, &level, 0, nullptr,
                                   &filter_config) >= 0);
        CHECK(level == 4);
      }
    }
  }

  SECTION("summary group") {
    Id summary(H5Gopen2(file.get(), "summary", H5P_DEFAULT), H5Gclose);
    CHECK(read_labels(summary.get(), "rack") == kRacks);
    CHECK(read_labels(summary.get(), "metric") == std::vector<std::string>{"pue", "wue"});
    Id energy(H5Dopen2(summary.get(), "energy", H5P_DEFAULT), H5Dclose);
    CHECK(read_doubles(energy.get()) == std::vector<double>{1, 2, 3, 4, 5, 6, 7});
    CHECK(read_string_attribute(energy.get(), "units") == "J");
    CHECK(is_attached(summary.get(), "energy", "rack", 0));
    CHECK(is_attached(summary.get(), "efficiency", "metric", 0));
    Id efficiency(H5Dopen2(summary.get(), "efficiency", H5P_DEFAULT), H5Dclose);
    CHECK(read_doubles(efficiency.get()) == std::vector<double>{1.2, 0.3});
  }
}

TEST_CASE("Hdf5Writer only publishes the final path on commit", "[hdf5_writer]") {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  const std::string partial = path + ".partial";

  SECTION("commit renames .partial to the final path") {
    Hdf5Writer writer(path, 4);
    CHECK(writer.final_path() == path);
    CHECK(writer.partial_path() == partial);
    define_example(writer);
    for (std::size_t row = 0; row < 10; ++row) writer.append_row(static_cast<double>(row), example_row(row));
    CHECK(fs::exists(partial));
    CHECK_FALSE(fs::exists(path));
    writer.commit();
    CHECK(fs::exists(path));
    CHECK_FALSE(fs::exists(partial));
    CHECK_THROWS_AS(writer.append_row(11.0, example_row(11)), std::logic_error);
    CHECK_THROWS_AS(writer.commit(), std::logic_error);
  }

  SECTION("an uncommitted writer leaves nothing behind") {
    const ssize_t objects_before = open_object_count();
    {
      Hdf5Writer writer(path);
      define_example(writer);
      for (std::size_t row = 0; row < 3000; ++row) writer.append_row(static_cast<double>(row), example_row(row));
      CHECK(fs::exists(partial));
    }
    CHECK(open_object_count() == objects_before);
    CHECK_FALSE(fs::exists(partial));
    CHECK_FALSE(fs::exists(path));
  }

  SECTION("a crashed run's .partial file says complete=0") {
    // HDF5 locks a file open for writing, so the crash happens in a child process
    // that exits without running any destructor.
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      try {
        Hdf5Writer writer(path);
        _exit(0);
      } catch (...) {
        _exit(1);
      }
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    CHECK_FALSE(fs::exists(path));
    REQUIRE(fs::exists(partial));
    Id file(H5Fopen(partial.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    CHECK(read_int64_attribute(file.get(), "complete") == 0);
  }

  SECTION("commit replaces an existing file") {
    {
      Hdf5Writer first(path);
      first.set_root_attributes({{"run", std::int64_t{1}}});
      first.commit();
    }
    {
      Hdf5Writer second(path);
      second.set_root_attributes({{"run", std::int64_t{2}}});
      CHECK(fs::exists(path));  // the old result stays readable until the new one is complete
      second.commit();
    }
    Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    CHECK(read_int64_attribute(file.get(), "run") == 2);
    CHECK(read_int64_attribute(file.get(), "complete") == 1);
    CHECK_FALSE(fs::exists(partial));
  }

  SECTION("a file with no rows still commits") {
    Hdf5Writer writer(path);
    define_example(writer);
    writer.commit();
    Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    Id time(H5Dopen2(file.get(), "timeseries/time", H5P_DEFAULT), H5Dclose);
    CHECK(dataset_shape(time.get()) == std::vector<hsize_t>{0});
  }
}

TEST_CASE("Hdf5Writer rejects bad input", "[hdf5_writer]") {
  TempDir dir;
  const std::string path = dir.file("bad.h5");

  SECTION("wrong row sizes throw std::invalid_argument and leave the writer usable") {
    Hdf5Writer writer(path);
    define_example(writer);
    auto row = example_row(0);
    auto too_few_vars = row;
    too_few_vars.pop_back();
    CHECK_THROWS_AS(writer.append_row(0.0, too_few_vars), std::invalid_argument);
    auto too_narrow = row;
    too_narrow[2].pop_back();
    CHECK_THROWS_AS(writer.append_row(0.0, too_narrow), std::invalid_argument);
    auto too_wide = row;
    too_wide[0].push_back(1.0);
    CHECK_THROWS_WITH(writer.append_row(0.0, too_wide), Catch::Contains("power"));
    CHECK(writer.rows() == 0);
    writer.append_row(0.0, row);
    CHECK(writer.rows() == 1);
    writer.commit();
    Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    Id power(H5Dopen2(file.get(), "timeseries/power", H5P_DEFAULT), H5Dclose);
    CHECK(read_doubles(power.get()) == row[0]);
  }

  SECTION("a row before the previous one is refused: its interval would run backwards") {
    Hdf5Writer writer(path);
    define_example(writer);
    writer.append_row(60.0, example_row(0));
    CHECK_THROWS_WITH(writer.append_row(30.0, example_row(1)), Catch::Contains("before the previous row"));
    CHECK(writer.rows() == 1);
  }

  SECTION("an integer dimension refuses a label that is not an integer") {
    Hdf5Writer writer(path);
    CHECK_THROWS_WITH(writer.write_group("projection", {{"year", {"2022", "2O26"}, "calendar year", true}},
                                         {{"electricity", "TW h", "electricity", {"year"}, {1.0, 2.0}}}),
                      Catch::Contains("'2O26' is not an integer"));
  }

  SECTION("an unwritable path throws OutputError naming the path") {
    const std::string bad = dir.file("no-such-directory/out.h5");
    const ssize_t objects_before = open_object_count();
    try {
      Hdf5Writer writer(bad);
      FAIL("expected OutputError");
    } catch (const OutputError& error) {
      UNSCOPED_INFO(error.what());
      CHECK_THAT(error.what(), Catch::Contains(bad));
      CHECK_THAT(error.what(), Catch::Contains("No such file or directory"));
    }
    CHECK(open_object_count() == objects_before);
    CHECK_FALSE(fs::exists(bad + ".partial"));
  }

  SECTION("invalid definitions") {
    Hdf5Writer writer(path);
    CHECK_THROWS_AS(writer.append_row(0.0, {}), std::logic_error);
    CHECK_THROWS_AS(
        writer.define_timeseries("seconds since 2024-01-01", {{"rack", kRacks, ""}}, {{"power", "W", "", "nope"}}),
        std::invalid_argument);
    CHECK_THROWS_AS(
        writer.define_timeseries("seconds since 2024-01-01", {{"rack", kRacks, ""}, {"rack", kLoops, ""}}, {}),
        std::invalid_argument);
    CHECK_THROWS_AS(writer.define_timeseries("seconds since 2024-01-01", {{"rack", {}, ""}}, {}),
                    std::invalid_argument);
    CHECK_THROWS_AS(
        writer.define_timeseries("seconds since 2024-01-01", {{"rack", kRacks, ""}}, {{"rack", "W", "", "rack"}}),
        std::invalid_argument);
    CHECK_THROWS_AS(writer.define_timeseries("seconds since 2024-01-01", {{"a/b", kRacks, ""}}, {}),
                    std::invalid_argument);
    CHECK_THROWS_AS(writer.write_summary({{"rack", kRacks, ""}}, {{"energy", "J", "", "rack", {1.0}}}),
                    std::invalid_argument);
    // Rejected definitions must not have created anything, so a valid one still works.
    define_example(writer);
    CHECK_THROWS_AS(define_example(writer), std::logic_error);
    writer.write_summary({{"rack", kRacks, ""}}, {});
    CHECK_THROWS_AS(writer.write_summary({{"rack", kRacks, ""}}, {}), std::logic_error);
  }

  SECTION("zero chunk rows") {
    CHECK_THROWS_AS(Hdf5Writer(path, 0), std::invalid_argument);
  }
}

TEST_CASE("Hdf5Writer appends a day of minutes quickly", "[hdf5_writer][performance]") {
  TempDir dir;
  constexpr std::size_t kRows = 1440;
  constexpr std::size_t kVars = 5;
  constexpr std::size_t kColumns = 10;
  std::vector<std::string> labels;
  for (std::size_t c = 0; c < kColumns; ++c) labels.push_back("unit-" + std::to_string(c));
  std::vector<VariableSpec> specs;
  for (std::size_t v = 0; v < kVars; ++v) specs.push_back({"var" + std::to_string(v), "W", "variable", "unit"});
  std::vector<std::vector<double>> row(kVars, std::vector<double>(kColumns, 0.0));

  Hdf5Writer writer(dir.file("perf.h5"));
  writer.define_timeseries("seconds since 2024-01-01T00:00:00Z", {{"unit", labels, "unit"}}, specs);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t r = 0; r < kRows; ++r) {
    for (std::size_t v = 0; v < kVars; ++v) {
      for (std::size_t c = 0; c < kColumns; ++c) row[v][c] = sample(r, v, c);
    }
    writer.append_row(static_cast<double>(r) * 60.0, row);
  }
  writer.commit();
  const double elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  INFO("append + commit of 1440 x 5 x 10 took " << elapsed_ms << " ms");
  // Generous bound for loaded CI machines; typical is a few milliseconds.
  CHECK(elapsed_ms < 500.0);
}

namespace {

std::vector<std::int8_t> read_int8s(hid_t dataset) {
  Id type(H5Dget_type(dataset), H5Tclose);
  REQUIRE(H5Tget_class(type.get()) == H5T_INTEGER);
  REQUIRE(H5Tget_size(type.get()) == 1);
  std::vector<std::int8_t> values(dataset_shape(dataset).at(0));
  REQUIRE(H5Dread(dataset, H5T_NATIVE_INT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  return values;
}

std::vector<std::int8_t> read_int8_array_attribute(hid_t object, const char* name) {
  Id attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  Id type(H5Aget_type(attr.get()), H5Tclose);
  REQUIRE(H5Tget_class(type.get()) == H5T_INTEGER);
  REQUIRE(H5Tget_size(type.get()) == 1);
  Id space(H5Aget_space(attr.get()), H5Sclose);
  std::vector<std::int8_t> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  REQUIRE(H5Aread(attr.get(), H5T_NATIVE_INT8, values.data()) >= 0);
  return values;
}

const std::vector<std::string> kLoopKinds{"air", "liquid"};

}  // namespace

TEST_CASE("Hdf5Writer writes an enumeration as an int8 CF flag variable without units", "[hdf5_writer]") {
  TempDir dir;
  const std::string path = dir.file("flags.h5");
  {
    Hdf5Writer writer(path);
    writer.write_summary({{"loop", kLoops, "cooling loop"}},
                         {{"loop_kind", "", "how the loop carries heat", "loop", {1.0, 0.0}, kLoopKinds},
                          {"flow", "m3/s", "coolant flow", "loop", {0.5, 0.25}}});
    writer.commit();
  }
  Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  Id group(H5Gopen2(file.get(), "summary", H5P_DEFAULT), H5Gclose);
  Id kind(H5Dopen2(group.get(), "loop_kind", H5P_DEFAULT), H5Dclose);
  CHECK(read_int8s(kind.get()) == std::vector<std::int8_t>{1, 0});
  CHECK(read_int8_array_attribute(kind.get(), "flag_values") == std::vector<std::int8_t>{0, 1});
  CHECK(read_string_attribute(kind.get(), "flag_meanings") == "air liquid");
  CHECK(read_string_attribute(kind.get(), "long_name") == "how the loop carries heat");
  CHECK(H5Aexists(kind.get(), "units") == 0);
  CHECK(is_attached(group.get(), "loop_kind", "loop", 0));
  // A variable without meanings next to it stays float64 with units.
  Id flow(H5Dopen2(group.get(), "flow", H5P_DEFAULT), H5Dclose);
  CHECK(read_doubles(flow.get()) == std::vector<double>{0.5, 0.25});
  CHECK(read_string_attribute(flow.get(), "units") == "m3/s");
}

TEST_CASE("Hdf5Writer refuses a flag value that is not the index of a meaning", "[hdf5_writer]") {
  TempDir dir;
  Hdf5Writer writer(dir.file("bad-flags.h5"));
  const auto summary_with = [&](std::vector<double> values, std::vector<std::string> meanings) {
    writer.write_summary({{"loop", kLoops, "cooling loop"}},
                         {{"loop_kind", "", "kind", "loop", std::move(values), std::move(meanings)}});
  };
  CHECK_THROWS_AS(summary_with({0.0, 2.0}, kLoopKinds), std::invalid_argument);
  CHECK_THROWS_AS(summary_with({0.0, 0.5}, kLoopKinds), std::invalid_argument);
  CHECK_THROWS_AS(summary_with({-1.0, 0.0}, kLoopKinds), std::invalid_argument);
  CHECK_THROWS_AS(summary_with({0.0, std::nan("")}, kLoopKinds), std::invalid_argument);
  CHECK_THROWS_AS(summary_with({0.0, 1.0}, {"air", "two words"}), std::invalid_argument);
  // Nothing was written by the refused calls, so a good one still can be.
  CHECK_NOTHROW(summary_with({0.0, 1.0}, kLoopKinds));
}

TEST_CASE("Hdf5Writer writes integer labels (calendar years) as an int64 coordinate", "[hdf5_writer]") {
  TempDir dir;
  const std::string path = dir.file("years.h5");
  {
    Hdf5Writer writer(path);
    writer.write_group("projection",
                       {{"year", {"2022", "2023", "2030"}, "calendar year", true}, {"case", {"base"}, "case"}},
                       {{"electricity", "TW h", "electricity", {"year", "case"}, {1.0, 2.0, 3.0}}});
    writer.commit();
  }
  Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  Id year(H5Dopen2(file.get(), "projection/year", H5P_DEFAULT), H5Dclose);
  Id type(H5Dget_type(year.get()), H5Tclose);
  CHECK(H5Tget_class(type.get()) == H5T_INTEGER);
  CHECK(H5Tget_size(type.get()) == 8);
  std::vector<std::int64_t> years(3);
  REQUIRE(H5Dread(year.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, years.data()) >= 0);
  CHECK(years == std::vector<std::int64_t>{2022, 2023, 2030});
  CHECK(H5DSis_scale(year.get()) > 0);
  CHECK(read_labels(file.get(), "projection/case") == std::vector<std::string>{"base"});

  // A sweep's metric or a validation check names a year as text ("electricity[2026]"): the reader gives it so.
  const auto variables = terawatt::read_point_summary(path);
  REQUIRE(variables.size() == 1);
  CHECK(variables[0].dimension_labels.front() == std::vector<std::string>{"2022", "2023", "2030"});
}

TEST_CASE("Hdf5Writer adds string coordinates to written groups and lists them for xarray", "[hdf5_writer]") {
  TempDir dir;
  const std::string path = dir.file("coordinates.h5");
  const std::vector<std::string> loop_of_rack{"loop-1", "loop-1", "loop-1", "loop-2", "loop-2", "loop-2", "loop-2"};
  {
    Hdf5Writer writer(path);
    define_example(writer);
    writer.append_row(60.0, example_row(0));
    writer.write_summary({{"rack", kRacks, "server rack"}, {"loop", kLoops, "cooling loop"}},
                         {{"rack_energy", "J", "rack energy", "rack", std::vector<double>(kRacks.size(), 1.0)}});
    for (const char* group : {"timeseries", "summary"}) {
      writer.write_coordinates(group, {{"loop_of_rack", "cooling loop of the rack", "rack", loop_of_rack}});
      writer.write_coordinates(group, {{"kind_of_loop", "kind of loop", "loop", kLoopKinds}});
    }
    writer.commit();
  }
  Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  for (const char* name : {"timeseries", "summary"}) {
    INFO(name);
    Id group(H5Gopen2(file.get(), name, H5P_DEFAULT), H5Gclose);
    CHECK(read_labels(group.get(), "loop_of_rack") == loop_of_rack);
    CHECK(read_labels(group.get(), "kind_of_loop") == kLoopKinds);
    CHECK(is_attached(group.get(), "loop_of_rack", "rack", 0));
    CHECK(is_attached(group.get(), "kind_of_loop", "loop", 0));
    CHECK(read_string_attribute(group.get(), "coordinates") == "loop_of_rack kind_of_loop");
    Id coordinate(H5Dopen2(group.get(), "loop_of_rack", H5P_DEFAULT), H5Dclose);
    CHECK(read_string_attribute(coordinate.get(), "long_name") == "cooling loop of the rack");
  }
}

TEST_CASE("Hdf5Writer refuses a coordinate that does not fit its group", "[hdf5_writer]") {
  TempDir dir;
  Hdf5Writer writer(dir.file("bad-coordinates.h5"));
  const std::vector<LabelCoordinate> fits{{"kind_of_loop", "kind of loop", "loop", kLoopKinds}};
  CHECK_THROWS_AS(writer.write_coordinates("summary", fits), std::logic_error);  // not written yet
  writer.write_summary({{"loop", kLoops, "cooling loop"}}, {{"flow", "m3/s", "coolant flow", "loop", {0.5, 0.25}}});
  CHECK_THROWS_AS(writer.write_coordinates("summary", {{"kind_of_loop", "kind", "loop", {"air"}}}),
                  std::invalid_argument);  // one value for two labels
  CHECK_THROWS_AS(writer.write_coordinates("summary", {{"kind_of_loop", "kind", "pump", kLoopKinds}}),
                  std::invalid_argument);  // no such dimension
  CHECK_THROWS_AS(writer.write_coordinates("summary", {{"kind_of_loop", "kind", "flow", kLoopKinds}}),
                  std::invalid_argument);  // a variable, not a dimension
  CHECK_THROWS_AS(writer.write_coordinates("summary", {{"flow", "kind", "loop", kLoopKinds}}),
                  std::invalid_argument);  // the name is taken
  writer.write_coordinates("summary", fits);
  CHECK_THROWS_AS(writer.write_coordinates("summary", fits), std::invalid_argument);  // written twice
  writer.commit();
  CHECK_THROWS_AS(writer.write_coordinates("summary", fits), std::logic_error);
}

TEST_CASE("Hdf5Writer gives a wide variable fewer rows per chunk so that a chunk stays within 8 MiB", "[hdf5_writer]") {
  TempDir dir;
  const std::string path = dir.file("wide.h5");
  // 20,000 workloads: 1,024 rows would make a 164 MB chunk; 8 MiB / (20,000 x 8 B) = 52 rows.
  constexpr std::size_t kWidth = 20000;
  constexpr std::size_t kRows = 120;
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < kWidth; ++i) labels.push_back("w" + std::to_string(i));
  {
    Hdf5Writer writer(path, 1024);
    writer.define_timeseries("seconds since 2024-01-01T00:00:00Z", {{"workload", labels, "workload"}},
                             {{"power", "W", "power", "workload"}});
    for (std::size_t row = 0; row < kRows; ++row) {
      std::vector<double> values(kWidth);
      for (std::size_t c = 0; c < kWidth; ++c) values[c] = static_cast<double>(row * kWidth + c);
      writer.append_row(static_cast<double>(row), {values});
    }
    writer.commit();
  }
  Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  Id dataset(H5Dopen2(file.get(), "/timeseries/power", H5P_DEFAULT), H5Dclose);
  Id dcpl(H5Dget_create_plist(dataset.get()), H5Pclose);
  hsize_t chunk[2] = {0, 0};
  REQUIRE(H5Pget_chunk(dcpl.get(), 2, chunk) == 2);
  CHECK(chunk[0] == 52);
  CHECK(chunk[1] == kWidth);
  const auto values = read_doubles(dataset.get());
  REQUIRE(values.size() == kRows * kWidth);
  for (std::size_t i = 0; i < values.size(); ++i) REQUIRE(values[i] == static_cast<double>(i));
}
