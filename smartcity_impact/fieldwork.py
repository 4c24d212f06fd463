"""Fieldwork jobs: import new responses into the store, report progress against the quota, log in to Google."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from smartcity_impact.errors import ConfigError
from survey.collection import Collection, collect_from_store
from survey.config import SourceConfig, SurveyConfig, load_survey_config
from survey.ingest import FailedImport, FileImport, ingest_sources
from survey.pseudonyms import survey_pseudonymizer
from survey.decisions import COMMAND_LINE, Decision, record_decisions
from survey.source_config import FETCHED_KINDS
from survey.store import current_responses, latest_batches, open_store, review_decisions

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    """Result of ``ingest_survey``: the imports, the failed files and the checks over the whole store."""

    config: SurveyConfig
    imports: tuple[FileImport, ...]
    failures: tuple[FailedImport, ...]
    collection: Collection


@dataclass(frozen=True)
class StatusResult:
    """The state of a survey's store: the checked responses and the latest import of each source."""

    config: SurveyConfig
    collection: Collection
    latest: dict[str, dict]

    def missing_sources(self) -> list[SourceConfig]:
        """Return the sources of survey.toml that were never imported."""
        return [source for source in self.config.sources if source.name not in self.latest]


def ingest_survey(directory: str | Path, wanted: tuple[str, ...] = (), db_url: str | None = None,
                  progress=None) -> IngestResult:
    """Import the sources of the survey in ``directory`` (all, or those ``wanted`` names) into its store.

    ``wanted`` contains source names or the paths of their files. Each file is
    imported in its own transaction; a failing file is reported in the result
    and leaves the store as it was. The checks then run over the whole store
    and their counts are stored on each source's latest import.

    Raises:
        ConfigError: a wanted source is not in survey.toml.
        StoreError: the store cannot be opened.
    """
    config = load_survey_config(directory)
    sources = select_sources(config, wanted)
    pseudonymizer = survey_pseudonymizer(config.directory)
    store = open_store(config, pseudonymizer, db_url)
    try:
        imports, failures = ingest_sources(store, config, pseudonymizer, sources, progress)
        collection = collect_from_store(store, config, imports=tuple(imports))
    finally:
        store.close()
    return IngestResult(config, tuple(imports), tuple(failures), collection)


def select_sources(config: SurveyConfig, wanted: tuple[str, ...]) -> list[SourceConfig]:
    """Return the sources named in ``wanted`` (by name or file path), or every source when it is empty."""
    if not wanted:
        return list(config.sources)
    selected = []
    for name in wanted:
        match = next((s for s in config.sources if name == s.name or (s.path and same_file(name, s.path, config))),
                     None)
        if match is None:
            raise ConfigError("source-unknown", "Source '{value}' is not in survey.toml.",
                              hint="Give a source name or file listed in survey.toml: {allowed}.", value=name,
                              allowed=", ".join(s.name for s in config.sources))
        if match not in selected:
            selected.append(match)
    return selected


def same_file(name: str, path: Path, config: SurveyConfig) -> bool:
    """True when ``name``, as a path from the working folder or the survey folder, is the file ``path``."""
    candidates = (Path(name), config.directory / name)
    return any(candidate.exists() and candidate.resolve() == path.resolve() for candidate in candidates)


def survey_status(directory: str | Path, db_url: str | None = None) -> StatusResult:
    """Return the quota progress and latest imports of the survey in ``directory``, from its store only.

    No file is read and nothing is written to the store.

    Raises:
        StoreError: the store cannot be opened.
    """
    config = load_survey_config(directory)
    store = open_store(config, survey_pseudonymizer(config.directory), db_url)
    try:
        collection = collect_from_store(store, config, record=False)
        with store.engine.connect() as connection:
            latest = latest_batches(connection)
    finally:
        store.close()
    return StatusResult(config, collection, latest)


def review_responses(directory: str | Path, response_ids: tuple[str, ...], decision: str, initials: str,
                     reason: str | None, db_url: str | None = None) -> int:
    """Record the review decision ``keep`` or ``exclude`` on each response id; return how many were new.

    The decision applies from the next run on, as one written in the review workbook does.

    Raises:
        ConfigError: a response id is not in the store, or the initials are empty.
        StoreError: the store cannot be opened.
    """
    config = load_survey_config(directory)
    if not initials.strip():
        raise ConfigError("review-without-initials", "The review decision has no initials.",
                          hint="Give the initials of the person who decided with --initials.")
    store = open_store(config, survey_pseudonymizer(config.directory), db_url)
    try:
        with store.engine.connect() as connection:
            known = {response.response_id for response, _removed in
                     current_responses(connection, [source.name for source in config.sources])}
        for response_id in response_ids:
            if response_id not in known:
                raise ConfigError("review-unknown-response", "Response '{value}' is not in the store.",
                                  hint="Copy the response id from responses_excluded.csv, quality_flags.csv or "
                                       "tinjauan_kualitas.xlsx.", value=response_id)
        decisions = [Decision(response_id, decision, initials.strip(), reason or None, origin=COMMAND_LINE)
                     for response_id in response_ids]
        return record_decisions(store, review_decisions, decisions)
    finally:
        store.close()


def log_in_survey(directory: str | Path, source_name: str | None = None, open_browser: bool = True) -> Path:
    """Log a Google user in for the Google Sheet source ``source_name`` (default: the first); return the login file.

    Raises:
        ConfigError: survey.toml has no Google Sheet source, or none by that name.
        SheetError: the source's credentials file is no OAuth client, or the login failed.
    """
    from survey.google_credentials import log_in

    config = load_survey_config(directory)
    sheets = [source for source in config.sources if source.kind in FETCHED_KINDS]
    if not sheets:
        raise ConfigError("no-sheet-source", "survey.toml has no source of kind google_sheet, so there is nothing "
                          "to log in to.", hint="Add a [[sources]] entry with kind = \"google_sheet\" first.")
    source = next((s for s in sheets if source_name in (None, s.name)), None)
    if source is None:
        raise ConfigError("source-unknown", "No Google Sheet source named '{value}' is in survey.toml.",
                          hint="Give the name of a source of kind google_sheet: {allowed}.", value=source_name,
                          allowed=", ".join(s.name for s in sheets) or "-")
    return log_in(source, open_browser)
