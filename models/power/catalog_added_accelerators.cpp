// Accelerators added to the built-in catalog in 2026: NVIDIA P100, A10, L4, L40S and the GB200's Blackwell GPU, AMD
// MI250X and MI300X, Google TPU v4, Intel Gaudi 2 and 3. Every figure is cited in docs/references.md H (vendor
// datasheets and documentation); idle powers and the GB200's board power are assumptions, said so in each source.
// Peaks are dense (a datasheet figure "with sparsity" is halved). TPU v5e and v5p are left out because Google publishes
// no chip power, and AWS's A10G because no source read states its BF16 tensor peak (docs/references.md H): an entry
// without a sourced TDP or 16-bit peak would put an invented figure into every run that names it.
#include "models/power/catalog_entries.hpp"

#include <string>

namespace terawatt {
namespace {

constexpr double kTera = 1e12;
constexpr double kGigabyte = 1e9;  // datasheets quote memory in "GB"; see catalog.hpp
constexpr double kGigabytePerS = 1e9;

// The fields every entry has; the others are set after it.
struct Part {
  const char* name;
  const char* description;
  double tdp_w;
  double peak_16bit_tflop_per_s;
  double memory_gb;
  double memory_gb_per_s;
  double interconnect_gb_per_s;
  const char* source;  // the sourced figures; the idle assumption is appended
};

AcceleratorSpec with_assumed_idle(const Part& p) {
  AcceleratorSpec a;
  a.name = p.name;
  a.description = p.description;
  a.tdp_w = p.tdp_w;
  a.idle_w = assumed_idle_share_of_tdp * p.tdp_w;
  a.peak_flop_per_s = p.peak_16bit_tflop_per_s * kTera;
  a.hbm_capacity_bytes = p.memory_gb * kGigabyte;
  a.hbm_bandwidth_bytes_per_s = p.memory_gb_per_s * kGigabytePerS;
  a.interconnect_bytes_per_s = p.interconnect_gb_per_s * kGigabytePerS;
  a.source = std::string(p.source) + "; idle: " + assumed_idle_source;
  return a;
}

void add_nvidia(std::vector<AcceleratorSpec>& c) {
  c.push_back(with_assumed_idle({"p100-sxm2", "NVIDIA Tesla P100 SXM2 16 GB", 300, 21.2, 16, 732, 160,
                                 "docs/references.md H (NVIDIA Tesla P100 datasheet): 300 W, FP16 21.2 TFLOP/s "
                                 "(Pascal has no BF16 and no tensor cores), FP32 10.6, FP64 5.3, 16 GB HBM2 at "
                                 "732 GB/s, NVLink 160 GB/s both directions"}));
  c.back().other_peaks = peaks_tflop(5.3, 10.6, 0, 0, 0);
  c.push_back(with_assumed_idle({"a10", "NVIDIA A10 24 GB (PCIe)", 150, 125, 24, 600, 64,
                                 "docs/references.md H (NVIDIA A10 datasheet): 150 W, BF16 tensor 125 TFLOP/s dense "
                                 "(250 with sparsity), TF32 62.5, FP32 31.2, 24 GB GDDR6 at 600 GB/s, PCIe Gen4 "
                                 "64 GB/s"}));
  c.back().other_peaks = peaks_tflop(0, 31.2, 62.5, 0, 0);
  c.push_back(with_assumed_idle({"l4", "NVIDIA L4 24 GB (PCIe)", 72, 121, 24, 300, 64,
                                 "docs/references.md H (NVIDIA L4 datasheet): 72 W, BF16 tensor 121 TFLOP/s dense "
                                 "(242 with sparsity), FP8 242.5 dense, TF32 60 dense, FP32 30.3, 24 GB GDDR6 at "
                                 "300 GB/s, PCIe Gen4 64 GB/s"}));
  c.back().other_peaks = peaks_tflop(0, 30.3, 60, 242.5, 0);
  c.push_back(with_assumed_idle({"l40s", "NVIDIA L40S 48 GB (PCIe)", 350, 362.05, 48, 864, 64,
                                 "docs/references.md H (NVIDIA L40S datasheet): 350 W, BF16 tensor 362.05 TFLOP/s "
                                 "dense (733 with sparsity), FP8 733 dense, TF32 183 dense, FP32 91.6, 48 GB GDDR6 "
                                 "at 864 GB/s, PCIe Gen4 64 GB/s, no NVLink"}));
  c.back().other_peaks = peaks_tflop(0, 91.6, 183, 733, 0);
  // The per-GPU figures of a GB200 NVL72 rack (72 GPUs): its datasheet's sparse rack peaks halved and divided by 72.
  c.push_back(with_assumed_idle(
      {"gb200", "NVIDIA Blackwell GPU of a GB200 superchip (NVL72) 186 GB", 1200, 2500, 186, 8000, 1800,
       "docs/references.md H (NVIDIA GB200 NVL72 datasheet, per GPU = rack / 72): BF16 360 PFLOP/s with sparsity, "
       "2.5 PFLOP/s dense per GPU; FP8 5, FP4 10, TF32 1.25 PFLOP/s dense; FP64 45 TFLOP/s; 13.4 TB HBM3e at "
       "576 TB/s, 186 GB and 8 TB/s per GPU; NVLink 5 1.8 TB/s per GPU; board power 1,200 W: assumption, the middle "
       "of the 1,100-1,400 W that docs/references.md E lists as unconfirmed [U] for GB200 variants"}));
  c.back().other_peaks = peaks_tflop(45, 0, 1250, 5000, 10000);
}

void add_amd(std::vector<AcceleratorSpec>& c) {
  c.push_back(with_assumed_idle({"mi250x", "AMD Instinct MI250X 128 GB (OAM)", 560, 383, 128, 3276.8, 800,
                                 "docs/references.md H (AMD Instinct MI250X datasheet): 560 W, FP16/BF16 matrix 383 "
                                 "TFLOP/s, FP64 matrix 95.7, FP32 vector 47.9, 128 GB HBM2e at 3.2768 TB/s, 8 "
                                 "Infinity Fabric links, 800 GB/s"}));
  c.back().other_peaks = peaks_tflop(95.7, 47.9, 0, 0, 0);
  c.push_back(with_assumed_idle({"mi300x", "AMD Instinct MI300X 192 GB (OAM)", 750, 1307.4, 192, 5300, 896,
                                 "docs/references.md H (AMD Instinct MI300X datasheet): 750 W, BF16 matrix 1,307.4 "
                                 "TFLOP/s dense, FP8 2,614.9 dense, TF32 653.7, FP32 vector 163.4, FP64 matrix "
                                 "163.4, 192 GB HBM3 at 5.3 TB/s, 7 Infinity Fabric links, 896 GB/s"}));
  c.back().other_peaks = peaks_tflop(163.4, 163.4, 653.7, 2614.9, 0);
}

void add_google_and_intel(std::vector<AcceleratorSpec>& c) {
  // Google publishes no inter-chip figure for TPU v4 in the sources of docs/references.md H: none here.
  c.push_back(with_assumed_idle({"tpu-v4", "Google TPU v4", 192, 275, 32, 1200, 0,
                                 "docs/references.md H (Google Cloud TPU v4 documentation): 192 W maximum, BF16 275 "
                                 "TFLOP/s, 32 GiB HBM2 at 1,200 GB/s; interconnect: no figure in the catalog (set "
                                 "clusters[].network.intra_server_bandwidth)"}));
  c.back().interconnect_bytes_per_s = std::nullopt;
  c.push_back(with_assumed_idle({"gaudi2", "Intel Gaudi 2 96 GB (OAM)", 600, 432, 96, 2460, 600,
                                 "docs/references.md H (Intel, Kaplan, Hot Chips 2024): 600 W OAM, BF16 432 "
                                 "TFLOP/s, 96 GB HBM2e at 2.46 TB/s, integrated RoCE NICs 4.8 Tb/s both "
                                 "directions (600 GB/s), which also join the chips of a server"}));
  c.push_back(with_assumed_idle({"gaudi3", "Intel Gaudi 3 128 GB (OAM, air-cooled)", 900, 1835, 128, 3670, 1200,
                                 "docs/references.md H (Intel, Kaplan, Hot Chips 2024): 900 W air-cooled OAM (1,200 W "
                                 "liquid-cooled), BF16 and FP8 matrix 1,835 TFLOP/s, 128 GB HBM2e at 3.67 TB/s, "
                                 "24 x 200 GbE RoCE, 1,200 GB/s both directions"}));
  c.back().other_peaks = peaks_tflop(0, 0, 0, 1835, 0);
}

}  // namespace

void add_more_accelerators(std::vector<AcceleratorSpec>& catalog) {
  add_nvidia(catalog);
  add_amd(catalog);
  add_google_and_intel(catalog);
}

}  // namespace terawatt
