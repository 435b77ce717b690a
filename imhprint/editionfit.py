"""An edition's details where room is fixed: measured before layout, and blamed (never
the content) when they are what makes a resource run out of room.

Two checks share one search:

* when an edition is loaded, every place of fixed size that prints its details (the hub
  panel and useful numbers on a leaflet's back page, the tri-fold's back and cover, a
  poster's hub band, the footer) is built with them in every format and measured
  against the room the layout gives it;
* when a resource fits in the national copy but not in an edition's, the edition's text
  is what grew (a longer ``offers`` for a service it replaces, say), so the error goes
  to the edition's line.

Either way the field to shorten is found by measuring: each field that prints is cut
short in turn, the one that gives back the most room is chosen, and it is shortened only
as far as needed, so the message can say how many characters fit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm

from .diagnostics import Diagnostics
from .markup import plain_text
from .model import Edition, Resource, Service, Settings
from .schema import Text
from .strings import Strings

if TYPE_CHECKING:
    from layouts.base import BuildEnv, Layout, LayoutOverflow

TOP_FIELDS = ("name", "panel_heading", "panel_text", "address", "opening_times", "email",
              "website", "feedback", "sources_web")
HUB_FIELDS = ("name", "address", "opening_times", "email", "website")
KEY_NUMBER_FIELDS = ("name", "text")  # what the useful numbers panel prints of a service
CARD_FIELDS = ("name", "offers", "hours", "note", "text", "email", "website")
FUZZ = 0.01  # points: measurements this close count as equal


@dataclass(frozen=True)
class FieldRef:
    """One piece of an edition's text: where it is in the edition, and what it says."""

    path: tuple[str | int, ...]  # ("name",), ("hubs", 0, "name"), ("services", 2, "offers")
    text: Text
    owner: str = ""  # "the hub 'Northgate'", "'family-hub'"

    def describe(self) -> str:
        name = f"'{self.path[-1]}'"
        return f"{name} of {self.owner}" if self.owner else name


@dataclass(frozen=True)
class Cut:
    """The field to shorten and how far: ``keep`` characters fit (0: cutting it alone is
    not enough), and what else gives back room, best first."""

    field: FieldRef
    keep: int
    length: int
    others: tuple[FieldRef, ...] = ()

    def advice(self) -> str:
        if self.keep:
            return (f"shorten {self.field.describe()} to {self.keep} characters or fewer "
                    f"(it has {self.length})")
        fields = [self.field, *self.others][:3]
        return f"shorten {_either(f.describe() for f in fields)}"


def _either(words: Any) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# ---- the edition's text, and copies of the edition with one piece cut short -------------

def panel_fields(edition: Edition) -> list[FieldRef]:
    """The text an edition prints in fixed panels: its own details (with the footer's
    feedback route and sources address), its hubs', and the
    name of each local service that may go in the useful numbers panel."""
    refs = [FieldRef((name,), value) for name in TOP_FIELDS
            if (value := getattr(edition, name))]
    for index, hub in enumerate(edition.hubs):
        refs += [FieldRef(("hubs", index, name), value, f"the hub '{hub.name}'")
                 for name in HUB_FIELDS if (value := getattr(hub, name))]
    for index, service in enumerate(edition.services):
        if service.area == "local" and (service.phone or service.text):
            refs += _service_fields(index, service, KEY_NUMBER_FIELDS)
    return refs


def card_fields(edition: Edition, ids: list[str]) -> list[FieldRef]:
    """The text of the edition's services that a resource prints as cards."""
    return [ref for index, service in enumerate(edition.services) if service.id in ids
            for ref in _service_fields(index, service, CARD_FIELDS)]


def _service_fields(index: int, service: Service, names: tuple[str, ...]) -> list[FieldRef]:
    return [FieldRef(("services", index, name), value, f"'{service.id}'")
            for name in names if (value := getattr(service, name))]


def with_text(value: Any, path: tuple[str | int, ...], text: Text) -> Any:
    """A copy of ``value`` (an edition, hub, service or list) with ``path`` set to text."""
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(value)
        items[head] = with_text(items[head], rest, text) if rest else text
        return items
    inner = with_text(getattr(value, head), rest, text) if rest else text
    return dataclasses.replace(value, **{head: inner})


def cut_to(ref: FieldRef, length: int) -> Text:
    """The field's words, as a reader sees them, cut to ``length`` characters."""
    return Text(plain_text(ref.text)[:length].rstrip() or "x", ref.text.line)


def find_cut(edition: Edition, candidates: list[FieldRef],
             excess: Callable[[Edition], float]) -> Cut | None:
    """The field whose shortening gives back the most room, and how short it must be.

    ``excess`` lays out a copy of the edition and says how many points too tall it is
    (0 or less: it fits). None when no field makes a difference.
    """
    base = excess(edition)
    gains = []
    for ref in candidates:
        shortest = excess(with_text(edition, ref.path, cut_to(ref, 1)))
        if shortest < base - FUZZ:
            gains.append((base - shortest, len(plain_text(ref.text)), -ref.text.line, ref,
                          shortest))
    if not gains:
        return None
    gains.sort(key=lambda gain: gain[:3], reverse=True)
    _, length, _, best, shortest = gains[0]
    others = tuple(gain[3] for gain in gains[1:])
    if shortest > FUZZ:
        return Cut(best, 0, length, others)
    fits, too_long = 1, length  # the shortest form fits; the whole text does not
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if excess(with_text(edition, best.path, cut_to(best, middle))) <= FUZZ:
            fits = middle
        else:
            too_long = middle
    return Cut(best, fits, length, others)


