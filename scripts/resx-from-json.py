#!/usr/bin/env python3
"""Builds a language's resource set, src/Odr.Web/Resources/Text.<culture>.resx, from translations in JSON.

A language is a resource set: this writes one from JSON objects (key -> text), the later file winning, on top of the
texts the set already has (so a run with only new keys adds them). Every key of the other sets (Text.resx and each
Text.*.resx) must be translated, with the same holes ({0}, {1:yyyy-MM-dd}) as its English; the run fails, naming the
keys, when one is missing or its holes differ.

    python3 scripts/resx-from-json.py es /tmp/es/es1.json /tmp/es/es2.json /tmp/es/es3.json /tmp/es/law-reasons.json
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

RESOURCES = Path(__file__).resolve().parent.parent / "src/Odr.Web/Resources"
HOLE = re.compile(r"\{(\d+)(?:[:,][^}]*)?\}")
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def read(path: Path) -> dict[str, str]:
    return {d.get("name"): d.findtext("value") or "" for d in ET.parse(path).getroot().findall("data")}


def holes(text: str) -> set[str]:
    return {m.group(1) for m in HOLE.finditer(text)}


def main(culture: str, files: list[str]) -> int:
    target = RESOURCES / f"Text.{culture}.resx"
    # The English of each key: the neutral set's text for a code key (notice.x.subject), else the key itself.
    english: dict[str, str] = {}
    for other in sorted(RESOURCES.glob("Text*.resx")):
        if other != target:
            for key, text in read(other).items():
                english.setdefault(key, key)
    english.update(read(RESOURCES / "Text.resx"))
    texts = read(target) if target.exists() else {}
    for file in files:
        texts.update(json.loads(Path(file).read_text(encoding="utf-8")))
    missing = [k for k in english if not texts.get(k)]
    unknown = [k for k in texts if k not in english]
    holed = [k for k in english if k in texts and holes(texts[k]) != holes(english[k])]
    for label, keys in (("missing", missing), ("not a key of the other sets", unknown), ("holes differ from the English", holed)):
        if keys:
            print(f"{len(keys)} {label}: " + "; ".join(keys[:20]), file=sys.stderr)
    if missing or holed:
        return 1
    with target.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER)
        for key in english:  # the order of the other sets, so that the files compare line by line
            out.write(f'  <data name="{escape(key, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(texts[key])}</value></data>\n')
        out.write("</root>\n")
    print(f"{target.relative_to(RESOURCES.parent.parent.parent)}: {len(english)} texts")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
