"""Join PDFs into one file, streaming: one input is open at a time, whatever the total.

Joining with a PDF library (pypdf, or pikepdf's ``pages.extend``) keeps every page of the
result in memory until it is saved: about 530 MB for 10,000 certificates. Here each input is
opened with pikepdf (qpdf parses it, including object streams), its objects are written out
with their numbers shifted past the previous inputs', and only the byte offsets are kept for
the cross-reference table. Each input's page tree becomes a branch of the result's page tree
(ISO 32000-1, 7.7.3: intermediate page-tree nodes), so no page object needs rewriting; the
inputs' catalogs and document information are left out.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import pikepdf

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
PAGE_TREE, CATALOG = 1, 2  # the result's own objects


class _Reference(int):
    """A reference to one of the result's own objects (not shifted)."""


class _Writer:
    def __init__(self, output: IO[bytes]) -> None:
        self.output = output
        self.position = 0
        self.offsets: dict[int, int] = {}

    def write(self, data: bytes) -> None:
        self.output.write(data)
        self.position += len(data)

    def write_object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.position
        self.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))


def _serialise(value: Any, shift: int, *, top: bool = False) -> bytes:
    """An object in PDF syntax, its indirect references renumbered by ``shift``; ``top`` is
    the indirect object being written itself (its content, not a reference to it)."""
    if isinstance(value, _Reference):
        return b"%d 0 R" % value
    if not top and isinstance(value, pikepdf.Object) and value.is_indirect:
        return b"%d 0 R" % (value.objgen[0] + shift)
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, decimal.Decimal):
        return format(value, "f").encode()
    if value is None:
        return b"null"
    if isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
        return _dictionary(value.items(), shift)
    if isinstance(value, pikepdf.Array):
        return b"[" + b" ".join(_serialise(item, shift) for item in value) + b"]"
    return value.unparse()  # names, strings, operators: pikepdf writes them escaped


def _dictionary(items: Iterable[tuple[str, Any]], shift: int) -> bytes:
    return (
        b"<<"
        + b"".join(
            pikepdf.Name(key).unparse() + b" " + _serialise(item, shift) + b"\n"
            for key, item in items
        )
        + b">>"
    )


def join_pdfs(paths: Iterable[Path], output: IO[bytes]) -> int:
    """Write the pages of ``paths``, in order, as one PDF to ``output``; returns the pages."""
    writer = _Writer(output)
    writer.write(HEADER)
    shift = CATALOG  # the inputs' objects are numbered after the result's own two
    branches: list[int] = []
    pages = 0
    for path in paths:
        with pikepdf.open(path) as pdf:
            root_pages = pdf.Root.Pages
            branch = root_pages.objgen[0]
            skipped = {pdf.Root.objgen[0]}
            if "/Info" in pdf.trailer:
                skipped.add(pdf.trailer.Info.objgen[0])
            highest = 0
            for obj in pdf.objects:
                number = obj.objgen[0]
                highest = max(highest, number)
                if number in skipped or number == 0 or _is_structural(obj):
                    continue
                writer.write_object(number + shift, _body(obj, shift, branch == number))
            branches.append(branch + shift)
            pages += len(pdf.pages)
            shift += highest
    kids = b" ".join(b"%d 0 R" % branch for branch in branches)
    writer.write_object(PAGE_TREE, b"<</Type /Pages /Kids [%s] /Count %d>>" % (kids, pages))
    writer.write_object(CATALOG, b"<</Type /Catalog /Pages %d 0 R>>" % PAGE_TREE)
    _cross_reference(writer, size=shift + 1)
    return pages


def _cross_reference(writer: _Writer, *, size: int) -> None:
    start = writer.position
    lines = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for number in range(1, size):
        offset = writer.offsets.get(number)
        # Each entry is exactly 20 bytes; numbers no input used are free entries.
        lines.append(
            b"%010d 00000 n \n" % offset if offset is not None else b"0000000000 00000 f \n"
        )
    writer.write(b"".join(lines))
    writer.write(
        b"trailer\n<</Size %d /Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, CATALOG, start)
    )


def _is_structural(obj: pikepdf.Object) -> bool:
    """Cross-reference and object streams: qpdf has read their content already."""
    return isinstance(obj, pikepdf.Stream) and obj.get("/Type") in ("/XRef", "/ObjStm")


def _body(obj: pikepdf.Object, shift: int, is_branch: bool) -> bytes:
    if isinstance(obj, pikepdf.Stream):
        raw = obj.read_raw_bytes()
        items = [(key, value) for key, value in obj.items() if key != "/Length"]
        items.append(("/Length", len(raw)))
        return _dictionary(items, shift) + b"\nstream\n" + raw + b"\nendstream"
    if is_branch:  # an input's page-tree root: it gets a parent, the result's root
        items = [(key, value) for key, value in obj.items() if key != "/Parent"]
        items.append(("/Parent", _Reference(PAGE_TREE)))
        return _dictionary(items, shift)
    return _serialise(obj, shift, top=True)


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def overlay_pages(paths: Iterable[Path], overlay: Path) -> int:
    """Draw the pages of ``overlay``, in order, over the pages of ``paths`` taken as one
    document (each file rewritten in place, one open at a time): page numbers "3/40" drawn
    once the chunks of a long document are rendered. Returns the pages overlaid."""
    done = 0
    with pikepdf.open(overlay) as sheets:
        for path in paths:
            with pikepdf.open(path, allow_overwriting_input=True) as pdf:
                for page in pdf.pages:
                    page.add_overlay(sheets.pages[done])
                    done += 1
                pdf.save(path)
    return done
