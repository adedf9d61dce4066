"""Living silhouettes drawn once per clip with PIL: people in their roles and poses, four-legged animals, perched
birds, creatures of the water and small ones. Each takes a `Pen`, a foot point (x, ground) and a size in pixels."""

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


# --- animals --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Beast:
    length: float = 1.0  # body length / size
    tall: float = 0.45  # leg length
    thick: float = 0.28  # body depth
    neck: float = 0.2  # neck rise
    head: float = 0.16
    snout: float = 0.12
    ears: str = "point"  # point, round, long, none, floppy
    tail: str = "long"  # long, bushy, short, curl, tuft, none
    extra: str = ""  # mane, antlers, horn, trunk, wings, spikes, horns, wool, quills


BEASTS: dict[str, Beast] = {
    "dog": Beast(ears="floppy", tail="long"),
    "wolf": Beast(ears="point", tail="bushy", snout=0.16),
    "fox": Beast(tall=0.32, ears="point", tail="bushy", snout=0.16, thick=0.22),
    "cat": Beast(length=0.8, tall=0.34, ears="point", tail="curl", snout=0.05, neck=0.12, thick=0.22),
    "horse": Beast(length=1.3, tall=0.7, neck=0.45, head=0.18, snout=0.2, tail="long", extra="mane"),
    "deer": Beast(length=1.1, tall=0.75, neck=0.4, snout=0.14, tail="short", extra="antlers"),
    "unicorn": Beast(length=1.3, tall=0.7, neck=0.45, head=0.18, snout=0.2, extra="horn"),
    "bear": Beast(length=1.3, tall=0.35, thick=0.5, neck=0.1, head=0.22, ears="round", tail="short"),
    "lion": Beast(length=1.3, tall=0.45, thick=0.36, ears="round", tail="tuft", extra="mane"),
    "tiger": Beast(length=1.4, tall=0.42, thick=0.34, ears="round", tail="long"),
    "elephant": Beast(
        length=1.5, tall=0.6, thick=0.65, neck=0.05, head=0.3, snout=0.0, ears="floppy", tail="short", extra="trunk"
    ),
    "cow": Beast(length=1.35, tall=0.5, thick=0.42, neck=0.05, ears="none", tail="tuft", extra="horns"),
    "pig": Beast(length=1.0, tall=0.24, thick=0.4, neck=0.0, ears="point", tail="curl", snout=0.1),
    "sheep": Beast(length=0.95, tall=0.35, thick=0.45, neck=0.1, ears="floppy", tail="short", extra="wool"),
    "goat": Beast(length=0.95, tall=0.45, thick=0.3, neck=0.25, tail="short", extra="horns"),
    "rat": Beast(length=0.45, tall=0.1, thick=0.16, neck=0.0, head=0.09, snout=0.07, ears="round", tail="long"),
    "mouse": Beast(length=0.3, tall=0.08, thick=0.14, neck=0.0, head=0.08, snout=0.05, ears="round", tail="long"),
    "rabbit": Beast(length=0.45, tall=0.14, thick=0.28, neck=0.15, head=0.1, snout=0.05, ears="long", tail="short"),
    "squirrel": Beast(length=0.4, tall=0.14, thick=0.2, neck=0.12, head=0.09, ears="point", tail="bushy"),
    "hedgehog": Beast(
        length=0.4, tall=0.06, thick=0.24, neck=0.0, head=0.08, snout=0.08, ears="none", tail="none", extra="quills"
    ),
    "dragon": Beast(
        length=1.8, tall=0.5, thick=0.4, neck=0.6, head=0.2, snout=0.2, ears="none", tail="long", extra="wings"
    ),
    "beast": Beast(
        length=1.5, tall=0.5, thick=0.55, neck=0.2, head=0.26, snout=0.1, ears="point", tail="short", extra="spikes"
    ),
    "monkey": Beast(length=0.6, tall=0.45, thick=0.3, neck=0.3, head=0.14, snout=0.03, ears="round", tail="curl"),
    "peacock": Beast(
        length=0.6, tall=0.3, thick=0.25, neck=0.35, head=0.07, snout=0.06, ears="none", tail="none", extra="fan"
    ),
    "chicken": Beast(
        length=0.45, tall=0.2, thick=0.3, neck=0.2, head=0.08, snout=0.05, ears="none", tail="short", extra="comb"
    ),
    "frog": Beast(length=0.3, tall=0.05, thick=0.2, neck=0.0, head=0.1, snout=0.02, ears="none", tail="none"),
    "lizard": Beast(length=0.7, tall=0.05, thick=0.1, neck=0.0, head=0.07, snout=0.07, ears="none", tail="long"),
}


