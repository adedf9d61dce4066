"""The progress chart, drawn on the server as SVG geometry: three small panels over the same weeks (nights with a
nightmare, mean distress, rehearsal minutes against the target). No script and no inline style: the template gives
each shape a class, static CSS colours it."""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

from .selectors import Week

WIDTH = 440
PANEL_HEIGHT = 90
PANEL_GAP = 42
LEFT = 44
RIGHT = 12
TOP = 28


def number(value: float) -> str:
    """An SVG coordinate: one decimal, a point as separator whatever the page's language (a template would localise
    a float to "12,5")."""
    return f"{value:.1f}"


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    centre: str
    label: str  # the number drawn above the bar
    over: bool = False  # a rehearsal week at or above its target


@dataclass
class Panel:
    title: str
    top: float
    bottom: float
    scale_max: float
    bars: list[Bar] = field(default_factory=list)
    points: list[tuple[str, str, str]] = field(default_factory=list)
    target_y: str = ""  # a horizontal target line

    @property
    def polyline(self) -> str:
        return " ".join(f"{x},{y}" for x, y, _ in self.points)

    @property
    def title_y(self) -> str:
        return number(self.top - 8)

    @property
    def top_label_y(self) -> str:
        return number(self.top + 4)

    @property
    def scale_label(self) -> str:
        return f"{self.scale_max:.0f}"


@dataclass
class Chart:
    width: int
    height: int
    panels: list[Panel]
    week_labels: list[tuple[str, str]]
    axis_y: int


def _y(value: float, scale_max: float, top: float, bottom: float) -> float:
    return bottom - (bottom - top) * (min(value, scale_max) / scale_max if scale_max else 0)


def progress_chart(weeks: list[Week], *, titles: tuple[str, str, str], week_label: str) -> Chart | None:
    """Geometry for `weeks` (None when there is nothing to draw). `titles` name the three panels; `week_label` is a
    format such as "W%d"."""
    if not weeks:
        return None
    slot = (WIDTH - LEFT - RIGHT) / len(weeks)
    bar_width = min(36.0, slot * 0.6)
    panels = []
    for index, title in enumerate(titles):
        top = TOP + index * (PANEL_HEIGHT + PANEL_GAP)
        panels.append(Panel(title=title, top=top, bottom=top + PANEL_HEIGHT, scale_max=1))
    nights, distress, minutes = panels
    nights.scale_max = 7
    distress.scale_max = 10
    # A round top a little above the largest of the minutes and the target, so the target line has room above it.
    minutes.scale_max = math.ceil(max([week.minutes for week in weeks] + [weeks[0].target_minutes]) * 1.15 / 10) * 10
    minutes.target_y = number(_y(weeks[0].target_minutes, minutes.scale_max, minutes.top, minutes.bottom))
    labels = []
    for position, week in enumerate(weeks):
        centre = LEFT + slot * (position + 0.5)
        labels.append((number(centre), week_label % week.number))
        for panel, value in ((nights, week.nightmare_nights), (minutes, week.minutes)):
            y = _y(value, panel.scale_max, panel.top, panel.bottom)
            panel.bars.append(
                Bar(
                    x=number(centre - bar_width / 2),
                    y=number(y),
                    width=number(bar_width),
                    height=number(panel.bottom - y),
                    centre=number(centre),
                    label=str(value),
                    over=panel is minutes and value >= week.target_minutes,
                )
            )
        if week.mean_distress is not None:
            y = _y(week.mean_distress, 10, distress.top, distress.bottom)
            label = number_format(week.mean_distress, decimal_pos=1)  # the table's figure, in the page's language
            distress.points.append((number(centre), number(y), label))
    height = int(TOP + 3 * PANEL_HEIGHT + 2 * PANEL_GAP + 24)
    return Chart(width=WIDTH, height=height, panels=panels, week_labels=labels, axis_y=height - 8)
