"""Load, validate and export scenario files (YAML or JSON, one schema), with errors a trainer can act on."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scenarios.graph import check_graph
from scenarios.schema import Scenario

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_EVENTS = 20_000  # a large scenario has a few thousand; more means a generated or hostile file
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: same results, faster
SUFFIXES = (".yaml", ".yml", ".json")

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ScenarioError:
    """One problem in one file: where it is and what to do."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


@dataclass
class LoadResult:
    """Scenarios that loaded and the errors of those that did not."""

    scenarios: list[Scenario] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # scenario id -> file
    errors: list[ScenarioError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file was valid."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: scenarios by id and every error."""
        return {"scenarios": [s.id for s in self.scenarios], "errors": [asdict(e) for e in self.errors]}


class _FormatError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def field_name(path: Iterable[str | int]) -> str:
    """('steps', 2, 'references') -> 'steps[2].references'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_text(text: str | bytes, name: str) -> tuple[Scenario | None, list[ScenarioError]]:
    """Parse and validate one file's content; `name` is the file name used in errors."""
    try:
        data, lines = _parse(text, name)
    except _FormatError as error:
        return None, [ScenarioError(name, error.line, None, error.message)]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        return None, [_from_pydantic(name, e, lines) for e in error.errors()]
    problems = [
        ScenarioError(name, _line_of(lines, path), field_name(path), message) for path, message in check_graph(scenario)
    ]
    return (None, problems) if problems else (scenario, [])


def load_data(
    text: str | bytes,
    name: str,
    model: type[M],
    *,
    top: str,
    check: Callable[[M], list[tuple[Path_, str]]] | None = None,
) -> tuple[M | None, list[ScenarioError]]:
    """Parse and validate a file of another kind with the scenario files' rules (YAML or JSON, size and depth
    limits, no aliases or repeated fields) and the same errors, each with its line. `top` says what the file must
    hold when it is not a set of fields; `check` finds problems the model cannot (field path, message)."""
    try:
        data, lines = _parse(text, name)
    except _FormatError as error:
        return None, [ScenarioError(name, error.line, None, error.message)]
    if not isinstance(data, dict):
        return None, [ScenarioError(name, 1, None, top)]
    try:
        document = model.model_validate(data)
    except ValidationError as error:
        return None, [_from_pydantic(name, e, lines) for e in error.errors()]
    found = check(document) if check is not None else []
    problems = [ScenarioError(name, _line_of(lines, path), field_name(path), message) for path, message in found]
    return (None, problems) if problems else (document, [])


def load_file(path: Path) -> tuple[Scenario | None, list[ScenarioError]]:
    """Load one file; every problem (size, encoding, syntax, schema, links) becomes an error, never raised."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [ScenarioError(str(path), None, None, _too_big(size))]
        return load_text(path.read_bytes(), str(path))
    except OSError as error:
        return None, [ScenarioError(str(path), None, None, f"cannot read the file: {error.strerror or error}")]


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Scenario files under the given files or folders, sorted, folders searched recursively."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        else:
            yield path


def load_paths(paths: Iterable[Path]) -> LoadResult:
    """Load every file under `paths`; one bad file never stops the others. Duplicate ids are errors."""
    result = LoadResult()
    for path in iter_files(paths):
        if not path.exists():
            result.errors.append(ScenarioError(str(path), None, None, "no such file or folder"))
            continue
        scenario, errors = load_file(path)
        result.errors.extend(errors)
        if scenario is None:
            continue
        if scenario.id in result.sources:
            first = result.sources[scenario.id]
            result.errors.append(
                ScenarioError(
                    str(path), _id_line(path), "id", f"scenario id {scenario.id!r} is already used by {first}"
                )
            )
            continue
        result.scenarios.append(scenario)
        result.sources[scenario.id] = str(path)
    return result


def _id_line(path: Path) -> int | None:
    """The line of the top-level `id` field (YAML `id:` or JSON `"id":`)."""
    pattern = re.compile(r'^(?:id|\s*"id")\s*:')
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def builtin_library() -> Path:
    """The folder of the scenarios that ship with Parry."""
    return Path(__file__).parent / "library"


def dump(scenario: Scenario, fmt: str = "yaml") -> str:
    """Serialise a scenario so that loading the text gives back an equal scenario."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "yaml":
        raise ValueError(f"unknown export format {fmt!r}: use yaml or json")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _too_big(size: int) -> str:
    return f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes: split it into several scenarios"


def _parse(text: str | bytes, name: str) -> tuple[Any, dict[Path_, int]]:
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise _FormatError(_too_big(len(text)))
        if text.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise _FormatError("the file is UTF-16: save it as UTF-8")
        if b"\x00" in text:
            raise _FormatError("this is a binary file, not a YAML or JSON text file")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _FormatError(f"the file is not valid UTF-8 (byte {error.start}): save it as UTF-8") from None
    if name.lower().endswith(".json"):
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise _FormatError(f"invalid JSON: {error.msg} (column {error.colno})", error.lineno) from None
        except RecursionError:
            raise _FormatError(f"the file nests deeper than {MAX_DEPTH} levels") from None
    return _compose(text)


def _compose(text: str) -> tuple[Any, dict[Path_, int]]:
    loader = _Loader(text)
    try:
        for event in _events(loader):
            if isinstance(event, yaml.AliasEvent):
                raise _FormatError(
                    "YAML anchors and aliases (& and *) are not allowed: write each value out",
                    _line(event.start_mark),
                )
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise _FormatError(f"invalid YAML: {error.problem or error}", line) from None
    except yaml.YAMLError as error:
        raise _FormatError(f"invalid YAML: {error}") from None
    except RecursionError:
        raise _FormatError(f"the file nests deeper than {MAX_DEPTH} levels") from None
    if node is None:
        raise _FormatError("the file is empty")
    lines: dict[Path_, int] = {}
    return _to_python(loader, node, (), lines, 0), lines


def _line(mark: Any) -> int | None:
    return int(mark.line) + 1 if mark is not None else None


def _events(loader: Any) -> Iterator[yaml.Event]:
    depth = count = 0
    while loader.check_event():
        event = loader.get_event()
        count += 1
        if count > MAX_EVENTS:
            raise _FormatError(f"the file has more than {MAX_EVENTS:,} YAML items: split it into several scenarios")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _FormatError(f"the file nests deeper than {MAX_DEPTH} levels", _line(event.start_mark))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        yield event


def _to_python(loader: Any, node: yaml.Node, path: Path_, lines: dict[Path_, int], depth: int) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                raise _FormatError(f"field names must be text, got {key!r}", key_node.start_mark.line + 1)
            if key in out:
                raise _FormatError(f"field {key!r} appears twice", key_node.start_mark.line + 1)
            out[key] = _to_python(loader, value_node, (*path, key), lines, depth + 1)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(loader, item, (*path, i), lines, depth + 1) for i, item in enumerate(node.value)]
    return loader.construct_object(node)


