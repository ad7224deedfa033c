#pragma once
// Slurm array tasks that each run several points of a sweep, so that a sweep of short points is not thousands of
// tiny jobs and stays within the cluster's MaxArraySize. The pending points are cut, in order, into tasks of
// `points_per_task`; DIR/tasks.txt lists each task's point indices, one task a line, and the array task T runs
// line T (`terawatt sweep SWEEP -o DIR --task T`).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace terawatt {

// Slurm's default MaxArraySize (slurm.conf(5)): array indices run from 0 to MaxArraySize - 1.
inline constexpr std::size_t slurm_default_max_array_size = 1001;

// `pending` in order, cut into tasks of `points_per_task` (>= 1); the last may hold fewer.
std::vector<std::vector<std::size_t>> bundle_points(const std::vector<std::size_t>& pending,
                                                    std::size_t points_per_task);

// The points per task to use: `requested`, or more when that many tasks would not fit in `max_array_size`.
std::size_t points_per_task_within(std::size_t pending, std::size_t requested, std::size_t max_array_size);

// The points per task that fill `task_time_s` of wall time at `point_time_s` each, at least 1.
std::size_t points_for_task_time(double task_time_s, double point_time_s);

// The typical wall time of a point: the median of the measured ones (each > 0), none when there are none.
std::optional<double> typical_point_time(std::vector<double> measured_s);

// MaxArraySize from `scontrol show config`, or none when scontrol cannot be run or does not say.
std::optional<std::size_t> slurm_max_array_size();

// The text of DIR/tasks.txt and the points of task `task` read back from it. `read_task_points` throws
// std::runtime_error naming the file when the task is not there or a line is malformed.
std::string tasks_file_text(const std::vector<std::vector<std::size_t>>& tasks);
std::vector<std::size_t> read_task_points(const std::string& path, std::size_t task);

}  // namespace terawatt
