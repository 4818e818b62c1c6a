#!/usr/bin/env python3
"""Refresh the code blocks of docs/*.md from examples/.

A block preceded by a line `<!-- snippet: examples/PATH NAME -->` is replaced by the lines between the lines
`... [NAME]` and `... [end NAME]` of that file (a C++ `// [NAME]` or shell/CMake `# [NAME]` comment); with no
NAME, the whole file; NAME `first-code-block` takes a Markdown file's first fenced block (README.md's two commands). tests/install/docs_examples_test.cpp checks that every block is such a region.
Usage: python3 docs/sync_snippets.py   (from anywhere; rewrites the guides in place)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MARK = re.compile(r"^<!-- snippet: (\S+)(?: (\S+))? -->$")


def region(path, name):
    lines = (ROOT / path).read_text().splitlines(keepends=True)
    if name == "first-code-block":  # README.md's two commands
        fences = [i for i, l in enumerate(lines) if l.startswith("```")]
        return "".join(lines[fences[0] + 1:fences[1]])
    if not name:
        return "".join(lines)
    begin = [i for i, l in enumerate(lines) if l.strip().endswith(f"[{name}]") and "end " not in l]
    end = [i for i, l in enumerate(lines) if l.strip().endswith(f"[end {name}]")]
    if len(begin) != 1 or len(end) != 1 or end[0] <= begin[0]:
        sys.exit(f"{path}: region [{name}] not found exactly once")
    return "".join(lines[begin[0] + 1:end[0]])


def sync(doc):
    lines = doc.read_text().splitlines(keepends=True)
    out, i = [], 0
    while i < len(lines):
        out.append(lines[i])
        m = MARK.match(lines[i].rstrip("\n"))
        i += 1
        if not m:
            continue
        if i >= len(lines) or not lines[i].startswith("```"):
            sys.exit(f"{doc}: a snippet marker must be followed by a code block")
        out.append(lines[i])  # opening fence, with its language
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            i += 1
        out.append(region(m.group(1), m.group(2)))
    doc.write_text("".join(out))


for doc in sorted((ROOT / "docs").glob("*.md")):
    sync(doc)
