"""`balcao nlu` (classify JSON Lines from stdin) and `balcao nlu-train` (rebuild the model).

Contract (docs/spec/nlu.md): each input line is a JSON object with `text` and optionally
`lang` ("pt"/"en"); each output line is `{"intent", "confidence", "entities", "sentiment",
"lang"}`, in input order. An input line that is not a JSON object with a string `text`
yields `{"error": "...", "line": N}` instead, and the command exits 1 after the last line.
An optional `context` object (`pending_question`, `last_list_size`, `last_lang`) is read as
the graph would pass it. No network and no database are touched.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

LANGS = ("pt", "en")


def register(subparsers: Any) -> None:
    """Add the `nlu` and `nlu-train` commands.

    Args:
        subparsers: What `ArgumentParser.add_subparsers()` returned for the main CLI.
    """
    classify = subparsers.add_parser(
        "nlu",
        help="classify buyer messages: JSON Lines in on stdin, JSON Lines out",
        description='Reads {"text": ..., "lang"?: ...} per line on stdin and writes '
        '{"intent", "confidence", "entities", "sentiment", "lang"} per line on stdout.',
    )
    classify.set_defaults(func=run_nlu)
    training = subparsers.add_parser(
        "nlu-train",
        help="rebuild the NLU model file from graphs/sales/nlu/data",
        description="Trains the offline intent and language models (deterministic) and "
        "writes the model file shipped in the package.",
    )
    training.add_argument("--output", type=Path, default=None, metavar="PATH",
                          help="write the model here instead of the package's model file")
    training.set_defaults(func=run_train)


def _request(line: str) -> tuple[str, str | None, Any]:
    """The text, lang and context of one input line; raises ValueError with the reason."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc.msg}") from exc
    if not isinstance(row, dict):
        raise ValueError("expected a JSON object")
    text = row.get("text")
    if not isinstance(text, str):
        raise ValueError('missing "text"' if "text" not in row else '"text" must be a string')
    lang = row.get("lang")
    if lang is not None and lang not in LANGS:
        raise ValueError('"lang" must be "pt" or "en"')
    context = row.get("context")
    if context is not None and not isinstance(context, dict):
        raise ValueError('"context" must be an object')
    return text, lang, context


def classify_lines(lines: Iterable[bytes]) -> Iterator[tuple[dict[str, Any], bool]]:
    """Classify raw input lines; yield (output object, ok) per line, in order."""
    from graphs.sales.nlu.engine import default_classifier
    from graphs.sales.nlu.types import DialogueContext

    classifier = default_classifier()
    for number, raw in enumerate(lines, start=1):
        try:
            text, lang, context = _request(raw.decode("utf-8"))
            dialogue = DialogueContext.model_validate(context) if context else None
        except UnicodeDecodeError:
            yield {"error": "line is not UTF-8", "line": number}, False
            continue
        except ValidationError as exc:
            reason = exc.errors()[0]
            yield {"error": f'invalid "context": {reason["loc"]} {reason["msg"]}',
                   "line": number}, False
            continue
        except ValueError as exc:
            yield {"error": str(exc), "line": number}, False
            continue
        result = classifier.classify(text, lang=lang, context=dialogue)
        yield result.model_dump(include={"intent", "confidence", "entities", "sentiment",
                                         "lang"}), True


def run_nlu(args: argparse.Namespace, stdin: IO[bytes] | None = None,
            stdout: IO[bytes] | None = None) -> int:
    """Classify stdin to stdout.

    Returns:
        0 when every line was classified, 1 when at least one line was rejected.
    """
    source = stdin or sys.stdin.buffer
    sink = stdout or sys.stdout.buffer
    all_ok = True
    for output, ok in classify_lines(source):
        all_ok &= ok
        sink.write(json.dumps(output, ensure_ascii=False).encode("utf-8") + b"\n")
    sink.flush()
    return 0 if all_ok else 1


def run_train(args: argparse.Namespace) -> int:
    """Rebuild the model file; print where it went."""
    from graphs.sales.nlu.train import build_model_file

    path = build_model_file(args.output)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m api.cli.nlu [nlu | nlu-train [--output PATH]]` (default: nlu)."""
    parser = argparse.ArgumentParser(prog="python -m api.cli.nlu")
    register(parser.add_subparsers(dest="command"))
    arguments = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(arguments or ["nlu"])
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
