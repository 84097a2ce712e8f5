"""Reading a store's YAML file: `${ENV_VAR}` references for secrets, and errors that name the
file and line of what is wrong (a typo in one key must be found without reading a traceback)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""`${NAME}`: the value of the environment variable NAME, so a secret never sits in the file."""

Path = tuple[str | int, ...]


class StoreFileInvalid(ValueError):
    """A store file that cannot be used; `errors` are "file:line: what is wrong" lines."""

    def __init__(self, source: str, errors: list[str]) -> None:
        super().__init__(f"{source}: invalid store configuration\n  " + "\n  ".join(errors))
        self.source = source
        self.errors = errors


def parse_store_file(text: str, source: str, model: type[Model],
                     env: Mapping[str, str] | None = None) -> Model:
    """Validates the YAML text of one store file into `model`.

    Raises:
        StoreFileInvalid: YAML that does not parse, an unset `${VAR}`, or values the model
            refuses; every problem found, each with its line.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f"{mark.line + 1}" if mark is not None else "?"
        raise StoreFileInvalid(source, [f"{source}:{line}: not valid YAML"
                                        f" ({getattr(err, 'problem', None) or err})"]) from None
    lines: dict[Path, int] = {}
    problems: list[str] = []
    data = _value(root, (), lines, problems, source, os.environ if env is None else env)
    try:
        validated = model.model_validate(data if data is not None else {})
    except ValidationError as err:
        problems += [_located(e, lines, source) for e in err.errors()]
    if problems:
        raise StoreFileInvalid(source, sorted(problems, key=lambda p: _line_of(p, source)))
    return validated


def _line_of(problem: str, source: str) -> int:
    line = problem[len(source) + 1:].split(":", 1)[0]
    return int(line) if line.isdigit() else 0


def _value(node: yaml.Node | None, path: Path, lines: dict[Path, int], problems: list[str],
           source: str, env: Mapping[str, str]) -> Any:
    """The Python value of a YAML node, remembering each path's line and resolving
    `${VAR}` in strings."""
    if node is None:
        return None
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _value(value_node, (*path, key), lines, problems, source, env)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, (*path, i), lines, problems, source, env)
                for i, item in enumerate(node.value)]
    value = _scalar(node)
    if isinstance(value, str) and _ENV_REF.search(value):
        missing = [m.group(1) for m in _ENV_REF.finditer(value) if m.group(1) not in env]
        if missing:
            problems.append(f"{source}:{lines[path]}: environment variable"
                            f" {', '.join(missing)} is not set")
            return value
        value = _ENV_REF.sub(lambda m: env[m.group(1)], value)
    return value


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _located(error: Any, lines: dict[Path, int], source: str) -> str:
    """"file:line: a.b: message" for one pydantic error, the line of the deepest known key."""
    loc: Path = tuple(error["loc"])
    line = None
    for end in range(len(loc), -1, -1):
        if (line := lines.get(loc[:end])) is not None:
            break
    where = ".".join(str(p) for p in loc) or "(top)"
    return f"{source}:{line or '?'}: {where}: {error['msg']}"
