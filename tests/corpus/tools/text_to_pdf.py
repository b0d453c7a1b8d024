#!/usr/bin/env python3
"""Writes a plain-text passage as a simple PDF (the corpus's .pdf documents).

Usage: text_to_pdf.py IN.txt OUT.pdf [TITLE]

One text object per page, Helvetica 10 pt, WinAnsiEncoding (Windows-1252:
curly quotes and dashes survive; anything outside it becomes '?'), lines
wrapped at word boundaries to 95 characters, paragraphs kept. The text layer
is the passage word for word, so a PDF reader extracts what the .txt said.
Standard library only; the output is deterministic (no dates, fixed ids).
"""
import sys
import textwrap

WIDTH, LINES_PER_PAGE, LEADING = 95, 60, 12


def escape(line):
    data = line.encode("cp1252", errors="replace")
    out = bytearray()
    for b in data:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += b"\\%03o" % b
        else:
            out.append(b)
    return bytes(out)


def wrap(text):
    lines = []
    for para in text.split("\n"):
        lines += textwrap.wrap(para, WIDTH, break_long_words=True, break_on_hyphens=False) or [""]
    return lines


def build(lines, title):
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects = []  # bytes of objects 1..n
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs.
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Title (" + escape(title) + b") /Producer (tests/corpus/tools/text_to_pdf.py) >>")
    for i, page in enumerate(pages):
        stream = bytearray(b"BT /F1 10 Tf %d TL 50 770 Td\n" % LEADING)
        for line in page:
            stream += b"(" + escape(line) + b") Tj T*\n"
        stream += b"ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {6 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + bytes(stream) + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: text_to_pdf.py IN.txt OUT.pdf [TITLE]")
    text = open(sys.argv[1], encoding="utf-8").read().strip("\n")
    title = sys.argv[3] if len(sys.argv) > 3 else ""
    with open(sys.argv[2], "wb") as f:
        f.write(build(wrap(text), title))


if __name__ == "__main__":
    main()
