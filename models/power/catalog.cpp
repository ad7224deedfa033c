#include "models/power/catalog.hpp"

#include "models/power/catalog_entries.hpp"
#include "models/power/hardware_catalog.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace terawatt {

const char* const assumed_idle_source =
    "assumption, not among the published figures of docs/references.md: 10% of TDP (docs/references.md E idles span "
    "10% (H100 SXM 70/700 W) to 18% (V100 55/300 W) of TDP)";

namespace {

constexpr double kTera = 1e12;
constexpr double kGigabyte = 1e9;  // datasheets quote HBM in "GB"; see catalog.hpp
constexpr double kTerabytePerS = 1e12;
constexpr double kGigabytePerS = 1e9;

// Shared citation fragments, so the same fact is worded the same way everywhere.
const char* const kIdleMonitoring =
    "docs/references.md E (third-party cluster-monitoring config: V100/A100 55 W, H100 SXM 70 W, "
    "H100 NVL 66 W) [S]";
const char* const kIdleRule = assumed_idle_source;

// NVIDIA V100 and A100, SXM and PCIe.
void add_volta_and_ampere_gpus(std::vector<AcceleratorSpec>& c) {
  c.push_back({"v100-sxm2", "NVIDIA V100 SXM2 32 GB", 300.0, 55.0, 125 * kTera, 32 * kGigabyte, 0.900 * kTerabytePerS,
               std::string("TDP 300 W: docs/references.md E and RC-01 (Patterson et al. 2021 Table 4) [P]; "
                           "idle 55 W: ") +
                   kIdleMonitoring +
                   "; peak 125 TFLOP/s FP16 tensor, 32 GB HBM2, 900 GB/s: vendor datasheet "
                   "(NVIDIA V100 SXM2), not among the published figures of docs/references.md, though "
                   "docs/references.md RC-01 uses the "
                   "same 125 TF peak; measured system power in GPT-3 training 330 W/GPU "
                   "(docs/references.md RC-01)"
                   "; interconnect NVLink 2 300 GB/s per GPU"
                   ": vendor datasheet (NVIDIA V100), not among the published figures of docs/references.md",
               300 * kGigabytePerS});

  c.push_back(
      {"v100-pcie-32gb", "NVIDIA V100 PCIe 32 GB", 250.0, 55.0, 112 * kTera, 32 * kGigabyte, 0.900 * kTerabytePerS,
       std::string("TDP 250 W: docs/references.md E (Samsi et al. Table I) [P]; idle 55 W: ") + kIdleMonitoring +
           " (the config does not split V100 by form factor); peak 112 TFLOP/s FP16 "
           "tensor, 32 GB HBM2, 900 GB/s: vendor datasheet (NVIDIA V100 PCIe), not in "
           "docs/references.md"
           "; interconnect PCIe Gen3 32 GB/s per GPU, no NVLink"
           ": vendor datasheet (NVIDIA V100), not among the published figures of docs/references.md",
       32 * kGigabytePerS});

  c.push_back({"a100-sxm4-40gb", "NVIDIA A100 SXM4 40 GB", 400.0, 53.0, 312 * kTera, 40 * kGigabyte,
               1.555 * kTerabytePerS,
               "TDP 400 W: docs/references.md E (mlco2/impact gpus.csv [P, data]; DGX A100 8 x 400 W); "
               "idle 53 W: docs/references.md E (nvidia-smi at 0% utilisation, A100-SXM4-40GB 52-54 W, "
               "HF space CSV [S]; midpoint); peak 312 TFLOP/s BF16 dense tensor, 40 GB HBM2, "
               "1.555 TB/s: vendor datasheet (NVIDIA A100), not among the published figures of docs/references.md, "
               "though docs/references.md "
               "E uses the same 312 TF peak for OPT/BLOOM MFU"
               "; interconnect NVLink 3 600 GB/s per GPU"
               ": vendor datasheet (NVIDIA A100), not among the published figures of docs/references.md",
               600 * kGigabytePerS});

  c.push_back({"a100-sxm4-80gb", "NVIDIA A100 SXM4 80 GB", 400.0, 55.0, 312 * kTera, 80 * kGigabyte,
               2.039 * kTerabytePerS,
               std::string("TDP 400 W: docs/references.md E (mlco2/impact gpus.csv [P, data]; DGX A100 "
                           "8 x 400 W; Llama 2 card 'TDP of 350-400W' RC-05); idle 55 W: ") +
                   kIdleMonitoring +
                   "; peak 312 TFLOP/s BF16 dense tensor, 80 GB HBM2e, 2.039 TB/s: vendor "
                   "datasheet (NVIDIA A100 80GB SXM), not among the published figures of docs/references.md"
                   "; interconnect NVLink 3 600 GB/s per GPU"
                   ": vendor datasheet (NVIDIA A100), not among the published figures of docs/references.md",
               600 * kGigabytePerS});

  c.push_back({"a100-pcie-40gb", "NVIDIA A100 PCIe 40 GB", 250.0, 46.0, 312 * kTera, 40 * kGigabyte,
               1.555 * kTerabytePerS,
               "TDP 250 W: docs/references.md E (mlco2/impact gpus.csv [P, data]); idle 46 W: "
               "assumption, taken from the A100-80GB-PCIe nvidia-smi reading 44-48 W in "
               "docs/references.md E [S] (same PCIe board family; no 40 GB reading published); peak "
               "312 TFLOP/s BF16 dense tensor, 40 GB HBM2, 1.555 TB/s: vendor datasheet (NVIDIA "
               "A100 PCIe), not among the published figures of docs/references.md"
               "; interconnect PCIe Gen4 64 GB/s per GPU (an NVLink bridge joins pairs only)"
               ": vendor datasheet (NVIDIA A100), not among the published figures of docs/references.md",
               64 * kGigabytePerS});

  c.push_back({"a100-pcie-80gb", "NVIDIA A100 PCIe 80 GB", 300.0, 46.0, 312 * kTera, 80 * kGigabyte,
               1.935 * kTerabytePerS,
               "TDP 300 W: docs/references.md E (Samsi et al. Table I) [P]; idle 46 W: docs/references.md E "
               "(nvidia-smi at 0% utilisation, A100-80GB-PCIe 44-48 W, HF space CSV [S]; "
               "midpoint); peak 312 TFLOP/s BF16 dense tensor, 80 GB HBM2e, 1.935 TB/s: vendor "
               "datasheet (NVIDIA A100 80GB PCIe), not among the published figures of docs/references.md"
               "; interconnect PCIe Gen4 64 GB/s per GPU (an NVLink bridge joins pairs only)"
               ": vendor datasheet (NVIDIA A100), not among the published figures of docs/references.md",
               64 * kGigabytePerS});
}

// NVIDIA H100 (SXM, PCIe, NVL), H200 and B200.
void add_hopper_and_blackwell_gpus(std::vector<AcceleratorSpec>& c) {
  c.push_back({"h100-sxm", "NVIDIA H100 SXM5 80 GB", 700.0, 70.0, 989 * kTera, 80 * kGigabyte, 3.35 * kTerabytePerS,
               std::string("TDP 700 W: docs/references.md E (Llama 3 model cards 'TDP of 700W'; Morrison "
                           "et al. 'maximum power draw of 700W') [P]; idle 70 W: ") +
                   kIdleMonitoring +
                   "; ~100 W during checkpoint saves (docs/references.md E, Morrison [P]); peak 989 "
                   "TFLOP/s BF16 dense tensor: docs/references.md RC-23 (Epoch AI) and E (Llama 3 MFU), "
                   "matching the vendor datasheet; 80 GB HBM3, 3.35 TB/s: vendor datasheet "
                   "(NVIDIA H100 SXM), not among the published figures of docs/references.md"
                   "; interconnect NVLink 4 900 GB/s per GPU"
                   ": vendor datasheet (NVIDIA H100), not among the published figures of docs/references.md",
               900 * kGigabytePerS});

  c.push_back({"h100-pcie", "NVIDIA H100 PCIe 80 GB", 350.0, 35.0, 756 * kTera, 80 * kGigabyte, 2.0 * kTerabytePerS,
               std::string("TDP 350 W: docs/references.md E ('350 W (some list 300-350)') [S]; idle 35 W: ") +
                   kIdleRule +
                   " (the H100 NVL sibling reads 66 W, so this may be low); peak 756 TFLOP/s "
                   "BF16 dense tensor, 80 GB HBM2e, 2.0 TB/s: vendor datasheet (NVIDIA H100 "
                   "PCIe), not among the published figures of docs/references.md"
                   "; interconnect PCIe Gen5 128 GB/s per GPU (an NVLink bridge joins pairs only)"
                   ": vendor datasheet (NVIDIA H100), not among the published figures of docs/references.md",
               128 * kGigabytePerS});

  c.push_back({"h100-nvl", "NVIDIA H100 NVL 94 GB", 400.0, 66.0, 835 * kTera, 94 * kGigabyte, 3.9 * kTerabytePerS,
               std::string("TDP 400 W: docs/references.md E ('350-400 W') [S], upper end taken as the "
                           "board limit; idle 66 W: ") +
                   kIdleMonitoring +
                   "; peak 835 TFLOP/s BF16 dense tensor (datasheet 1,671 with sparsity, "
                   "halved), 94 GB HBM3, 3.9 TB/s: vendor datasheet (NVIDIA H100 NVL), not in "
                   "docs/references.md"
                   "; interconnect PCIe Gen5 128 GB/s per GPU (an NVLink bridge joins pairs only)"
                   ": vendor datasheet (NVIDIA H100), not among the published figures of docs/references.md",
               128 * kGigabytePerS});

  c.push_back({"h200-sxm", "NVIDIA H200 SXM 141 GB", 700.0, 70.0, 989 * kTera, 141 * kGigabyte, 4.8 * kTerabytePerS,
               std::string("TDP 700 W ('up to 700W (configurable)'), 141 GB, 4.8 TB/s: docs/references.md "
                           "E (NVIDIA page quoted in a stored repo) [S]; idle 70 W: ") +
                   kIdleRule +
                   " (equals the H100 SXM reading, same board power); peak 989 TFLOP/s BF16 "
                   "dense tensor: vendor datasheet (NVIDIA H200, same compute die as H100 SXM), "
                   "not among the published figures of docs/references.md"
                   "; interconnect NVLink 4 900 GB/s per GPU"
                   ": vendor datasheet (NVIDIA H200), not among the published figures of docs/references.md",
               900 * kGigabytePerS});

  c.push_back(
      {"b200", "NVIDIA B200 192 GB", 1000.0, 100.0, 2250 * kTera, 192 * kGigabyte, 8.0 * kTerabytePerS,
       std::string("TDP 1,000 W: docs/references.md E [S, multiple repos] (GB200/B300 variants "
                   "1,100-1,400 W are [U] and not used); idle 100 W: ") +
           kIdleRule +
           "; peak 2.25 PFLOP/s BF16 dense tensor (4.5 PFLOP/s is with sparsity), 192 "
           "GB HBM3e, 8 TB/s: vendor datasheet (NVIDIA B200), not among the published figures of docs/references.md"
           "; interconnect NVLink 5 1.8 TB/s per GPU"
           ": vendor datasheet (NVIDIA DGX B200), not among the published figures of docs/references.md",
       1800 * kGigabytePerS});
}

// Google TPU boards.
void add_google_tpus(std::vector<AcceleratorSpec>& c) {
  c.push_back({"tpu-v2", "Google TPU v2", 280.0, 28.0, 45 * kTera, 16 * kGigabyte, 0.600 * kTerabytePerS,
               std::string("TDP 280 W: docs/references.md E and RC-02 (Patterson et al. 2021 Tables 3-4) [P]; "
                           "measured average 221 W (Patterson Table 3) and 208 W system per chip "
                           "in Evolved Transformer NAS (RC-02); idle 28 W: ") +
                   kIdleRule +
                   "; peak 45 TFLOP/s BF16, 16 GB HBM, 600 GB/s: vendor datasheet (Google Cloud "
                   "TPU v2), not among the published figures of docs/references.md; interconnect: no figure in the "
                   "catalog (set "
                   "clusters[].network.intra_server_bandwidth)",
               std::nullopt});

  c.push_back({"tpu-v3", "Google TPU v3", 450.0, 45.0, 123 * kTera, 32 * kGigabyte, 0.900 * kTerabytePerS,
               std::string("TDP 450 W: docs/references.md E and RC-02 (Patterson et al. 2021 Tables 3-4) [P]; "
                           "measured average 283 W (Patterson Table 3), 245-310 W system per chip "
                           "in RC-02 runs; idle 45 W: ") +
                   kIdleRule +
                   "; peak 123 TFLOP/s BF16 (also docs/references.md E's assumed MFU denominator), "
                   "32 GB HBM, 900 GB/s: vendor datasheet (Google Cloud TPU v3), not in "
                   "docs/references.md; interconnect: no figure in the catalog (set "
                   "clusters[].network.intra_server_bandwidth)",
               std::nullopt});
}

}  // namespace

