"""Every export format behind one call, for the command line and the app.

`export` returns the files to write (most formats are one file; CSV per table
is several) and notes on anything left out, without writing anything: the
caller decides where the text goes (a file written atomically, or stdout).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from store.citation import Style
from store.database import Database
from store.fileformat import write_atomic
from store.transfer.export_csv import events_csv, table_csvs
from store.transfer.export_json import database_json
from store.transfer.export_markdown import chronology
from store.transfer.export_quotes import quotes
from store.transfer.export_timelinejs import timeline
from store.transfer.options import Progress
from store.transfer.selection import Selection, everything

BOM = "\ufeff"
Text = str | Iterable[str]
"""A file's text, whole or in pieces made as they are written (the chronology, CSV and
JSON: a million events make half a gigabyte of text)."""


@dataclass(frozen=True)
class ExportFormat:
    """An export: its name on the command line, a label, the usual file suffix."""

    name: str
    label: str
    suffix: str
    filtered: bool = True


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("markdown", "Markdown chronology", ".md"),
        ExportFormat("quotes", "Quotes with citations", ".md"),
        ExportFormat("csv", "CSV", ".csv"),
        ExportFormat("json", "JSON (the whole database)", ".json", filtered=False),
        ExportFormat("timelinejs", "TimelineJS JSON", ".json"),
    )
}


@dataclass
class Exported:
    """The text of each file (by name; "" for the one file of a single-file format).

    Pieces made as they are written can be read once: `write_files`, `pieces` or
    `text` consume them.
    """

    files: dict[str, Text]
    notes: list[str] = field(default_factory=list)

    @property
    def single(self) -> Text | None:
        """The text when there is one file with no name of its own."""
        return self.files.get("") if list(self.files) == [""] else None

    def text(self, name: str = "") -> str:
        """The whole text of one file (for a test, or a caller that needs it at once)."""
        return _joined(self.files[name])


def pieces(text: Text) -> Iterable[str]:
    """`text` as pieces to write one after another."""
    return (text,) if isinstance(text, str) else text


def _joined(text: Text) -> str:
    return text if isinstance(text, str) else "".join(text)


def export(
    db: Database,
    name: str,
    selection: Selection | None = None,
    *,
    style: Style = "markdown",
    tables: bool = False,
    progress: Progress | None = None,
) -> Exported:
    """The export `name` of `selection` (everything when None)."""
    spec = FORMATS.get(name)
    if spec is None:
        raise KeyError(f"{name!r} is not an export format; use one of {', '.join(FORMATS)}")
    chosen = selection if selection is not None and spec.filtered else everything(db)
    if name == "markdown":
        return Exported({"": chronology(db, chosen, progress)})
    if name == "quotes":
        return Exported({"": quotes(db, chosen, style, progress)})
    if name == "csv" and tables:
        return Exported(table_csvs(db, progress))
    if name == "csv":
        return Exported({"": events_csv(db, chosen, progress)})
    if name == "json":
        return Exported({"": database_json(db, progress)})
    text, notes = timeline(db, chosen, progress)
    return Exported({"": text}, notes)


def write_files(exported: Exported, out: Path, *, bom: bool = False) -> list[Path]:
    """Write each file atomically: a single file to `out`, several into the folder `out`
    (created if needed). `bom` starts each with a byte-order mark (Excel wants it)."""
    mark = BOM if bom else ""
    text = exported.single
    if text is not None:
        write_atomic(out, _encoded(mark, text))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in exported.files.items():
        target = out / name
        write_atomic(target, _encoded(mark, content))
        written.append(target)
    return written


def _encoded(mark: str, text: Text) -> Iterable[bytes]:
    return (piece.encode("utf-8") for piece in chain((mark,), pieces(text)))
