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
