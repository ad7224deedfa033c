#!/usr/bin/python3
"""`terawatt run` of a projection with demand-driven AI segments (scenarios/ai-demand-2024-2030.yaml), end to end.

- every year and case, the served work (all regions) is the stated demand: training FLOP a year, tokens a day x 365;
  each region's share of it follows the stated weights, interpolated between their years;
- the two views meet in 2024: the stated installed AI base is within 25 % of the fleet the 2024 demand needs, so no
  meeting warning; raising the inference utilisation halves the fleet the demand needs and warns, naming the file,
  line and key of `installed`, in both stderr and the output's `warnings`;
- the delivered efficiency (work per kWh) rises as newer vintages replace older ones, and the table prints it;
- the fleet follows demand: the lift-off case installs more accelerators in 2030 than the base, the base more than
  headwinds, with identical 2024 fleets.

Usage: demand_cli_test.py TERAWATT_BINARY SCENARIOS_DIR
"""

import os
import sys
import tempfile

import xarray as xr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cli_check import check, run_terawatt  # noqa: E402

TERAWATT = os.path.abspath(sys.argv[1])
SCENARIO = os.path.join(os.path.abspath(sys.argv[2]), "ai-demand-2024-2030.yaml")

# The scenario's stated demand (all regions) and regional weights, read from the file.
TRAINING_BASE = {2024: 2.0e28, 2025: 4.6e28, 2026: 6.9e28, 2027: 1.04e29, 2028: 1.55e29, 2029: 2.33e29, 2030: 3.49e29}
TOKENS_PER_DAY_BASE = {2024: 6.3e13, 2025: 1.45e14, 2026: 2.17e14, 2027: 3.26e14, 2028: 4.89e14, 2029: 7.34e14,
                       2030: 1.10e15}
US_WEIGHT = {2024: 183, 2030: 426}
ALL_WEIGHTS = {2024: 183 + 102 + 68 + 48 + 15, 2030: 426 + 277 + 113 + 101 + 29}


# Images and minutes of video a day, served by the cost models of text-image-video.yaml's services.
MEDIA = """scenario: {name: media, seed: 1}
projection:
  first_year: 2024
  last_year: 2026
  cases: [{name: base}]
  regions: [{name: us, climate: virginia, carbon_intensity: 350 g/kWh}]
  segments:
    - {name: images, kind: inference, facility: hyperscale, utilisation: 40 %, modality: image,
       model: {parameters: 12e9, layers: 57, hidden_size: 3072},
       request: {height: 1024, width: 1024, steps: 28, passes_per_step: 1, images: 2}, replica_accelerators: 1,
       images_per_day: {2024: 1e8, 2026: 4e8}, history_growth: 50 %, lifetime: 5 yr,
       generations: [{name: h100, server: dgx-h100}]}
    - {name: video, kind: inference, facility: hyperscale, utilisation: 40 %, modality: video,
       model: {layers: 40, hidden_size: 5120, ffn_size: 13824, text_tokens: 512},
       request: {frames: 81, fps: 16, height: 720, width: 1280, steps: 50}, replica_accelerators: 1,
       video_minutes_per_day: {2024: 1e5, 2026: 1e6}, history_growth: 50 %, lifetime: 5 yr,
       generations: [{name: h100, server: dgx-h100}]}
  representative: {weeks: 1, duration: 1 d}
"""


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * abs(b)


def main():
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "ai.h5")
        ran = run_terawatt(TERAWATT, "run", [SCENARIO, "-o", out], 0, cwd=scratch)
        p = xr.open_dataset(out, group="projection")
        work = p.served_work
        for year, flop in TRAINING_BASE.items():
            served = float(work.sel(year=year, segment="ai-training", case="base").sum())
            check(close(served, flop), f"training compute served in {year} is the demand: {served:.4g}")
            tokens = float(work.sel(year=year, segment="ai-inference", case="base").sum())
            check(close(tokens, TOKENS_PER_DAY_BASE[year] * 365), f"tokens served in {year} are the demand")
        for year in (2024, 2030):
            us = float(work.sel(year=year, segment="ai-training", case="base", region="us"))
            check(close(us, TRAINING_BASE[year] * US_WEIGHT[year] / ALL_WEIGHTS[year]), f"the US share in {year}")
        check(bool(work.sel(segment="conventional").isnull().all()), "segments driven by shipments serve no demand")
        attrs = xr.open_dataset(out).attrs
        check("installed:" not in ran.stderr and "installed" not in attrs.get("warnings", ""),
              "the installed base meets the 2024 demand within 25 %", ran)
        check(p.attrs["work_units"] == "ai-training: FLOP; ai-inference: token", "the work units are recorded")
        check("demand served and delivered efficiency" in ran.stdout and "token/kWh" in ran.stdout,
              "the table prints the delivered efficiency", ran)
        for segment in ("ai-training", "ai-inference"):
            per_kwh = (work.sel(segment=segment, case="base").sum("region") /
                       p.electricity.sel(segment=segment, case="base").sum("region"))
            check(float(per_kwh.sel(year=2030)) > 1.5 * float(per_kwh.sel(year=2024)),
                  f"{segment}: newer vintages deliver more work per kWh")
        accelerators = p.installed_accelerators.sel(segment=["ai-training", "ai-inference"]).sum(["segment", "region"])
        check(float(accelerators.sel(year=2024, case="headwinds")) == float(accelerators.sel(year=2024, case="lift-off")),
              "the cases share their 2024 fleet")
        a2030 = [float(accelerators.sel(year=2030, case=c)) for c in ("headwinds", "base", "lift-off")]
        check(a2030[0] < a2030[1] < a2030[2], f"the fleet follows demand in 2030: {a2030}")

        # Twice the inference utilisation: the 2024 demand needs half the stated servers.
        busier = os.path.join(scratch, "busier.h5")
        warned = run_terawatt(TERAWATT, "run", [SCENARIO, "-o", busier, "-q", "--set",
                                                "projection.segments.ai-inference.utilisation=40%"], 0, cwd=scratch)
        lines = [line for line in warned.stderr.splitlines() if "ai-inference.installed" in line]
        ratio = float(lines[0].split("are stated installed (x")[1].split(")")[0]) if lines else 0.0
        check(len(lines) == 3 and "ai-demand-2024-2030.yaml:" in lines[0] and 1.9 < ratio < 2.1,
              "a meeting warning per case names the installed base's location and the factor near 2", warned)
        recorded = xr.open_dataset(busier).attrs["warnings"]
        check(recorded.count("ai-inference.installed") == 3, "the meeting warnings are recorded in the output")
        # Image and video demand: images and minutes of video a day, each served at its own cost per request.
        media_file = os.path.join(scratch, "media.yaml")
        with open(media_file, "w") as f:
            f.write(MEDIA)
        media = os.path.join(scratch, "media.h5")
        run_terawatt(TERAWATT, "run", [media_file, "-o", media, "-q"], 0, cwd=scratch)
        m = xr.open_dataset(media, group="projection")
        check(m.attrs["work_units"] == "images: image; video: video-minute", "image and video units")
        check(close(float(m.served_work.sel(year=2026, segment="images").sum()), 4e8 * 365), "images served")
        check(close(float(m.served_work.sel(year=2025, segment="video").sum()), 5.5e5 * 365), "video minutes served")
        wh_per_image = float(m.electricity.sel(year=2024, segment="images").sum()) * 1e12 / (1e8 * 365)
        check(0.5 < wh_per_image < 20, f"an image costs watt-hours, not more: {wh_per_image:.3g} Wh")
    print("demand-driven projection: all checks passed")


if __name__ == "__main__":
    main()
