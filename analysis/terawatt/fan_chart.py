"""The fan chart of a fleet projection: electricity by year, the base case stacked by segment, the range of the cases
shaded, and published figures (by default the IEA's) as markers with error bars (matplotlib, imported inside).

One chart answers the questions a projection is read for: how much, from what, how uncertain, and does it agree
with the published estimate. The range band is drawn behind the stack, so the part above the base case shows the
upside, and the low case is a dashed line through the stack. The two sources never share a label: the projection's
lines are 'terawatt projection' in the legend and have their last values written right of the last year, while the
published figures are white diamonds left of their year with their values written left of them, named by source.
"""

import numpy as np

from . import plots, projection

# Colours of the usual segments (AI warm, conventional compute cool, crypto gold: none grey, the range band's colour);
# others take the next free ones.
SEGMENT_COLORS = {"ai-training": "#d62728", "ai-inference": "#ff7f0e", "conventional": "#1f77b4",
                  "storage": "#17becf", "network": "#9467bd", "crypto": "#e6b422"}
OTHER_COLORS = ("#2ca02c", "#bcbd22", "#e377c2", "#8c564b")
MARKER_OFFSET = 0.1  # years left of the year: published markers beside the projection's line ends
LABEL_OFFSET = 0.2  # years from the year: the projection's values right of it, the published values left of it
LEFT_ROOM = 0.8  # years left of the first year when it has a published figure: its marker and value
PUBLISHED_COLOR = "#555555"  # the published values' text, apart from the projection's black


PROJECTION = "terawatt projection"  # how the legend names what this program projected


def segment_colors(segments):
    spare = iter(OTHER_COLORS * 4)
    return [SEGMENT_COLORS.get(s) or next(spare) for s in segments]


def fan_chart(proj, case="base", published=projection.IEA_ELECTRICITY_2024, published_label="IEA Electricity 2024",
              ax=None):
    """Electricity [TWh] by year: `case` stacked by segment (all regions), every case's total as a line, the range
    from the lowest to the highest case shaded, and `published` figures (projection.Published; default the IEA's
    Electricity 2024, named `published_label` in the legend, and by its first word beside its values: 'IEA 800') as
    white diamonds, a figure with a low and a high case with an error bar over that range."""
    plt = plots._pyplot()
    totals = projection.totals(proj)
    stacked = projection.by(proj, "segment", case=case)
    years = totals["year"].values
    segments = [str(s) for s in stacked["segment"].values]
    fig, ax = plots._figure(plt, ax, size=(10, 5.2))
    low, high = totals.min("case").values, totals.max("case").values
    ax.fill_between(years, low, high, color="0.85", linewidth=0, zorder=1,
                    label=f"{PROJECTION}: range of the cases ({', '.join(map(str, totals['case'].values))})")
    ax.stackplot(years, [stacked.sel(segment=s).values for s in segments], labels=[f"{s} ({case})" for s in segments],
                 colors=segment_colors(segments), alpha=0.9, linewidth=0, zorder=2)
    _case_lines(ax, totals, case)
    shown_published = [p for p in published if years[0] <= p.year <= years[-1]]
    _published_markers(ax, shown_published, published_label)
    ax.set_xticks(years, [str(int(y)) for y in years])
    left = LEFT_ROOM if any(p.year == years[0] for p in shown_published) else 0.15
    ax.set_xlim(years[0] - left, years[-1] + 0.75)  # room for the case labels right of the last year
    shown = [p.electricity for p in shown_published]
    ax.set_ylim(0, max([float(np.nanmax(high))] + shown) * 1.08)
    ax.set_ylabel("electricity, facility [TWh per year]")
    ax.set_xlabel("year")
    ax.grid(axis="y", alpha=0.3, zorder=0)
    name = proj.attrs.get("scenario_name", "")
    title = f"electricity by year: {case} case by segment, range of the cases"
    ax.set_title(f"{name}: {title}" if name else title, fontsize="medium")
    handles, labels = ax.get_legend_handles_labels()
    # Published, case totals, range, then the segments from the top of the stack down, as the reader sees them.
    order = sorted(range(len(labels)), key=lambda i: (_legend_rank(labels[i]), -i if labels[i].endswith(
        f"({case})") else i))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize="small", frameon=False)
    fig.tight_layout()
    return fig


def _case_lines(ax, totals, case):
    """Each case's total: the stacked case solid black, others dashed; its last value written right of the line."""
    years = totals["year"].values
    for name in totals["case"].values:
        values = totals.sel(case=name).values
        stacked = name == case
        ax.plot(years, values, color="k" if stacked else "0.3", linestyle="-" if stacked else "--",
                linewidth=1.8 if stacked else 1.2, zorder=4, label=f"{PROJECTION} total, {name} case")
        ax.annotate(f"{name} {values[-1]:,.0f}", (years[-1] + LABEL_OFFSET, values[-1]), va="center",
                    fontsize="small", zorder=5)


def _published_markers(ax, published, label):
    """Each year's published figure: the base (or only) value as a marker, the low-high cases as its error bar,
    drawn a little left of the year so that the projection's line end stays visible, with its values written left
    of it ('IEA 800 (620-1,050)')."""
    first = min((p.year for p in published), default=None)
    source = label.split()[0]
    for year in sorted({p.year for p in published}):
        figures = {p.case: p.electricity for p in published if p.year == year}
        central = figures.get("base", next(iter(figures.values())))
        low, high = figures.get("low", central), figures.get("high", central)
        ax.errorbar([year - MARKER_OFFSET], [central], yerr=[[central - low], [high - central]], fmt="D", color="k",
                    markerfacecolor="white", markersize=7, capsize=5, elinewidth=1.5, zorder=6,
                    label=f"{label}, published (bar: low to high case)" if year == first else None)
        spread = f" ({low:,.0f}-{high:,.0f})" if low != high else ""
        ax.annotate(f"{source} {central:,.0f}{spread}", (year - LABEL_OFFSET, central), ha="right", va="center",
                    fontsize="small", fontstyle="italic", color=PUBLISHED_COLOR, zorder=7,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def _legend_rank(label):
    if label.startswith(f"{PROJECTION} total"):
        return 1
    if label.startswith(f"{PROJECTION}: range"):
        return 2
    if ", published (bar:" in label:
        return 0
    return 3