def beast(p: Pen, x: float, ground: float, size: float, name: str, facing: int = 1, phase: int = 0) -> None:
    """A four-legged animal `size` px long standing at (x, ground), facing right (facing=1) or left."""
    if name in ("snake", "worm"):
        _serpent(p, x, ground, size * (1.0 if name == "snake" else 0.35))
        return
    b = BEASTS[name]
    L = size * b.length
    legs = L * b.tall
    depth = L * b.thick
    top = ground - legs - depth
    f = facing
    p.oval(x, top + depth / 2, L / 2, depth / 2)  # body
    for k, lx in enumerate((-0.34, -0.2, 0.22, 0.34)):
        swing = np.sin(phase * np.pi / 2 + k * np.pi) * legs * 0.25 if phase >= 0 else 0
        p.line([(x + lx * L * f, top + depth * 0.6), (x + lx * L * f + swing, ground)], max(1.0, L * 0.075))
    neck_x, neck_y = x + f * L * 0.42, top + depth * 0.3 - L * b.neck
    p.line([(x + f * L * 0.3, top + depth * 0.4), (neck_x, neck_y)], max(1.0, L * (0.14 if b.neck > 0.3 else 0.2)))
    hr = L * b.head
    p.oval(neck_x + f * hr * 0.3, neck_y, hr, hr * 0.8)
    if b.snout:
        p.poly(
            [
                (neck_x + f * hr * 0.5, neck_y - hr * 0.45),
                (neck_x + f * (hr + L * b.snout), neck_y + hr * 0.1),
                (neck_x + f * hr * 0.4, neck_y + hr * 0.6),
            ]
        )
    _ears(p, neck_x, neck_y, hr, b.ears, f)
    _tail(p, x - f * L * 0.48, top + depth * 0.35, L, b.tail, f)
    _extra(p, x, top, depth, L, neck_x, neck_y, hr, b.extra, f)


def _ears(p: Pen, x: float, y: float, r: float, ears: str, f: int) -> None:
    if ears == "point":
        p.poly([(x - f * r * 0.3, y - r * 0.5), (x - f * r * 0.1, y - r * 1.6), (x + f * r * 0.3, y - r * 0.6)])
    elif ears == "round":
        p.oval(x - f * r * 0.3, y - r * 0.8, r * 0.4, r * 0.4)
        p.oval(x + f * r * 0.4, y - r * 0.8, r * 0.4, r * 0.4)
    elif ears == "long":
        p.oval(x - f * r * 0.2, y - r * 2.0, r * 0.25, r * 1.1)
        p.oval(x + f * r * 0.2, y - r * 2.0, r * 0.25, r * 1.1)
    elif ears == "floppy":
        p.oval(x - f * r * 0.5, y + r * 0.2, r * 0.35, r * 0.7)


def _tail(p: Pen, x: float, y: float, L: float, tail: str, f: int) -> None:
    w = max(1.0, L * 0.04)
    if tail == "long":
        p.line([(x, y), (x - f * L * 0.25, y + L * 0.1), (x - f * L * 0.4, y + L * 0.02)], w)
    elif tail == "bushy":
        p.poly([(x, y - L * 0.03), (x - f * L * 0.45, y + L * 0.05), (x - f * L * 0.2, y + L * 0.15)])
    elif tail == "short":
        p.oval(x - f * L * 0.03, y, L * 0.05, L * 0.04)
    elif tail == "curl":
        p.line([(x, y), (x - f * L * 0.15, y - L * 0.2), (x - f * L * 0.05, y - L * 0.35)], w)
    elif tail == "tuft":
        p.line([(x, y), (x - f * L * 0.1, y + L * 0.35)], w)
        p.oval(x - f * L * 0.1, y + L * 0.37, L * 0.04, L * 0.06)


