"""Printable paper forms for offline collection, one per quota cell, rendered from a Jinja2 template.

The form lists the items of one dimension (or one sub-dimension under the
per-sub-dimension design) under the item codes that the paper-form reader
expects (``Q50`` ...), with the programme rated and its agency.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from aggregation.writers import write_atomically
from smartcity_impact.errors import ConfigError
from smartcity_impact.i18n import active_language, ngettext
from smartcity_impact.i18n import gettext as _
from survey.config import SurveyConfig
from survey.quotas import quota_cells

logger = logging.getLogger(__name__)

TEMPLATE = "paper_form.html.j2"


def template_environment() -> Environment:
    """Return the Jinja2 environment of the bundled templates, translating through the active catalogue."""
    environment = Environment(loader=PackageLoader("templates", ""), autoescape=select_autoescape(["html", "j2"]),
                              undefined=StrictUndefined, extensions=["jinja2.ext.i18n"])
    environment.install_gettext_callables(_, ngettext, newstyle=True)
    return environment


def form_context(config: SurveyConfig, cell: str) -> dict:
    """Return the template values of the form of quota ``cell`` (a dimension or sub-dimension code).

    Raises:
        ConfigError: ``cell`` is not a quota cell of the survey's design.
    """
    cells = {code: dimension for code, dimension, _name in quota_cells(config)}
    if cell not in cells:
        raise ConfigError("cell-unknown", "'{value}' is not a quota cell of this survey; use one of: {allowed}.",
                          value=cell, allowed=", ".join(cells))

    instrument = config.instrument
    dimension = instrument.dimension(cells[cell])
    subs = [instrument.sub_dimension(cell)] if "." in cell else list(dimension.sub_dimensions)
    sections = [{"numeral": sub.numeral, "name": sub.name, "programme": config.programmes[sub.code].programme,
                 "agency": config.programmes[sub.code].agency,
                 "questions": [{"code": item.code, "statement": item.statement[:1].upper() + item.statement[1:]}
                               for item in sub.items]} for sub in subs]
    return {
        "lang": active_language(),
        "title": instrument.title,
        "region": config.region,
        "year": config.year,
        "dimension_name": dimension.name,
        "sub_dimension_name": f"{subs[0].numeral}. {subs[0].name}" if "." in cell else None,
        "sections": sections,
        "scale": scale_points(config),
    }


def scale_points(config: SurveyConfig) -> list[dict]:
    """Return each point of the scale with its first label in the instrument (Sangat Tidak Setuju ...)."""
    first_labels: dict[int, str] = {}
    for label, value in config.instrument.scale.labels.items():
        first_labels.setdefault(value, label)
    scale = config.instrument.scale
    return [{"value": value, "label": first_labels.get(value, str(value))}
            for value in range(scale.minimum, scale.maximum + 1)]


def render_paper_form(config: SurveyConfig, cell: str) -> str:
    """Return the printable HTML form of quota ``cell``."""
    return template_environment().get_template(TEMPLATE).render(form_context(config, cell))


def paper_form_path(out_dir: Path, cell: str) -> Path:
    """Return the file name of the form of ``cell``: ``formulir_governance.html``, ``formulir_economy.II.html``."""
    return out_dir / f"formulir_{cell}.html"


def write_paper_forms(config: SurveyConfig, out_dir: Path, cells: list[str] | None = None) -> list[Path]:
    """Write the printable form of each of ``cells`` (default: every quota cell) into ``out_dir``.

    Raises:
        ConfigError: a cell is not a quota cell of the survey's design.
        OutputError: a form cannot be written.
    """
    chosen = cells or [code for code, _dimension, _name in quota_cells(config)]
    paths = []
    for cell in chosen:
        path = paper_form_path(out_dir, cell)
        write_atomically(path, render_paper_form(config, cell).encode("utf-8"))
        paths.append(path)
    logger.info(_("%d printable forms written to %s"), len(paths), out_dir)
    return paths