def _line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


_MESSAGES = {
    "extra_forbidden": "unknown field: check the spelling; docs/authoring.md lists every field",
    "missing": "this field is required",
    "string_too_short": "must not be empty",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "has too many items (at most {max_length})",
    "string_too_long": "is too long (at most {max_length} characters)",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "greater_than": "must be more than {gt}",
    "string_type": "must be text: put it in quotes (YAML reads no, yes, numbers and dates as other types)",
    "list_type": "must be a list: write each item on its own line starting with `- `, or [a, b]",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number, without a fraction",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be a set of fields (name: value lines)",
    "model_type": "must be a set of fields (name: value lines)",
    "model_attributes_type": "must be a set of fields (name: value lines)",
    "string_pattern_mismatch": "must be a lowercase id: letters a-z, digits, - and _ (for example price-objection)",
}


def _from_pydantic(name: str, error: Any, lines: dict[Path_, int]) -> ScenarioError:
    path: Path_ = tuple(error["loc"])
    kind, ctx = error["type"], error.get("ctx") or {}
    if not path and kind in ("model_type", "dict_type", "model_attributes_type"):
        return ScenarioError(
            name, 1, None, "the file must hold one scenario: fields such as id:, title:, steps: at the top"
        )
    if kind == "literal_error":
        message = f"{error['input']!r} is not allowed: use one of {ctx.get('expected', '')}"
    elif kind in _MESSAGES:
        message = _MESSAGES[kind].format(**ctx)
        if kind == "too_short" and path[-1:] == ("references",):
            message = "needs at least two reference answers (good answers that differ in wording)"
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
    return ScenarioError(name, _line_of(lines, path), field_name(path), message)