PrecisionPeaks peaks_tflop(double fp64, double fp32, double tf32, double fp8, double fp4) {
  const auto given = [](double tflop) { return tflop > 0.0 ? std::optional<double>(tflop * kTera) : std::nullopt; };
  return {given(fp64), given(fp32), given(tf32), given(fp8), given(fp4)};
}

namespace {

// The dense peaks at other precisions of the NVIDIA SXM parts above, from the vendor datasheets (NVIDIA V100, A100
// and H100 Tensor Core GPU datasheets; the H200's compute is the H100 SXM's), not among the published figures of
// docs/references.md. The datasheets quote tensor figures with structured sparsity; the dense ones are half of them.
void add_other_precision_peaks(std::vector<AcceleratorSpec>& c) {
  const auto set = [&c](const std::string& name, const PrecisionPeaks& peaks, const char* figures) {
    for (AcceleratorSpec& a : c) {
      if (a.name != name) continue;
      a.other_peaks = peaks;
      a.source += std::string("; other precisions, dense TFLOP/s: ") + figures +
                  ": vendor datasheet, not among the published figures of docs/references.md";
    }
  };
  set("v100-sxm2", peaks_tflop(7.8, 15.7, 0, 0, 0), "FP64 7.8, FP32 15.7 (no TF32, FP8 or FP4)");
  for (const char* a100 : {"a100-sxm4-40gb", "a100-sxm4-80gb"}) {
    set(a100, peaks_tflop(19.5, 19.5, 156, 0, 0), "FP64 tensor 19.5, FP32 19.5, TF32 156 (no FP8 or FP4)");
  }
  for (const char* hopper : {"h100-sxm", "h200-sxm"}) {
    set(hopper, peaks_tflop(67, 67, 494.5, 1979, 0), "FP64 tensor 67, FP32 67, TF32 494.5, FP8 1,979 (no FP4)");
  }
}

}  // namespace

