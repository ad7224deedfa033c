// A program outside the repository that uses the installed models (tests/install/install_test.sh): the catalog's
// H100 and the power it draws training, from the headers and libraries under the install prefix.
#include "models/power/accelerator_power.hpp"
#include "models/power/catalog.hpp"

#include <cstdio>

int main() {
  const terawatt::AcceleratorSpec* h100 = terawatt::find_accelerator("h100-sxm");
  if (!h100) return 1;
  terawatt::AcceleratorPowerParams params;
  params.tdp_w = h100->tdp_w;
  params.idle_w = h100->idle_w;
  const terawatt::AcceleratorPowerModel model(params);
  std::printf("%s %.0f W TDP, %.0f W training\n", h100->name.c_str(), h100->tdp_w,
              model.power_w(terawatt::WorkKind::compute));
  return 0;
}
