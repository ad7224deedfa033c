// Slurm array tasks of several points (sim/app/sweep/sweep_tasks.hpp): how points are cut into tasks, how many a
// task takes to fit Slurm's MaxArraySize, the tasks file read back, and a task's time limit.
#include "sim/app/sweep/sweep_tasks.hpp"
#include "sim/app/sweep/sweep_slurm.hpp"  // slurm_time_for_points

#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

using namespace terawatt;
namespace fs = std::filesystem;

TEST_CASE("pending points are cut in order into tasks of at most K") {
  using Tasks = std::vector<std::vector<std::size_t>>;
  CHECK(bundle_points({0, 1, 2, 3, 4, 5, 6, 7}, 3) == Tasks{{0, 1, 2}, {3, 4, 5}, {6, 7}});
  CHECK(bundle_points({2, 9, 11}, 5) == Tasks{{2, 9, 11}});
  CHECK(bundle_points({}, 2).empty());
  CHECK_THROWS_AS(bundle_points({1}, 0), std::invalid_argument);
}

TEST_CASE("a task takes more points when the tasks would not fit in MaxArraySize") {
  CHECK(points_per_task_within(500, 1, slurm_default_max_array_size) == 1);
  // 10,000 points in at most 1,001 tasks: 10 a task (1,000 tasks).
  CHECK(points_per_task_within(10000, 1, slurm_default_max_array_size) == 10);
  CHECK(points_per_task_within(10000, 50, slurm_default_max_array_size) == 50);
  CHECK(points_per_task_within(10010, 1, 1001) == 10);
  CHECK(points_per_task_within(10011, 1, 1001) == 11);
}

TEST_CASE("the tasks file gives each task its points back and names what is wrong") {
  const fs::path dir = fs::temp_directory_path() / ("terawatt-tasks-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "tasks.txt").string();
  {
    std::ofstream out(path);
    out << tasks_file_text({{0, 1, 2}, {5, 7}});
  }
  CHECK(read_task_points(path, 0) == std::vector<std::size_t>{0, 1, 2});
  CHECK(read_task_points(path, 1) == std::vector<std::size_t>{5, 7});
  CHECK_THROWS_WITH(read_task_points(path, 2), Catch::EndsWith("tasks.txt: there is no task 2 (it lists 2)"));
  {
    std::ofstream out(path);
    out << "# header\n3 x 4\n";
  }
  CHECK_THROWS_WITH(read_task_points(path, 0), Catch::EndsWith("tasks.txt: task 0: 'x' is not a point index"));
  CHECK_THROWS_WITH(read_task_points((dir / "none.txt").string(), 0), Catch::StartsWith("cannot read"));
  fs::remove_all(dir);
}

TEST_CASE("a task of K points gets K times a point's time limit") {
  CHECK(slurm_time_for_points("0:30:00", 3) == "1:30:00");
  CHECK(slurm_time_for_points("45", 40) == "1-06:00:00");  // 45 minutes, Slurm's MM
  CHECK(slurm_time_for_points("1-12", 2) == "3-00:00:00");
  CHECK(slurm_time_for_points("10:30", 2) == "0:21:00");  // MM:SS, rounded up to whole minutes
  CHECK(slurm_time_for_points("UNLIMITED", 5) == "UNLIMITED");
  CHECK(slurm_time_for_points("", 5).empty());
}

TEST_CASE("a task time holds as many measured points as fit, and at least one") {
  CHECK(points_for_task_time(120.0, 0.05) == 2400);
  CHECK(points_for_task_time(120.0, 0.14) == 857);  // 857 x 0.14 s = 119.98 s; 858 would pass 2 min
  CHECK(points_for_task_time(60.0, 600.0) == 1);    // a point longer than the task still gets a task
  CHECK_THROWS_AS(points_for_task_time(0.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(points_for_task_time(60.0, 0.0), std::invalid_argument);
}

TEST_CASE("a point's typical time is the median of those measured, none without any") {
  CHECK(typical_point_time({0.2, 0.1, 5.0}) == 0.2);  // one slow point does not move it
  CHECK(typical_point_time({0.3}) == 0.3);
  CHECK(typical_point_time({0.0, -1.0, 0.4}) == 0.4);  // no measurement is not a zero
  CHECK_FALSE(typical_point_time({}).has_value());
}

TEST_CASE("a task sized by a measured time gets twice its expected time and one point's limit") {
  CHECK(slurm_time_for_expected(120.0, "0:10:00", 857) == "0:14:00");  // 2 x 2 min + 10 min
  CHECK(slurm_time_for_expected(3600.0, "0:10:00", 2) == "0:20:00");   // never past 2 x the point limit
  CHECK(slurm_time_for_expected(1.0, "UNLIMITED", 5) == "UNLIMITED");
  CHECK(slurm_time_for_expected(1.0, "", 5).empty());
}