def with_services(env: BuildEnv, edition: Edition) -> BuildEnv:
    """The build's shared data for a changed copy of its edition."""
    services = {**env.services, **{s.id: s for s in edition.services}}
    return dataclasses.replace(env, edition=edition, services=services)


def national_env(env: BuildEnv) -> BuildEnv:
    """The same build without its edition: the national services and no local details."""
    edition = env.edition
    own = {s.id for s in edition.services} if edition else set()
    services = {k: v for k, v in env.services.items() if k not in own}
    services.update(edition.replaced if edition else {})
    return dataclasses.replace(env, edition=None, services=services)


# ---- when an edition is loaded: its details in each fixed panel -------------------------

@dataclass
class _PanelProblem:
    cut: Cut | None
    place: str  # "the hub panel on page 2 of the leaflet-a4 format"
    height: float
    room: float

    def strictness(self) -> int:
        """Fewest characters kept first (a stable sort keeps the formats' order)."""
        return self.cut.keep if self.cut and self.cut.keep else 0


def check_fixed_panels(edition: Edition, services: dict[str, Service],
                       strings: dict[str, Strings], assets_dir: Path,
                       resources: list[Resource], diags: Diagnostics,
                       settings: Settings | None = None) -> None:
    """Measure the edition's details in every fixed panel of every format, with the
    fonts and widths the layouts use: one error at the edition's line for each field
    too long, with the strictest place named and how many characters fit there."""
    from layouts import FORMATS, BuildEnv  # the layouts build on this module

    env = BuildEnv(services, strings, assets_dir, edition, settings=settings)
    problems: dict[tuple[Any, ...], list[_PanelProblem]] = {}
    for cls in FORMATS.values():
        for resource in resources:
            if cls.kind != resource.kind or cls.choice not in resource.choices \
                    or resource.language not in strings:
                continue
            national = _NationalPanels(cls, resource, env)
            for panel in cls(resource, env).fixed_panels():
                if panel.excess <= FUZZ or national.overflows(panel.key):
                    continue  # fits, or the resource's own content does not (said later)
                cut = find_cut(edition, panel_fields(edition),
                               _panel_excess(cls, resource, env, panel.key))
                place = f"{panel.label} of the {cls.name} format"
                key = cut.field.path if cut and cut.keep else ("panel", place)
                problems.setdefault(key, []).append(
                    _PanelProblem(cut, place, panel.height, panel.room))
    for found in problems.values():
        found.sort(key=_PanelProblem.strictness)
        worst = found[0]
        line = worst.cut.field.text.line if worst.cut else edition.line
        others = list(dict.fromkeys(p.place for p in found if p.place != worst.place))
        diags.error(edition.path, line, _panel_message(worst, others))


class _NationalPanels:
    """The same fixed panels in the national copy, measured only when an edition's panel
    overflows (rarely): laying out every format twice per edition doubled the cost."""

    def __init__(self, cls: type[Layout], resource: Resource, env: BuildEnv) -> None:
        self.cls, self.resource, self.env = cls, resource, env
        self._excess: dict[str, float] | None = None

    def overflows(self, key: str) -> bool:
        if self._excess is None:
            layout = self.cls(self.resource, national_env(self.env))
            self._excess = {panel.key: panel.excess for panel in layout.fixed_panels()}
        return self._excess.get(key, 0.0) > FUZZ


def _panel_excess(cls: type[Layout], resource: Resource, env: BuildEnv,
                  key: str) -> Callable[[Edition], float]:
    def excess(edition: Edition) -> float:
        layout = cls(resource, with_services(env, edition))
        return next(p.excess for p in layout.fixed_panels() if p.key == key)
    return excess


def _panel_message(problem: _PanelProblem, others: list[str]) -> str:
    cut = problem.cut
    also = f" and {len(others)} other place(s) it prints in" if others else ""
    if cut and cut.keep:
        return (f"{cut.field.describe()} is too long for {problem.place}{also}: shorten "
                f"it to {cut.keep} characters or fewer (it has {cut.length})")
    fix = cut.advice() if cut else "shorten the details printed there"
    return (f"the details in {problem.place} need {problem.height / mm:.0f} mm, "
            f"{(problem.height - problem.room) / mm:.0f} mm more than the "
            f"{problem.room / mm:.0f} mm there is: {fix}, or list fewer hubs or services")


# ---- when a layout runs out of room in an edition ---------------------------------------

def blame_overflow(layout: Layout, overflow: LayoutOverflow) -> LayoutOverflow:
    """The overflow, or, when the national copy fits, the same overflow blamed on the
    edition's field that grew, with how far to shorten it."""
    from layouts.base import LayoutOverflow

    edition = layout.env.edition
    if edition is None or overflow.path is not None:
        return overflow
    cls, resource = type(layout), layout.resource
    if _render_excess(cls(resource, national_env(layout.env))) > FUZZ:
        return overflow  # the content does not fit even without the edition
    candidates = panel_fields(edition) + card_fields(edition, resource.card_refs())

    def excess(changed: Edition) -> float:
        return _render_excess(cls(resource, with_services(layout.env, changed)))

    cut = find_cut(edition, candidates, excess)
    fix = cut.advice() if cut else "shorten the edition's details"
    line = cut.field.text.line if cut else edition.line
    return LayoutOverflow(None, (
        f"the national copy fits, but this edition's details take more room than there "
        f"is: {fix}"), overflow.missing, edition.path, line)


def _render_excess(layout: Layout) -> float:
    """How far past its pages a layout runs, without local services (0: it fits)."""
    from layouts.base import LayoutOverflow

    try:
        layout.render_pages(None)
    except LayoutOverflow as exc:
        return max(exc.missing, 1.0)
    return 0.0