def _extra(p: Pen, x, top, depth, L, hx, hy, r, extra: str, f: int) -> None:
    if extra == "mane":
        p.poly(
            [
                (hx - f * r * 0.9, hy - r),
                (hx + f * r * 0.2, hy - r * 0.9),
                (x + f * L * 0.25, top + depth * 0.5),
                (x + f * L * 0.15, top + depth * 0.1),
            ]
        )
    elif extra == "antlers":
        for side in (-0.4, 0.4):
            base = (hx + side * r, hy - r * 0.6)
            p.line(
                [base, (base[0] + side * r * 1.5, hy - r * 3), (base[0] + side * r * 2.4, hy - r * 3.4)],
                max(1.0, L * 0.02),
            )
            p.line(
                [(base[0] + side * r * 0.8, hy - r * 1.8), (base[0] + side * r * 0.2, hy - r * 3.1)], max(1.0, L * 0.02)
            )
    elif extra == "horn":
        p.poly([(hx, hy - r * 0.6), (hx + f * r * 1.6, hy - r * 2.6), (hx + f * r * 0.4, hy - r * 0.5)])
    elif extra == "horns":
        p.line(
            [(hx, hy - r * 0.6), (hx - f * r * 0.8, hy - r * 1.7), (hx - f * r * 1.4, hy - r * 1.1)], max(1.0, L * 0.03)
        )
    elif extra == "trunk":
        p.line([(hx + f * r * 0.6, hy), (hx + f * r * 1.0, hy + r * 1.2), (hx + f * r * 0.7, hy + r * 2.2)], r * 0.45)
        p.oval(hx - f * r * 0.4, hy + r * 0.2, r * 0.8, r * 1.0)
    elif extra == "wings":
        p.poly(
            [
                (x, top + depth * 0.2),
                (x - f * L * 0.2, top - L * 0.6),
                (x + f * L * 0.35, top - L * 0.4),
                (x + f * L * 0.2, top + depth * 0.3),
            ]
        )
    elif extra == "spikes":
        for k in range(6):
            sx = x - L * 0.4 + k * L * 0.15
            p.poly([(sx - L * 0.05, top + depth * 0.1), (sx, top - L * 0.14), (sx + L * 0.05, top + depth * 0.1)])
    elif extra == "wool":
        for k in range(7):
            p.oval(x - L * 0.45 + k * L * 0.15, top + depth * (0.1 + 0.1 * (k % 2)), L * 0.12, L * 0.1)
    elif extra == "quills":
        for k in range(9):
            sx = x - L * 0.45 + k * L * 0.11
            p.poly([(sx, top + depth * 0.3), (sx - f * L * 0.12, top - L * 0.06), (sx + L * 0.05, top + depth * 0.2)])
    elif extra == "fan":
        for k in range(9):
            angle = np.pi * (0.15 + 0.7 * k / 8)
            p.line(
                [
                    (x - f * L * 0.3, top + depth * 0.5),
                    (x - f * L * 0.3 - f * np.cos(angle) * L, top - np.sin(angle) * L * 0.9),
                ],
                L * 0.12,
            )
    elif extra == "comb":
        p.poly([(hx - r * 0.5, hy - r * 0.7), (hx, hy - r * 1.6), (hx + r * 0.5, hy - r * 0.7)])


def _serpent(p: Pen, x: float, ground: float, length: float) -> None:
    t = np.linspace(0, 1, 40)
    xs = x - length / 2 + t * length
    ys = ground - length * 0.03 - np.sin(t * np.pi * 3) * length * 0.06 * (1 - t * 0.5)
    p.line(list(zip(xs, ys, strict=True)), length * 0.045)
    p.oval(xs[-1] + length * 0.02, ys[-1], length * 0.045, length * 0.03)


# --- birds, water creatures ------------------------------------------------------------------------------------------


