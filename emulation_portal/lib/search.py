"""Vietnamese search: "nguyen van" finds "Nguyễn Văn An", "doan" finds "Lữ đoàn 144".

Text is *folded* before it is compared: accents dropped, "đ" read as "d", case ignored. The
database folds the searched fields with one function, ``portal_fold``: on PostgreSQL a SQL
wrapper around the ``unaccent`` extension, declared IMMUTABLE so that indexes can use it
(migration ``audit/0023_search``); on SQLite ``fold_text`` below, registered on each
connection. The query is folded here, in Python, the same way.

A search is a list of words (or "quoted phrases"): a record matches when every one of them
begins a word of its searched fields, in any field. "an" finds "Nguyễn Văn An" and "Anh",
not "Đoàn"; "144" finds "Lữ đoàn 144", "0123" finds "GK-2026-0123". The fields are joined
into one folded text per row (``SearchDocument``), so a search costs one fold per row, and a
trigram index on that text (pg_trgm) answers it on PostgreSQL without reading the table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    CharField,
    F,
    Func,
    GenericIPAddressField,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.sql.compiler import SQLCompiler
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal

FOLD_FUNCTION = "portal_fold"

# Letters that NFD leaves whole: đ, and the eth (Ð, ð) that old Vietnamese encodings put in
# its place. PostgreSQL's unaccent maps all of them to d.
_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})

# What may precede the start of a word: the start of the text, white space or ASCII
# punctuation. Only ASCII, so that pg_trgm reads it as a word boundary and its index narrows
# the search even for a word of one or two letters (a class such as [^a-z0-9] defeats it).
_WORD_START = "(^|[ \t\n.,;:/()_'\"!?&+*#@-])"
_SPACES = "[ \t\n]+"


def fold_text(value: str) -> str:
    """``value`` without accents or marks, "đ" as "d", case-folded: what the database compares."""
    decomposed = unicodedata.normalize("NFD", value.translate(_LETTERS))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()


def fold(value: str) -> str:
    """``fold_text`` with white space collapsed: "  Nguyễn  Văn " → "nguyen van"."""
    return " ".join(fold_text(value).split())


def search_terms(query: str) -> list[str]:
    """The folded words of ``query``; a "quoted phrase" stays one term."""
    terms = []
    for bit in smart_split(query):
        if len(bit) > 1 and bit[0] in "\"'" and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if term := fold(bit):
            terms.append(term)
    return terms


def _escaped(word: str) -> str:
    # Letters and digits stand for themselves in both PostgreSQL's and Python's regular
    # expressions, and a backslash makes anything else literal in both.
    return "".join(char if char.isalnum() else "\\" + char for char in word)


def term_pattern(term: str) -> str:
    """The regular expression of a folded term: it begins a word of the text."""
    return _WORD_START + _SPACES.join(_escaped(word) for word in term.split(" "))


def _sqlite_fold(value: Any) -> str | None:
    return None if value is None else fold_text(str(value))


def _sqlite_register(connection: BaseDatabaseWrapper) -> None:
    # Registered when a query that folds is compiled, on the connection that will run it:
    # nothing depends on the order apps are loaded or connections opened.
    connection.ensure_connection()
    connection.connection.create_function(FOLD_FUNCTION, 1, _sqlite_fold, deterministic=True)


class _Text(Func):
    """A field as text in a search document: '' when NULL, an address without a netmask."""

    template = "COALESCE(%(expressions)s, '')"
    output_field = TextField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        field = self.source_expressions[0].output_field
        if isinstance(field, GenericIPAddressField):
            extra["template"] = "COALESCE(HOST(%(expressions)s), '')"
        elif not isinstance(field, CharField | TextField):
            extra["template"] = "COALESCE(CAST(%(expressions)s AS text), '')"
        return self.as_sql(compiler, connection, **extra)


class SearchDocument(Func):
    """The searched fields of a row, folded as one text: ``portal_fold(a || ' ' || b)``.

    On PostgreSQL an index can hold it: the migrations write the same SQL as this renders
    (``tests/lib/test_search.py`` checks that the searches use them).
    """

    function = FOLD_FUNCTION
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self, *fields: str) -> None:
        super().__init__(*(_Text(F(field)) for field in fields))

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        _sqlite_register(connection)
        return self.as_sql(compiler, connection, **extra)


class _Matches(Func):
    """``text ~ pattern``; SQLite's REGEXP is the one Django registers (Python's ``re``)."""

    arg_joiner = " ~ "
    template = "(%(expressions)s)"
    output_field = BooleanField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        return self.as_sql(compiler, connection, arg_joiner=" REGEXP ", **extra)


def search_filter(
    queryset: QuerySet,
    *,
    fields: Sequence[str] = (),
    query: str,
    document: str | None = None,
) -> QuerySet:
    """The rows of ``queryset`` where every term of ``query`` begins a word of ``fields``.

    ``fields`` are the model's own text fields or ones reached through foreign keys
    ("unit__name"); an empty query changes nothing. ``document`` instead names a column that
    stores the folded fields (a ``GeneratedField`` of ``SearchDocument``): at a million rows
    the database then compares stored text instead of folding each candidate row again, and
    the column's statistics tell the planner how common a word is.
    """
    terms = search_terms(query)
    if not terms or not (fields or document):
        return queryset
    text = F(document) if document else SearchDocument(*fields)
    return queryset.filter(*(_Matches(text, Value(term_pattern(term))) for term in terms))


def fold_register(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """On SQLite, ``portal_fold`` on every new connection (``connection_created``): a stored
    column of folded text is computed by the database on every insert."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, _sqlite_fold, deterministic=True)


class FoldedSearchMixin(admin.ModelAdmin):
    """The admin's search box, the autocomplete widgets' too, through ``search_filter``.

    ``search_fields`` are plain field paths: the ^, = and @ prefixes are not supported.
    """

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        fields = list(self.get_search_fields(request))
        if not fields or not search_term.strip():
            return queryset, False
        if prefixed := [field for field in fields if field[:1] in "^=@"]:
            raise ImproperlyConfigured(f"{type(self).__name__}: prefixed search fields {prefixed}")
        duplicates = any(lookup_spawns_duplicates(self.opts, field) for field in fields)
        return search_filter(queryset, fields=fields, query=search_term), duplicates
