"""A subset of the persons, in a small expression language that can only compare columns with values.

``aggregate --where "leeftijd >= 18 and (uitkering = 'bijstand' or uitkering = 'ww')"`` counts
only those persons. Analysts used to filter in pandas first, which meant reading the file into
memory and writing it again; here DuckDB filters while it scans.

The language, and nothing more:

- a comparison: ``COLUMN OP VALUE`` with ``=``, ``!=`` (or ``<>``), ``<``, ``<=``, ``>``, ``>=``;
- ``COLUMN in (VALUE, ...)``, ``COLUMN not in (...)``;
- ``COLUMN is empty``, ``COLUMN is not empty``;
- ``and``, ``or``, ``not`` and brackets.

A VALUE is a number (``18``, ``2.5``: a decimal point, as a comma separates the values of a list)
or text in quotes (``'bijstand'``); a COLUMN a
name of the file (in backquotes where it has spaces: ```soort uitkering```). A number compares
as a number (cells that are not numbers are not in the subset), text as text. The expression is
parsed here and written as SQL by this module alone: identifiers quoted, text escaped, numbers
checked; nothing of the user's text reaches DuckDB as SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indicators.core.errors import InputError

TOKEN = re.compile(r"""\s*(?:
    (?P<number>-?\d+(?:\.\d+)?(?![\w.]))
  | (?P<text>'(?:[^']|'')*'|"(?:[^"]|"")*")
  | (?P<quoted>`[^`]+`)
  | (?P<op><=|>=|<>|!=|==|=|<|>)
  | (?P<punct>[(),])
  | (?P<word>[^\s()',=<>!`"]+)
)""", re.VERBOSE)
OPERATORS = {"=": "=", "==": "=", "!=": "<>", "<>": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
KEYWORDS = {"and", "or", "not", "in", "is", "empty"}


class SubsetError(InputError):
    """An expression outside the language; the message says where and what is allowed."""

    topic = "subset"

    def __init__(self, message: str, kind: str = "bad_where", **details):
        super().__init__(message, kind, **details)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    at: int


def subset_sql(expression: str, columns) -> str:
    """The expression as a SQL condition over ``columns`` (the file's); SubsetError where it is not in the language.

    Parameters
    ----------
    expression : str
        What the analyst wrote after ``--where``.
    columns : sequence of str
        The file's columns: a name not among them is refused, with the names there are.
    """
    tokens = _tokens(expression)
    parser = _Parser(tokens, list(columns), expression)
    sql = parser.expression()
    if parser.position < len(tokens):
        raise parser.error("an 'and', 'or' or the end")
    return sql


def _tokens(expression: str) -> list[_Token]:
    if not expression or not expression.strip():
        raise SubsetError("--where is empty: write a condition such as \"leeftijd >= 18\"")
    tokens, position = [], 0
    while position < len(expression):
        if not expression[position:].strip():
            break
        match = TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise SubsetError(f"--where: cannot read {expression[position:].strip()[:20]!r} (character "
                              f"{position + 1}); use column, comparison, value, and/or, e.g. \"leeftijd >= 18\"")
        kind = match.lastgroup
        tokens.append(_Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent over the tokens: expression := term ('or' term)*; term := factor ('and' factor)*."""

    def __init__(self, tokens: list[_Token], columns: list[str], expression: str):
        self.tokens, self.columns, self.expression_text, self.position = tokens, columns, expression, 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def word(self, *words: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.lower() in words:
            self.position += 1
            return True
        return False

    def punct(self, mark: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "punct" and token.text == mark:
            self.position += 1
            return True
        return False

    def error(self, wanted: str) -> SubsetError:
        token = self.peek()
        found = f"{token.text!r} (character {token.at + 1})" if token else "the end"
        return SubsetError(f"--where {self.expression_text!r}: expected {wanted}, found {found}; write COLUMN OP "
                           "VALUE, COLUMN in (VALUE, ...), COLUMN is [not] empty, with and/or/not and brackets")

    def expression(self) -> str:
        parts = [self.term()]
        while self.word("or"):
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def term(self) -> str:
        parts = [self.factor()]
        while self.word("and"):
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def factor(self) -> str:
        if self.word("not"):
            return f"(NOT {self.factor()})"
        if self.punct("("):
            inner = self.expression()
            if not self.punct(")"):
                raise self.error("')'")
            return inner
        return self.comparison()

    def comparison(self) -> str:
        column = self.column()
        if self.word("is"):
            negated = self.word("not")
            if not self.word("empty"):
                raise self.error("'empty' after 'is'")
            blank = f"({column} IS NULL OR trim(CAST({column} AS VARCHAR)) = '')"
            return f"(NOT {blank})" if negated else blank
        negated = self.word("not")
        if self.word("in"):
            if not self.punct("("):
                raise self.error("'(' after 'in'")
            values = [self.value()]
            while self.punct(","):
                values.append(self.value())
            if not self.punct(")"):
                raise self.error("',' or ')'")
            parts = [self.compare(column, "=", value) for value in values]
            inside = "(" + " OR ".join(parts) + ")"
            return f"(NOT coalesce({inside}, false))" if negated else f"coalesce({inside}, false)"
        if negated:
            raise self.error("'in' after 'not'")
        token = self.peek()
        if token is None or token.kind != "op":
            raise self.error("a comparison (=, !=, <, <=, >, >=), 'in' or 'is'")
        self.position += 1
        return f"coalesce({self.compare(column, OPERATORS[token.text], self.value())}, false)"

    def column(self) -> str:
        token = self.peek()
        if token is None or token.kind not in ("word", "quoted") or token.text.lower() in KEYWORDS:
            raise self.error("a column name")
        self.position += 1
        name = token.text.strip("`")
        if name not in self.columns:
            shown = ", ".join(self.columns[:12]) + (", ..." if len(self.columns) > 12 else "")
            raise SubsetError(f"--where names column {name!r}, which the file does not have; its columns: {shown}",
                              "where_column", column=name)
        return '"' + name.replace('"', '""') + '"'

    def value(self) -> tuple[str, str]:
        """A value as (kind, SQL literal): a number checked as one, text with its quotes doubled."""
        token = self.peek()
        if token is None or token.kind not in ("number", "text", "word") or token.text.lower() in KEYWORDS:
            raise self.error("a value (a number, or text in quotes)")
        self.position += 1
        if token.kind == "number":
            return "number", repr(float(token.text))
        text = token.text[1:-1].replace(token.text[0] * 2, token.text[0]) if token.kind == "text" else token.text
        return "text", "'" + text.replace("'", "''") + "'"

    @staticmethod
    def compare(column: str, operator: str, value: tuple[str, str]) -> str:
        kind, literal = value
        if kind == "number":
            return f"TRY_CAST({column} AS DOUBLE) {operator} {literal}"
        return f"CAST({column} AS VARCHAR) {operator} {literal}"