def perched(p: Pen, x: float, ground: float, size: float, name: str, facing: int = 1, phase: int = 0) -> None:
    """A bird sitting upright on a ridge or branch: the owl round with ear tufts, the others slimmer."""
    h = size
    if name == "owl":
        p.oval(x, ground - h * 0.45, h * 0.3, h * 0.45)
        p.oval(x, ground - h * 0.95, h * 0.27, h * 0.24)
        for side in (-1, 1):
            p.poly(
                [
                    (x + side * h * 0.12, ground - h * 1.1),
                    (x + side * h * 0.27, ground - h * 1.3),
                    (x + side * h * 0.25, ground - h * 1.0),
                ]
            )
        return
    p.oval(x, ground - h * 0.4, h * 0.22, h * 0.38)
    p.oval(x + facing * h * 0.08, ground - h * 0.85, h * 0.16, h * 0.15)
    p.poly(
        [
            (x + facing * h * 0.2, ground - h * 0.9),
            (x + facing * h * 0.42, ground - h * 0.82),
            (x + facing * h * 0.2, ground - h * 0.78),
        ]
    )
    p.poly(
        [
            (x - facing * h * 0.1, ground - h * 0.2),
            (x - facing * h * 0.45, ground + h * 0.1),
            (x - facing * h * 0.25, ground - h * 0.05),
        ]
    )


def swimmer(p: Pen, x: float, y: float, size: float, name: str, facing: int = 1, phase: int = 0) -> None:
    """A creature of the water, centred on (x, y), `size` px long."""
    L = size
    f = facing
    if name in ("fish", "shark"):
        p.oval(x, y, L * 0.38, L * (0.12 if name == "shark" else 0.16))
        p.poly([(x - f * L * 0.3, y), (x - f * L * 0.55, y - L * 0.18), (x - f * L * 0.55, y + L * 0.18)])
        if name == "shark":
            p.poly([(x - f * L * 0.05, y - L * 0.1), (x - f * L * 0.15, y - L * 0.32), (x + f * L * 0.1, y - L * 0.1)])
    elif name == "dolphin":
        t = np.linspace(0, 1, 30)
        xs, ys = x - L / 2 + t * L, y - np.sin(t * np.pi) * L * 0.3
        p.line(list(zip(xs, ys, strict=True)), L * 0.1)
        p.poly([(xs[15], ys[15]), (xs[12], ys[12] - L * 0.15), (xs[18], ys[18])])
    elif name == "octopus":
        p.oval(x, y - L * 0.2, L * 0.22, L * 0.26)
        for k in range(8):
            dx = (k - 3.5) * L * 0.07
            p.line([(x + dx * 0.6, y), (x + dx * 1.6, y + L * 0.25), (x + dx * 1.2, y + L * 0.45)], L * 0.04)
    elif name == "jellyfish":
        p.oval(x, y, L * 0.25, L * 0.18)
        p.rect(x - L * 0.26, y, x + L * 0.26, y + L * 0.04, fill=0)
        for k in range(6):
            dx = (k - 2.5) * L * 0.08
            p.line([(x + dx, y), (x + dx * 1.2 + L * 0.03, y + L * 0.3), (x + dx, y + L * 0.55)], L * 0.015)
    elif name == "turtle":
        p.oval(x, y, L * 0.3, L * 0.18)
        p.oval(x + f * L * 0.38, y, L * 0.09, L * 0.07)
        for side in (-1, 1):
            p.poly(
                [
                    (x + f * L * 0.15, y + side * L * 0.1),
                    (x + f * L * 0.3, y + side * L * 0.3),
                    (x + f * L * 0.05, y + side * L * 0.15),
                ]
            )
    elif name == "crocodile":
        p.poly(
            [
                (x - L / 2, y),
                (x - L * 0.2, y - L * 0.06),
                (x + L * 0.3, y - L * 0.07),
                (x + L / 2, y - L * 0.02),
                (x + L * 0.3, y + L * 0.02),
                (x - L * 0.2, y + L * 0.03),
            ]
        )
        for k in range(6):
            p.oval(x - L * 0.25 + k * L * 0.09, y - L * 0.06, L * 0.03, L * 0.025)
    elif name == "swan":
        p.oval(x, y, L * 0.35, L * 0.14)
        p.line(
            [(x + f * L * 0.2, y - L * 0.05), (x + f * L * 0.38, y - L * 0.3), (x + f * L * 0.3, y - L * 0.55)],
            L * 0.06,
        )
        p.poly([(x + f * L * 0.3, y - L * 0.58), (x + f * L * 0.45, y - L * 0.5), (x + f * L * 0.3, y - L * 0.5)])
