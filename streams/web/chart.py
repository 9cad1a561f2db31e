"""The coverage bar chart: found on time / late / date unknown / missing per place, as inline SVG."""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

# Colour-blind safe (Okabe-Ito) and named in the legend.
SERIES = (("on_time", "按时 on time", "#009E73"), ("late", "逾期发布 late", "#E69F00"),
          ("undated", "日期不明 date unknown", "#56B4E9"), ("missing", "未发布 missing", "#D55E00"))


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    on_time: int = 0
    late: int = 0
    undated: int = 0
    missing: int = 0


def bar_chart_svg(bars: Sequence[Bar], title: str) -> str:
    """Horizontal stacked bars, one per place; text stays text (the browser's fonts draw the CJK)."""
    import matplotlib
    from matplotlib.figure import Figure  # a bare Figure: no pyplot state, safe across requests

    # The browser draws the text with its own fonts; matplotlib's lack of CJK glyphs only makes
    # its width estimates rough, which the generous margins absorb.
    with warnings.catch_warnings(), matplotlib.rc_context({"svg.fonttype": "none", "font.size": 9}):
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        height = max(2.0, 0.32 * len(bars) + 1.2)
        figure = Figure(figsize=(7.5, height))
        axes = figure.subplots()
        labels = [bar.label for bar in bars]
        left = [0] * len(bars)
        for key, name, colour in SERIES:
            values = [getattr(bar, key) for bar in bars]
            axes.barh(labels, values, left=left, color=colour, label=name)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.invert_yaxis()
        axes.set_xlabel("issuers")
        axes.set_title(title)
        axes.legend(loc="lower right", fontsize=8)
        axes.xaxis.get_major_locator().set_params(integer=True)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg")
    svg = out.getvalue()
    return svg[svg.index("<svg"):]  # inline: no XML prolog
