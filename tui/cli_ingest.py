"""`dateline ingest ARTICLE`: find an article's quotes and dated events, review, save.

Three ways to run it:

* `--json` prints the document and every candidate and stops: no database is
  opened and Textual is never imported, so other programs can check results;
* `--yes` accepts every complete candidate and saves them without the app, for
  scripts, printing what was written;
* otherwise the explorer opens on the database with the review screen on top.

The document's outlet and publishing date are asked for on the command line
when the article does not state them and no option gave them (not with
`--json`, nor when the article itself comes from stdin). The publishing date
matters: it is what "last month" and "December 16" are read against.

Exit codes: 0 success, 2 bad usage, an unreadable article or database.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.cli_common import fail, print_json

if TYPE_CHECKING:
    from store.database import Database
    from store.ingest import IngestResult

MAX_BYTES = 20 * 1024 * 1024
PROMPTS = (
    ("title", "Title of the article"),
    ("outlet", "Outlet (where it was published)"),
    ("published", "Publishing date (e.g. 17 Dec 2014)"),
)


@click.command("ingest")
@click.argument("article", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON; save nothing.")
@click.option("--db", "db_path", metavar="PATH", help="Database to save into (default: --db, …).")
@click.option("--title", default="", help="The article's title, if it does not say.")
@click.option("--outlet", default="", help="Where it was published (e.g. VICE News).")
@click.option("--author", default="", help="Who wrote it.")
@click.option("--published", default="", metavar="DATE", help='Publishing date ("17 Dec 2014").')
@click.option("--url", default="", help="Where it can be read.")
@click.option("--yes", "-y", is_flag=True, help="Accept every complete candidate, save, no app.")
@click.pass_context
def ingest(
    ctx: click.Context,
    article: str,
    as_json: bool,
    db_path: str | None,
    title: str,
    outlet: str,
    author: str,
    published: str,
    url: str,
    yes: bool,
) -> None:
    """Find the quotes and dated events of ARTICLE (text, Markdown or saved HTML; - for stdin).

    Without --json or --yes, the explorer opens with a review screen: accept,
    reject or fix each candidate; nothing is saved until you confirm.
    """
    from store.ingest import extract

    raw, name = _read(article)
    given = {
        key: value.strip()
        for key, value in (
            ("title", title),
            ("outlet", outlet),
            ("author", author),
            ("published", published),
            ("url", url),
        )
        if value.strip()
    }
    _check_published(given.get("published", ""), "--published")
    result = extract(raw, name=name, given=given)
    if as_json:
        print_json(result.to_json())
        return
    if article != "-":
        answers = _ask_missing(result)
        if answers:
            result = extract(raw, name=name, given={**given, **answers})
    path = _database_path(ctx, db_path)
    if yes:
        _save_all(path, result)
    else:
        _review(path, result)


def _read(article: str) -> tuple[str, str]:
    """The article's text (see `_text_of`) and its file name."""
    try:
        if article == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            name = ""
        else:
            with open(article, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
            name = Path(article).name
    except OSError as error:
        fail(f"{article}: cannot read the article: {error.strerror or error}")
    if len(data) > MAX_BYTES:
        fail(f"{article}: over {MAX_BYTES // (1024 * 1024)} MB; that is not an article")
    text = _text_of(name or "stdin", data)
    _refuse_an_export(article, name, text, len(data))
    return text, name


def _text_of(display: str, data: bytes) -> str:
    """UTF-8 or UTF-16 as the import gate reads them; anything else as UTF-8 with the
    bytes it cannot read replaced (a Latin-1 page loses its accents, not its words).
    A PDF or a binary file is refused: its "candidates" would be noise."""
    from store.transfer.gate import GateError, decode

    if data.startswith(b"%PDF-"):
        fail(f"{display}: a PDF; save or copy the article's text (or the page as HTML) first")
    try:
        text = decode(data, display)[0]
    except GateError:
        text = data.decode("utf-8", errors="replace")
    if "\x00" in text or text.count("\ufffd") > len(text) // 20 + 8:
        fail(f"{display}: not text (a binary file?); dateline reads text, Markdown or HTML")
    return text


def _refuse_an_export(article: str, name: str, text: str, size: int) -> None:
    """A file `dateline import` reads is not an article: ingesting the sample's JSON
    made 29 "events" of its lines (saved at once with --yes)."""
    from store.transfer.formats import recognised
    from store.transfer.gate import Source

    found = recognised(Source(Path(article), name or "stdin", text, "utf-8", size))
    if found is not None:
        command = "dateline import FILE" if article == "-" else f"dateline import {article}"
        fail(f"{name or 'stdin'}: looks like {found.label}, not an article; use `{command}`")


def _check_published(value: str, option: str) -> None:
    if not value:
        return
    from store.ingest.pipeline import parse_published

    try:
        parse_published(value)
    except ValueError as error:
        from store.text import safe_line

        raise click.BadParameter(safe_line(str(error)), param_hint=option) from None


def _ask_missing(result: IngestResult) -> dict[str, str]:
    """Ask for the title, outlet and publishing date the article did not state.

    An empty answer (or no terminal to answer from) leaves the field empty.
    """
    answers: dict[str, str] = {}
    for field_name, label in PROMPTS:
        if getattr(result.document, field_name):
            continue
        value = _prompt(label, field_name == "published")
        if value:
            answers[field_name] = value
    return answers


def _prompt(label: str, is_date: bool) -> str:
    from store.ingest.pipeline import parse_published

    for _ in range(3):
        try:
            value = str(click.prompt(label, default="", show_default=False)).strip()
        except click.Abort:
            return ""
        if not value or not is_date:
            return value
        try:
            parse_published(value)
        except ValueError as error:
            click.echo(f"  {error}; leave it empty if unknown.", err=True)
            continue
        return value
    return ""


def _database_path(ctx: click.Context, db_path: str | None) -> Path:
    """The database to save into; a named one that does not exist yet is created empty."""
    from store import paths
    from store.database import Database
    from store.errors import StoreError

    explicit = db_path or (ctx.obj or {}).get("db")
    target = paths.resolve(explicit)
    try:
        if explicit and not target.exists():
            Database.create(target)
            click.echo(f"Created an empty database at {target}.", err=True)
        elif not explicit and paths.create_default_from_sample(target):
            click.echo(f"Created {target} from the Peshawar sample.", err=True)
    except StoreError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{target}: cannot create the database: {error.strerror or error}")
    return target


def _open(path: Path) -> Database:
    from store.database import Database
    from store.errors import StoreError

    try:
        db = Database.open(path)
    except StoreError as error:
        fail(str(error))
    if db.read_only:
        fail(f"{path} is read-only ({db.read_only_reason}); nothing was saved")
    return db


def _save_all(path: Path, result: IngestResult) -> None:
    """--yes: save every complete candidate in one commit and say what was written."""
    from store.errors import StoreError
    from store.ingest import resolve_against
    from store.ingest.plan import build_plan
    from store.text import safe_line

    db = _open(path)
    result = resolve_against(result, db)
    plan = build_plan(db, result.document, result.candidates(), result.registry)
    for problem in plan.problems:
        click.echo(f"not saved: {safe_line(problem)}", err=True)
    if plan.empty:
        click.echo(f"Nothing new: {path} already holds everything saved from this article.")
        return
    try:
        outcome = db.commit(plan.batch)
    except StoreError as error:
        fail(str(error))
    click.echo(f"Saved to {safe_line(str(path))} (revision {outcome.revision}): {plan.summary()}.")
    for change in plan.batch.changes:
        click.echo(f"  {safe_line(change.describe())}  ({change.id})")
    if plan.skipped:
        click.echo(f"  {len(plan.skipped)} already saved, skipped.")


def _review(path: Path, result: IngestResult) -> None:
    """Open the explorer on `path` and put the review screen on top once it has loaded."""
    from tui.launch import require_terminal

    require_terminal("without one, --yes saves every complete candidate and --json prints them")
    from store.ingest import resolve_against
    from tui.app import DatelineApp
    from tui.review_screen import ReviewScreen

    def push_review(app: DatelineApp) -> None:
        if app.db is not None:
            app.push_screen(ReviewScreen(resolve_against(result, app.db)))

    DatelineApp(path, on_loaded=push_review).run()
