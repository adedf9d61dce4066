"""Living silhouettes drawn once per clip with PIL: the `Pen` they are drawn with, and people in their roles and
poses (animals are in `beasts`). Each takes a `Pen`, a foot point (x, ground) and a size in pixels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import ImageDraw


class Pen:
    """PIL drawing in canvas pixels at the mask's supersampling scale."""

    def __init__(self, draw: ImageDraw.ImageDraw, scale: float, fill: int = 255):
        self.draw, self.s, self.fill = draw, scale, fill

    def poly(self, points, fill: int | None = None) -> None:
        self.draw.polygon([(float(x) * self.s, float(y) * self.s) for x, y in points], fill=self._f(fill))

    def oval(self, cx: float, cy: float, rx: float, ry: float, fill: int | None = None) -> None:
        s = self.s
        self.draw.ellipse([(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s], fill=self._f(fill))

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: int | None = None) -> None:
        s = self.s
        self.draw.rectangle([min(x0, x1) * s, min(y0, y1) * s, max(x0, x1) * s, max(y0, y1) * s], fill=self._f(fill))

    def line(self, points, width: float, fill: int | None = None) -> None:
        flat = [(float(x) * self.s, float(y) * self.s) for x, y in points]
        self.draw.line(flat, fill=self._f(fill), width=max(1, round(width * self.s)), joint="curve")

    def ring(self, cx: float, cy: float, rx: float, ry: float, width: float, fill: int | None = None) -> None:
        s = self.s
        box = [(cx - rx) * s, (cy - ry) * s, (cx + rx) * s, (cy + ry) * s]
        self.draw.ellipse(box, outline=self._f(fill), width=max(1, round(width * s)))

    def _f(self, fill: int | None) -> int:
        return self.fill if fill is None else fill

    def solid(self) -> Pen:
        """A pen that fills what this one would cut out (windows, doors): the difference is where light comes out."""
        return _Solid(self.draw, self.s, self.fill)


class _Solid(Pen):
    def _f(self, fill: int | None) -> int:
        return 255 if fill == 0 else super()._f(fill)


# --- people ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    height: float = 1.0  # relative to an adult
    build: float = 1.0  # shoulder width
    dress: bool = False
    hat: str = ""  # top, cap, helmet, crown, hood, pointed, veil, halo, puffs, bun
    stoop: float = 0.0
    cane: bool = False
    belly: bool = False
    wings: bool = False
    holds: str = ""  # knife, rifle, briefcase, broom, lamp, book, scythe
    pose: str = "stand"  # stand, run, arms_up, reach, lie, sit, sink, swim, climb, crouch, walk