std::vector<AcceleratorSpec> builtin_accelerators() {
  std::vector<AcceleratorSpec> c;
  add_volta_and_ampere_gpus(c);
  add_hopper_and_blackwell_gpus(c);
  add_other_precision_peaks(c);
  add_google_tpus(c);
  add_more_accelerators(c);
  return c;
}

namespace {

// The host of a vendor system, from its nameplate:
//  - loaded: Latif et al. (2025) measured an 8 x H100 HGX node at about 8.4 kW at most, GPUs near full load
//    (GPU-burn and training), against its 10.2 kW nameplate. With the GPUs at their 700 W TDP the host drew
//    8.4 - 8 x 0.7 = 2.8 kW. Assumption: other systems reach the same share of their nameplate, 8.4 / 10.2, at full
//    load, so host loaded = nameplate x 8.4 / 10.2 - accelerators x TDP.
//  - idle: half the loaded host. Barroso & Hoelzle (2007) found that even an energy-efficient server draws about
//    half its full power when doing virtually no work; the host (CPUs, DRAM, NICs, switches, fans at their floor)
//    is such a server. An assumption for these hosts; no idle measurement of a whole DGX is in docs/references.md.
constexpr double kPeakShareOfNameplate = 8.4 / 10.2;
constexpr double kHostIdleShareOfLoaded = 0.5;
}  // namespace

