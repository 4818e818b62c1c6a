#!/usr/bin/env python3
"""Doxygen's INPUT_FILTER for Strata's headers (docs/Doxyfile).

The headers document themselves with plain `//` comments (STYLE.md). This filter shows them in the reference
as written: a comment line becomes a `///` doc comment, a comment after a declaration on the same line becomes
a `///<` member comment, and the comment text is escaped so doxygen reads none of it as a command, an HTML tag
or a link (`<T>`, `@`, `\\n`, `#` stay text). Rule lines (`// ----- section`) stay plain comments.
Out-of-line definitions of class template members (`Foo<T>::bar(...) {`) are hidden from doxygen, which cannot
always match them to their declaration (the declaration inside the class is the one documented).
"""
import re
import sys

ESCAPE = {c: "\\" + c for c in "\\@<>&#%$"}


def escape(text):
    return "".join(ESCAPE.get(c, c) for c in text)


def comment_start(line):
    """Index of a `//` outside string and character literals, or -1."""
    quote = None
    i = 0
    while i < len(line) - 1:
        c = line[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "/" and line[i + 1] == "/":
            return i
        i += 1
    return -1


OUT_OF_LINE = re.compile(r"^[A-Za-z_][^;/(]*\b\w+<[^()]*>::~?[A-Za-z_]\w*\(")


def convert(line):
    at = comment_start(line)
    if at < 0 or line[at:].startswith("///") or re.match(r"//\s*-{3,}", line[at:]):
        return line
    code, text = line[:at], line[at + 2:]
    if code.strip():
        return f"{code}///<{escape(text)}" if code.rstrip().endswith((";", ",", "{")) else line
    return f"{code}///{escape(text)}"


out = [convert(raw.rstrip("\n")) for raw in open(sys.argv[1], encoding="utf-8")]
i = 0
while i < len(out):
    if OUT_OF_LINE.match(out[i]) and not out[i].rstrip().endswith(";"):
        start = i
        while start > 0 and re.match(r"^(template\s*<|\s+requires\b)", out[start - 1]):
            start -= 1
        end = i
        while end < len(out) and out[end] != "}":
            end += 1
        if end < len(out):
            out.insert(end + 1, "/** \\endcond */")
            out.insert(start, "/** \\cond */")
            i = end + 2
    i += 1
print("\n".join(out))