PEOPLE: dict[str, Person] = {
    "man": Person(build=1.1, hat="top"),
    "woman": Person(height=0.94, dress=True, hat="bun"),
    "old man": Person(height=0.92, stoop=0.35, cane=True, hat="cap"),
    "old woman": Person(height=0.86, dress=True, stoop=0.35, cane=True, hat="bun"),
    "child": Person(height=0.55),
    "boy": Person(height=0.62, hat="cap"),
    "girl": Person(height=0.6, dress=True),
    "baby": Person(height=0.3, pose="crouch"),
    "friend": Person(pose="reach"),
    "stranger": Person(height=1.05, hat="top", dress=True),
    "teacher": Person(holds="book"),
    "boss": Person(height=1.08, build=1.3, holds="briefcase"),
    "doctor": Person(hat="cap", holds="briefcase"),
    "nurse": Person(dress=True, hat="cap"),
    "police": Person(hat="cap", build=1.2),
    "soldier": Person(hat="helmet", holds="rifle", build=1.15),
    "king": Person(hat="crown", dress=True, build=1.2),
    "queen": Person(hat="crown", dress=True),
    "ghost": Person(dress=True, hat="hood", pose="arms_up"),
    "angel": Person(dress=True, wings=True, hat="halo", pose="arms_up"),
    "witch": Person(dress=True, hat="pointed", holds="broom"),
    "clown": Person(hat="puffs", build=1.3, pose="arms_up"),
    "bride": Person(dress=True, hat="veil"),
    "groom": Person(hat="top"),
    "thief": Person(hat="hood", pose="crouch"),
    "intruder": Person(hat="hood", height=1.05),
    "killer": Person(hat="hood", holds="knife", height=1.1),
    "attacker": Person(hat="hood", pose="reach", holds="knife"),
    "reaper": Person(hat="hood", dress=True, holds="scythe", height=1.1),
    "skeleton": Person(build=0.7),
    "body": Person(),
    "pregnant": Person(dress=True, belly=True),
    "walker": Person(pose="walk"),
    "runner": Person(pose="run"),
    "dancer": Person(dress=True, pose="arms_up"),
    "climber": Person(pose="climb"),
    "swimmer": Person(pose="swim"),
    "sinking": Person(pose="sink"),
    "sleeper": Person(pose="lie"),
    "shroud": Person(pose="lie", dress=True),
    "lost": Person(height=0.9),
    "alone": Person(height=0.8),
    "searcher": Person(holds="lamp", pose="walk"),
    "hiding": Person(pose="crouch"),
    "frozen": Person(pose="stand"),
    "shadow": Person(height=1.3, hat="hood", dress=True),
    "monster": Person(height=1.35, build=1.8, hat="horns", pose="reach"),
    "giant": Person(height=2.2, build=1.3),
}
# Several people in one motif: (person, x offset in heights, scale) each.
GROUPS: dict[str, list[tuple[str, float, float]]] = {
    "couple": [("woman", -0.16, 1.0), ("man", 0.16, 1.0)],
    "kiss": [("woman", -0.1, 1.0), ("man", 0.1, 1.0)],
    "hug": [("woman", -0.07, 1.0), ("man", 0.07, 1.0)],
    "twins": [("man", -0.3, 1.0), ("man", 0.3, 1.0)],
    "family": [("man", -0.35, 1.0), ("child", 0.0, 1.0), ("woman", 0.3, 1.0)],
    "crowd": [(("man", "woman")[k % 2], (k - 3.5) * 0.22, 0.7 + 0.08 * (k % 3)) for k in range(8)],
    "colleagues": [("man", -0.4, 0.9), ("woman", 0.0, 0.9), ("man", 0.4, 0.9)],
    "classmates": [("boy", -0.4, 1.0), ("girl", 0.0, 1.0), ("boy", 0.4, 1.0)],
    "mourners": [("stranger", (k - 2) * 0.3, 0.9) for k in range(5)],
}


def person(p: Pen, x: float, ground: float, size: float, name: str, facing: int = 1, phase: int = 0) -> None:
    """One person `size` px tall (an adult), standing at (x, ground); `phase` picks a step of a run or walk."""
    if name in GROUPS:
        for member, offset, scale in GROUPS[name]:
            turn = -1 if offset > 0 and name in ("couple", "kiss", "hug", "twins") else facing
            person(p, x + offset * size, ground, size * scale, member, turn, phase)
        return
    look = PEOPLE[name]
    h = size * look.height
    if look.pose in ("lie", "sink", "swim"):
        _lying(p, x, ground, h, look)
        return
    head = h * 0.075
    lean = look.stoop * h * 0.12 * facing
    crouch = 0.3 if look.pose == "crouch" else 0.0
    hip_y = ground - h * (0.48 - crouch * 0.5)
    neck_y = ground - h * (0.84 - crouch * 0.9)
    shoulder = h * 0.11 * look.build
    cx = x + lean
    p.oval(cx, neck_y - head * 1.05, head, head * 1.15)  # head
    p.poly(
        [(cx - shoulder, neck_y), (cx + shoulder, neck_y), (x + shoulder * 0.75, hip_y), (x - shoulder * 0.75, hip_y)]
    )
    if look.belly:
        p.oval(x + shoulder * 0.5 * facing, hip_y - h * 0.1, shoulder * 0.7, h * 0.09)
    _legs(p, x, hip_y, ground, h, look, facing, phase)
    _arms(p, cx, neck_y, hip_y, h, shoulder, look, facing, phase)
    _hat(p, cx, neck_y - head * 2.1, head, h, look.hat)
    if look.wings:
        for side in (-1, 1):
            p.poly(
                [
                    (cx, neck_y + h * 0.05),
                    (cx + side * h * 0.5, neck_y - h * 0.25),
                    (cx + side * h * 0.42, neck_y + h * 0.1),
                    (cx + side * h * 0.25, neck_y + h * 0.25),
                ]
            )


