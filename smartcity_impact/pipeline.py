"""The main job: collect a survey, estimate the Impact score and write the result files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from aggregation.quality import QualityReport, quality_report
from aggregation.quality_report import write_quality_files
from aggregation.scores import ImpactScores, estimate_impact, structure_of
from aggregation.tables import estimate_header, estimate_rows, score_header, score_rows, summary_record
from aggregation.writers import Sheet, write_csv, write_json, write_workbook
from smartcity_impact import __version__
from smartcity_impact.i18n import gettext as _
from survey.collection import Collection, answers_table, collect_survey
from survey.config import SurveyConfig, load_survey_config
from survey.exclusions import excluded_header, excluded_rows, shown

logger = logging.getLogger(__name__)

RESULTS_FOLDER = "hasil"
EXCLUDED_FILE = "responses_excluded.csv"
SCORE_NUMBER_FORMATS = {5: "0.0000", 6: "0.0000", 7: "0.0000", 8: "0.0000", 9: "0.00"}
ESTIMATE_NUMBER_FORMATS = {4: "0.0000", 5: "0.0000", 6: "0.0000", 7: "0.00"}


@dataclass(frozen=True)
class RunResult:
    """Results of ``run_survey``: the configuration, the checked responses, the scores and the files written."""

    config: SurveyConfig
    collection: Collection
    scores: ImpactScores
    outputs: tuple[Path, ...]


def run_survey(directory: str | Path, out_dir: str | Path | None = None, exact_quota: bool = False,
               csv_dialect: str = "standard", progress=None, db_url: str | None = None) -> RunResult:
    """Import the survey in ``directory`` into its store, estimate the scores and write the result files.

    Files go to ``out_dir`` or ``<directory>/hasil``. ``db_url`` overrides the
    store of survey.toml.

    Raises:
        SmartCityImpactError: the configuration, a source or an output cannot be used.
    """
    config = load_survey_config(directory)
    collection = collect_survey(config, exact_quota, progress, db_url)
    answers = answers_table(collection, config)
    scores = estimate_impact(answers, structure_of(config.instrument, config.designs))

    out = results_folder(config, out_dir)
    outputs = write_results(out, config, collection, scores, exact_quota, csv_dialect)
    outputs += write_quality_files(out, quality_report(config, collection), csv_dialect)
    return RunResult(config, collection, scores, outputs)


@dataclass(frozen=True)
class CheckResult:
    """Results of ``check_survey``: the configuration, the checked responses, the report and the files written."""

    config: SurveyConfig
    collection: Collection
    report: QualityReport
    outputs: tuple[Path, ...]


def check_survey(directory: str | Path, out_dir: str | Path | None = None, exact_quota: bool = False,
                 csv_dialect: str = "standard", progress=None, db_url: str | None = None) -> CheckResult:
    """Import the survey in ``directory`` into its store, check it and write the quality report files.

    Files (quality_flags.csv, laporan_kualitas.html) go to ``out_dir`` or
    ``<directory>/hasil``; no score is computed.

    Raises:
        SmartCityImpactError: the configuration, a source or an output cannot be used.
    """
    config = load_survey_config(directory)
    collection = collect_survey(config, exact_quota, progress, db_url)
    report = quality_report(config, collection)
    return CheckResult(config, collection, report,
                       write_quality_files(results_folder(config, out_dir), report, csv_dialect))


def results_folder(config: SurveyConfig, out_dir: str | Path | None) -> Path:
    """Return ``out_dir``, or the survey folder's ``hasil`` when none is given."""
    return Path(out_dir) if out_dir is not None else config.directory / RESULTS_FOLDER


def write_results(out: Path, config: SurveyConfig, collection: Collection, scores: ImpactScores, exact_quota: bool,
                  csv_dialect: str) -> tuple[Path, ...]:
    """Write the item scores (CSV, XLSX), the summary (JSON) and the excluded list (CSV) into ``out``."""
    rows = score_rows(scores, config.instrument)
    paths = (out / "impact_scores.csv", out / "impact_scores.xlsx", out / "impact_summary.json",
             out / EXCLUDED_FILE)

    write_csv(paths[0], score_header(), rows, csv_dialect)
    write_workbook(paths[1], [
        Sheet(_("Impact scores"), score_header(), rows, SCORE_NUMBER_FORMATS),
        Sheet(_("Dimensions"), estimate_header(), estimate_rows(scores, config.instrument), ESTIMATE_NUMBER_FORMATS),
    ])
    write_json(paths[2], summary_data(config, collection, scores, exact_quota))
    write_csv(paths[3], excluded_header(), excluded_rows(list(collection.assessments)), csv_dialect)
    return paths


def summary_data(config: SurveyConfig, collection: Collection, scores: ImpactScores, exact_quota: bool) -> dict:
    """Return the content of ``impact_summary.json``."""
    programmes = {code: dataclasses.asdict(programme) for code, programme in config.programmes.items()}
    data = {
        "generator": f"smartcity-impact {__version__}",
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "region": config.region,
        "region_code": config.region_code,
        "year": config.year,
        "category": config.category,
        "instrument": config.instrument.id,
        "quota_rule": "exact" if exact_quota else "all-valid",
        "survey_window": {
            "start": config.window_start.isoformat() if config.window_start else None,
            "end": config.window_end.isoformat() if config.window_end else None,
        },
    }
    data.update(summary_record(scores, config.instrument, config.designs, programmes))
    data["quota"] = [dataclasses.asdict(cell) | {"shortfall": cell.shortfall, "excess": cell.excess, "met": cell.met}
                     for cell in collection.quota]
    data["sources"] = [dataclasses.asdict(count) for count in collection.source_counts]
    data["respondents"] = {"valid": len(collection.valid), "excluded": len(collection.excluded)}
    data["flagged_for_review"] = [
        {"response": a.response.response_id, "source": a.response.source, "file": a.response.file,
         "row": a.response.row, "code": flag.code, "column": flag.column, "value": shown(flag.value)}
        for a in collection.valid for flag in a.flags
    ]
    return data
