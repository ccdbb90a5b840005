"""Reading articles: plain text, Markdown and saved pages; the document's own fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.ingest.article import read_article
from tests.conftest import SEED_ARTICLE

ARTICLES = Path(__file__).parent / "articles"


def roles(text: str, name: str = "") -> list[tuple[str, str]]:
    article = read_article(text, name)
    return [(p.role, article.paragraph_text(i)) for i, p in enumerate(article.paragraphs)]


def test_seed_article_fields_and_furniture() -> None:
    if not SEED_ARTICLE.exists():
        pytest.skip("the seed article is not here")
    article = read_article(SEED_ARTICLE.read_text(encoding="utf-8"), SEED_ARTICLE.name)
    meta = article.meta
    assert meta.title == "Why the Pakistani Taliban Massacred 134 Children at a School in Peshawar"
    assert meta.published == "2014-12-17"
    assert meta.author == "Ali Mustafa"
    kinds = [p.role for p in article.paragraphs]
    assert kinds[:6] == ["boilerplate", "title", "standfirst", "published", "boilerplate", "body"]
    assert kinds[-1] == "byline"
    assert kinds.count("boilerplate") == 4  # "over 5 years old", photo credit, two "Read more"
    assert "\u00a0" not in article.text  # no-break spaces are plain spaces


def test_paragraphs_are_positions_in_one_text() -> None:
    article = read_article("Title here\n\nFirst body line.\n\nSecond one, longer.")
    assert article.text == "Title here\n\nFirst body line.\n\nSecond one, longer."
    for index, paragraph in enumerate(article.paragraphs):
        assert article.text[paragraph.start : paragraph.end] == article.paragraph_text(index)
    snippet, start, end = article.around(article.text.index("body"), article.text.index(" line"))
    assert snippet[start:end] == "body"


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    wrapped = (
        "A long first line of a hard-wrapped article that goes on and on\n"
        "and continues on the next line, as old plain-text mail does.\n\n"
        "Second paragraph."
    )
    found = roles(wrapped)
    assert found[0][1].startswith("A long first line") and found[0][1].endswith("mail does.")
    assert len(found) == 2


def test_dateline_byline_url_and_prefixed_date() -> None:
    text = (
        "Border post retaken\n\nBy Nadia Rahman and Ali Khan\n\nPublished March 12, 2015\n\n"
        "https://example.org/a\n\nQUETTA (Reuters) - Forces retook the post."
    )
    meta = read_article(text).meta
    assert (meta.title, meta.author, meta.published) == (
        "Border post retaken",
        "Nadia Rahman and Ali Khan",
        "2015-03-12",
    )
    assert (meta.url, meta.dateline, meta.outlet) == ("https://example.org/a", "Quetta", "Reuters")


def test_a_sentence_that_starts_with_by_is_not_a_byline() -> None:
    found = roles("Title\n\nBy March, the group had split.")
    assert ("body", "By March, the group had split.") in found


def test_markdown_front_matter_headings_links_and_emphasis() -> None:
    article = read_article((ARTICLES / "border-post.md").read_text(encoding="utf-8"), "x.md")
    assert article.format == "markdown"
    assert article.meta.outlet == "The Frontier Times"
    assert article.meta.published == "2015-03-12"
    assert article.meta.url == "https://example.org/frontier/border-post"
    assert "[yesterday]" not in article.text and "yesterday after" in article.text
    assert "**" not in article.text and "*By" not in article.text
    assert article.meta.dateline == "Quetta"


def test_saved_page_metadata_and_no_scripts() -> None:
    page = (ARTICLES / "madaya-convoy.html").read_text(encoding="utf-8")
    article = read_article(page, "page.html")
    meta = article.meta
    assert article.format == "html"
    assert meta.title == "Aid convoy reaches Madaya after months of siege"
    assert (meta.outlet, meta.author, meta.published) == (
        "Levant Monitor",
        "Omar Haddad",
        "2016-01-12",
    )
    assert meta.url == "https://levant-monitor.example/madaya-convoy"
    for junk in ("said the script", "color: red", "May archive", "Home", "© 2016"):
        assert junk not in "".join(article.paragraph_text(i) for i in article.body())
    assert "“People are eating grass,”" in article.text  # entities decoded


def test_html_is_detected_without_a_file_name() -> None:
    assert read_article("<html><body><p>Hello there.</p></body></html>").format == "html"


def test_control_characters_are_made_visible() -> None:
    article = read_article('Title\n\nHe said \x1b[2J "bad\u202e" things.')
    assert "\x1b" not in article.text and "\u202e" not in article.text