def _legs(p: Pen, x: float, hip_y: float, ground: float, h: float, look: Person, facing: int, phase: int) -> None:
    width = h * 0.05
    if look.dress:
        spread = h * (0.16 if look.pose == "arms_up" else 0.12)
        p.poly(
            [
                (x - h * 0.08, hip_y - h * 0.06),
                (x + h * 0.08, hip_y - h * 0.06),
                (x + spread, ground - h * 0.06),
                (x - spread, ground - h * 0.06),
            ]
        )
    stride = {"run": 0.22, "walk": 0.12, "climb": 0.1}.get(look.pose, 0.04)
    swing = np.sin(phase * np.pi / 2) if look.pose in ("run", "walk") else 1.0
    knee = hip_y + (ground - hip_y) * 0.5
    for side in (-1, 1):
        step = side * stride * h * swing * facing
        p.line([(x + side * h * 0.03, hip_y), (x + step * 0.6 + side * h * 0.01, knee), (x + step, ground)], width)
        p.oval(x + step + facing * h * 0.02, ground - width * 0.4, width * 1.1, width * 0.6)


def _arms(
    p: Pen, cx: float, neck_y: float, hip_y: float, h: float, shoulder: float, look: Person, facing: int, phase: int
) -> None:
    width = h * 0.042
    reach = h * 0.36
    for side in (-1, 1):
        sx, sy = cx + side * shoulder * 0.9, neck_y + h * 0.02
        if look.pose == "arms_up":
            hand = (sx + side * h * 0.14, sy - reach * 0.85)
        elif look.pose == "reach" and side == facing:
            hand = (sx + side * reach, sy + h * 0.02)
        elif look.pose in ("run", "walk"):
            swing = np.sin(phase * np.pi / 2 + (side > 0) * np.pi) * (0.6 if look.pose == "run" else 0.3)
            hand = (sx + swing * reach * facing, sy + reach * 0.8)
        elif look.pose == "climb":
            hand = (sx + side * h * 0.05, sy - reach * (0.9 if (side + phase) % 2 else 0.5))
        else:
            hand = (sx + side * h * 0.05, sy + reach)
        p.line([(sx, sy), hand], width)
        if side == facing and look.holds:
            _held(p, hand, h, look.holds, facing)
    if look.cane:
        p.line([(cx + facing * h * 0.16, neck_y + reach), (cx + facing * h * 0.2, hip_y + h * 0.48)], width * 0.6)


def _held(p: Pen, hand: tuple[float, float], h: float, what: str, facing: int) -> None:
    x, y = hand
    if what == "knife":
        p.poly([(x, y), (x + facing * h * 0.16, y - h * 0.03), (x, y - h * 0.025)])
    elif what == "rifle":
        p.line([(x - facing * h * 0.1, y + h * 0.05), (x + facing * h * 0.25, y - h * 0.12)], h * 0.025)
    elif what == "briefcase":
        p.rect(x - h * 0.07, y, x + h * 0.07, y + h * 0.1)
    elif what == "broom":
        p.line([(x, y - h * 0.3), (x, y + h * 0.35)], h * 0.02)
        p.poly([(x, y + h * 0.3), (x - h * 0.06, y + h * 0.48), (x + h * 0.06, y + h * 0.48)])
    elif what == "scythe":
        p.line([(x, y - h * 0.5), (x, y + h * 0.4)], h * 0.02)
        p.poly([(x, y - h * 0.5), (x - facing * h * 0.35, y - h * 0.38), (x, y - h * 0.44)])
    elif what == "book":
        p.rect(x - h * 0.05, y - h * 0.04, x + h * 0.05, y + h * 0.04)
    elif what == "lamp":
        p.oval(x + facing * h * 0.02, y + h * 0.03, h * 0.035, h * 0.045)