const char* const host_from_nameplate_rule =
    "host loaded = nameplate x 8.4/10.2 - accelerators x TDP (Latif et al. 2025: an 8 x H100 node peaks at 8.4 of "
    "its 10.2 kW nameplate), host idle = half of loaded (Barroso & Hoelzle 2007: a server idles at about half its "
    "peak; an assumption for this host)";

HostPowerCurve host_from_nameplate(double nameplate_w, const AcceleratorSpec& accelerator, int count) {
  const double loaded_w = nameplate_w * kPeakShareOfNameplate - count * accelerator.tdp_w;
  return {kHostIdleShareOfLoaded * loaded_w, loaded_w};
}

namespace {

const char* const kHostRule = host_from_nameplate_rule;

// `fabric_gbit_per_s`: its compute network adapters together (docs/references.md, Network fabric).
ServerSpec vendor_system(const std::string& name, const AcceleratorSpec& accelerator, int count, double nameplate_w,
                         double fabric_gbit_per_s, const std::string& source) {
  constexpr double bytes_per_gbit = 1e9 / 8.0;
  return {name,
          accelerator.name,
          count,
          nameplate_w,
          host_from_nameplate(nameplate_w, accelerator, count),
          source + "; " + kHostRule,
          fabric_gbit_per_s * bytes_per_gbit};
}

// A generic server for accelerators sold without a vendor system: the host is given per accelerator, and the
// nameplate is the accelerators' TDP plus the loaded host.
ServerSpec generic_server(const std::string& name, const AcceleratorSpec& accelerator, int count,
                          const HostPowerCurve& host_per_accelerator, const std::string& source) {
  const HostPowerCurve host = host_per_accelerator.scaled(count);
  return {name, accelerator.name, count, count * accelerator.tdp_w + host.loaded_w, host, source, std::nullopt};
}

// Cloud instances of 8 SXM GPUs, each as the vendor system it is built like; appended to `s`, which holds those.
void add_cloud_instances(std::vector<ServerSpec>& s) {
  // Cloud instances of 8 SXM GPUs run on the same HGX baseboards as the DGX systems (each provider's instance-type
  // documentation gives the GPUs; not among the published figures of docs/references.md). No provider publishes their
  // power: each takes the DGX of its GPU's host and nameplate, an assumption (their CPUs, memory and NICs differ from
  // the DGX's).
  const auto cloud_instance = [&s](const std::string& name, const std::string& like, const std::string& what) {
    ServerSpec instance = *std::find_if(s.begin(), s.end(), [&like](const ServerSpec& x) { return x.name == like; });
    instance.name = name;
    instance.source = what +
                      " (provider documentation, not among the published figures of docs/references.md); no published "
                      "power: host, nameplate and network adapters "
                      "of the " +
                      like + " (an assumption)";
    s.push_back(instance);
  };
  cloud_instance("aws-p4d-24xlarge", "dgx-a100-320gb", "AWS EC2 p4d.24xlarge: 8 x A100 SXM4 40 GB");
  cloud_instance("aws-p5-48xlarge", "dgx-h100", "AWS EC2 p5.48xlarge: 8 x H100 SXM");
  cloud_instance("gcp-a2-highgpu-8g", "dgx-a100-320gb", "Google Cloud a2-highgpu-8g: 8 x A100 SXM4 40 GB");
  cloud_instance("gcp-a3-highgpu-8g", "dgx-h100", "Google Cloud a3-highgpu-8g: 8 x H100 SXM");
  cloud_instance("azure-nd96asr-v4", "dgx-a100-320gb", "Azure ND96asr v4: 8 x A100 SXM4 40 GB");
  cloud_instance("azure-nd96isr-h100-v5", "dgx-h100", "Azure ND96isr H100 v5: 8 x H100 SXM");
}

}  // namespace

