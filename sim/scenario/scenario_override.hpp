#pragma once
// --set overrides ("key.path=value") applied to a scenario's YAML tree before it is read, list elements addressed by
// name or index; apply_scenario_override itself is declared in sim/scenario/scenario_loader.hpp.

#include <cstddef>
#include <string>

namespace YAML {
class Node;
}  // namespace YAML

namespace terawatt {

// The path segment of a list element: its name when it has a valid one, else its index.
std::string element_segment(const YAML::Node& element, std::size_t index);

}  // namespace terawatt