def _hat(p: Pen, cx: float, top: float, head: float, h: float, hat: str) -> None:
    if hat == "top":
        p.rect(cx - head * 1.5, top + head * 0.75, cx + head * 1.5, top + head * 0.95)
        p.rect(cx - head * 0.9, top - head * 0.6, cx + head * 0.9, top + head * 0.9)
    elif hat == "cap":
        p.oval(cx, top + head * 0.8, head * 1.15, head * 0.55)
    elif hat == "helmet":
        p.oval(cx, top + head * 0.9, head * 1.3, head * 0.8)
    elif hat == "crown":
        p.poly(
            [
                (cx - head, top + head),
                (cx - head, top - head * 0.2),
                (cx - head * 0.5, top + head * 0.4),
                (cx, top - head * 0.5),
                (cx + head * 0.5, top + head * 0.4),
                (cx + head, top - head * 0.2),
                (cx + head, top + head),
            ]
        )
    elif hat == "hood":
        p.poly(
            [
                (cx - head * 1.5, top + head * 3.2),
                (cx - head * 1.2, top + head * 0.2),
                (cx, top - head * 0.5),
                (cx + head * 1.2, top + head * 0.2),
                (cx + head * 1.5, top + head * 3.2),
            ]
        )
    elif hat == "pointed":
        p.poly(
            [(cx - head * 2, top + head * 0.9), (cx + head * 2, top + head * 0.9), (cx + head * 0.3, top - head * 2.5)]
        )
    elif hat == "veil":
        p.poly(
            [
                (cx - head * 0.8, top + head * 0.3),
                (cx + head * 0.8, top + head * 0.3),
                (cx + head * 2.2, top + h * 0.45),
                (cx - head * 2.2, top + h * 0.45),
            ]
        )
    elif hat == "bun":
        p.oval(cx, top + head * 0.3, head * 0.6, head * 0.5)
    elif hat == "puffs":
        for side in (-1, 1):
            p.oval(cx + side * head * 1.2, top + head * 1.1, head * 0.8, head * 0.7)
    elif hat == "horns":
        for side in (-1, 1):
            p.poly(
                [
                    (cx + side * head * 0.5, top + head),
                    (cx + side * head * 1.6, top - head * 1.2),
                    (cx + side * head * 0.9, top + head * 1.1),
                ]
            )


def _lying(p: Pen, x: float, ground: float, h: float, look: Person) -> None:
    """A body lying (or floating) along the ground, head to the left; sinking and swimming are tilted."""
    tilt = {"sink": -0.35, "swim": 0.1}.get(look.pose, 0.0)
    along = np.array([np.cos(tilt), np.sin(tilt)])

    def at(t: float, off: float = 0.0) -> tuple[float, float]:
        return x + along[0] * t * h - along[1] * off, ground - h * 0.06 + along[1] * t * h + along[0] * off

    p.oval(*at(-0.45), h * 0.075, h * 0.075)
    p.poly([at(-0.38, -h * 0.07), at(0.05, -h * 0.07), at(0.05, h * 0.05), at(-0.38, h * 0.05)])
    p.poly([at(0.05, -h * 0.05), at(0.5, -h * 0.02), at(0.5, h * 0.03), at(0.05, h * 0.05)])
    if look.pose in ("sink", "swim"):
        p.line([at(-0.3, -h * 0.05), at(-0.55, -h * 0.2)], h * 0.04)
        p.line([at(-0.25, h * 0.04), at(-0.05, h * 0.22)], h * 0.04)
