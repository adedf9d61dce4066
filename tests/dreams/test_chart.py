"""The progress chart's geometry: bars and points in proportion to the numbers, the target line, coordinates that
stay SVG numbers in any language, and nothing to draw without weeks."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from dreams.rehearsal.chart import PANEL_HEIGHT, progress_chart
from dreams.rehearsal.selectors import Week

TITLES = ("nights", "distress", "minutes")


def weeks() -> list[Week]:
    start = datetime.date(2026, 11, 2)
    rows = [(6, 7.5, 20), (3, 4.0, 70), (0, None, 105)]
    return [
        Week(
            number=index + 1,
            start=start + datetime.timedelta(days=7 * index),
            nights_logged=7,
            nightmare_nights=nights,
            mean_distress=distress,
            minutes=minutes,
            target_minutes=70,
        )
        for index, (nights, distress, minutes) in enumerate(rows)
    ]


def test_bars_and_points_follow_the_numbers():
    chart = progress_chart(weeks(), titles=TITLES, week_label="W%d")
    nights, distress, minutes = chart.panels
    assert [float(bar.height) for bar in nights.bars] == [
        round(PANEL_HEIGHT * 6 / 7, 1),
        round(PANEL_HEIGHT * 3 / 7, 1),
        0.0,
    ]
    assert [bar.label for bar in nights.bars] == ["6", "3", "0"]
    assert [label for _, _, label in distress.points] == ["7.5", "4.0"]  # a week without a nightmare has no point
    assert float(distress.points[0][1]) < float(distress.points[1][1])  # more distress is drawn higher
    assert [bar.over for bar in minutes.bars] == [False, True, True]
    assert float(minutes.target_y) > float(minutes.bars[2].y)  # 105 minutes reach above the 70 of the target
    assert [label for _, label in chart.week_labels] == ["W1", "W2", "W3"]


def test_no_weeks_no_chart():
    assert progress_chart([], titles=TITLES, week_label="W%d") is None


def test_coordinates_keep_a_decimal_point_in_russian():
    chart = progress_chart(weeks(), titles=TITLES, week_label="Н%d")
    with translation.override("ru"):
        svg = render_to_string("rehearsal/_chart.html", {"chart": chart})
    assert 'height="' in svg and "," not in svg.split("points=")[0].split("<rect", 1)[1].split(">")[0]
    assert "Н1" in svg and "style=" not in svg