std::vector<ServerSpec> builtin_servers(const std::vector<AcceleratorSpec>& accelerators) {
  const auto catalog_accelerator = [&accelerators](std::string_view name) -> const AcceleratorSpec& {
    const auto found = std::find_if(accelerators.begin(), accelerators.end(),
                                    [name](const AcceleratorSpec& a) { return a.name == name; });
    if (found == accelerators.end()) {
      throw std::logic_error("the server catalog names unknown accelerator '" + std::string(name) + "'");
    }
    return *found;
  };
  std::vector<ServerSpec> s;
  // The adapters: the DGX-1's four 100 Gb/s InfiniBand EDR cards, the DGX A100's eight 200 Gb/s HDR, and eight
  // 400 Gb/s NDR (ConnectX-7) from the DGX H100 on.
  s.push_back(vendor_system("dgx-1-v100", catalog_accelerator("v100-sxm2"), 8, 3500.0, 4 * 100.0,
                            "max 3,500 W: vendor datasheet (NVIDIA DGX-1 with Tesla V100, system power usage "
                            "3,500 W max), not among the published figures of docs/references.md; 8 x V100 SXM2"));
  // The generic host: the DGX-1's, a dual-socket x86 server with its NICs and fans and no NVSwitch, per accelerator.
  // Assumption: a server of PCIe cards, or a TPU board's host, feeds its accelerators with a host of that class.
  const HostPowerCurve generic_host = s.back().host.scaled(1.0 / s.back().accelerators_per_server);
  const std::string generic_source =
      "no vendor system: a generic server whose host per accelerator is the DGX-1's (a dual-socket x86 host with "
      "NICs and fans, no NVSwitch; " +
      std::string(kHostRule) +
      "); an assumption: set host_idle_power and "
      "host_loaded_power (or server_overhead) from your own hardware";
  s.push_back(vendor_system("dgx-a100", catalog_accelerator("a100-sxm4-80gb"), 8, 6500.0, 8 * 200.0,
                            "max 6.5 kW: docs/references.md RC-40 and E (DGX A100 user guide '6.5 kW max', six 3 kW "
                            "PSUs 3+3, quoted in a stored repo [S]); 8 x A100 SXM4 80 GB (the DGX A100 640 GB "
                            "model)"));
  s.push_back(vendor_system("dgx-a100-320gb", catalog_accelerator("a100-sxm4-40gb"), 8, 6500.0, 8 * 200.0,
                            "max 6.5 kW: docs/references.md RC-40 and E (the DGX A100 user guide's 6.5 kW max, for the "
                            "320 GB and 640 GB models alike [S]); 8 x A100 SXM4 40 GB"));
  s.push_back(vendor_system("dgx-h100", catalog_accelerator("h100-sxm"), 8, 10200.0, 8 * 400.0,
                            "max 10.2 kW: docs/references.md RC-40 and E ('10.2 kW max, 6 x 3.3 kW PSUs (4+2)' [S, "
                            "multiple]; also used by Epoch AI RC-23 and Jegham [P]); 8 x H100 SXM"));
  s.push_back(
      vendor_system("dgx-h200", catalog_accelerator("h200-sxm"), 8, 10200.0, 8 * 400.0,
                    "max 10.2 kW: docs/references.md E ('DGX H100 / H200 (8 GPUs) 10.2 kW max' [S]); 8 x H200 SXM"));
  s.push_back(vendor_system("dgx-b200", catalog_accelerator("b200"), 8, 14300.0, 8 * 400.0,
                            "max 14.3 kW: docs/references.md E ('DGX B200 ~14.3 kW max' [S]); 8 x B200"));
  for (const char* pcie : {"v100-pcie-32gb", "a100-pcie-40gb", "a100-pcie-80gb", "h100-pcie", "h100-nvl"}) {
    s.push_back(generic_server(std::string("server-8x-") + pcie, catalog_accelerator(pcie), 8, generic_host,
                               "8 PCIe cards; " + generic_source));
  }
  // A TPU v2 or v3 board carries 4 chips and is driven by one host (Google Cloud TPU system architecture
  // documentation; not among the published figures of docs/references.md).
  for (const char* tpu : {"tpu-v2", "tpu-v3"}) {
    s.push_back(generic_server(std::string(tpu) + "-board", catalog_accelerator(tpu), 4, generic_host,
                               "a board of 4 chips and its host; " + generic_source));
  }
  // The parts of catalog_added_accelerators.cpp, none of which has a vendor system with a published nameplate in
  // docs/references.md: 8 PCIe cards or OAM modules per server (the HGX/OAM baseboard size), and the 4 chips per
  // host of Google's Cloud TPU v4 documentation.
  for (const char* eight : {"p100-sxm2", "a10", "l4", "l40s", "mi250x", "mi300x", "gaudi2", "gaudi3"}) {
    s.push_back(generic_server(std::string("server-8x-") + eight, catalog_accelerator(eight), 8, generic_host,
                               "8 accelerators; " + generic_source));
  }
  // A GB200 compute tray holds two Grace-Blackwell superchips, 4 GPUs (NVIDIA GB200 NVL72 documentation).
  s.push_back(generic_server("gb200-tray", catalog_accelerator("gb200"), 4, generic_host,
                             "a compute tray of 2 superchips, 4 GPUs; " + generic_source +
                                 " (the Grace CPUs of a real tray are not an x86 host)"));
  s.push_back(generic_server("tpu-v4-host", catalog_accelerator("tpu-v4"), 4, generic_host,
                             "4 chips per host (Google Cloud TPU v4 documentation); " + generic_source));
  add_cloud_instances(s);
  return s;
}

const std::vector<AcceleratorSpec>& accelerator_catalog() {
  return builtin_catalog().accelerators;
}

const std::vector<ServerSpec>& server_catalog() {
  return builtin_catalog().servers;
}

const AcceleratorSpec* find_accelerator(std::string_view name) {
  return builtin_catalog().find_accelerator(name);
}

const ServerSpec* find_server(std::string_view name) {
  return builtin_catalog().find_server(name);
}

const ServerSpec& server_for(const AcceleratorSpec& accelerator) {
  if (const ServerSpec* server = builtin_catalog().server_for(accelerator.name)) return *server;
  throw std::invalid_argument("no catalog server holds accelerator '" + accelerator.name +
                              "' (give the host's power: server_overhead, or host_idle_power and host_loaded_power)");
}

HostPowerCurve default_host_power(const AcceleratorSpec& accelerator, int accelerators_per_server) {
  if (accelerators_per_server < 1) {
    throw std::invalid_argument("accelerators_per_server must be at least 1, got " +
                                std::to_string(accelerators_per_server));
  }
  return server_for(accelerator).host_for(accelerators_per_server);
}

}  // namespace terawatt
