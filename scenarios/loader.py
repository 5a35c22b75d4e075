"""Load, validate and export scenario files (YAML or JSON, one schema), with errors a trainer can act on."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scenarios.graph import check_graph
from scenarios.messages import MESSAGES, Problem, message
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
    """One problem in one file: where it is and what to do (`message`, the English text of `code` and `params`,
    scenarios/messages.py)."""

    file: str
    line: int | None
    field: str | None
    message: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, file: str, line: int | None, field: str | None, code: str, /, **params: Any) -> ScenarioError:
        """The error of `code` with its English message."""
        return cls(file, line, field, message(code, **params), code, params)

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
    def __init__(self, code: str, line: int | None = None, **params: Any) -> None:
        super().__init__(message(code, **params))
        self.code, self.line, self.params = code, line, params

    def error(self, name: str) -> ScenarioError:
        return ScenarioError.of(name, self.line, None, self.code, **self.params)


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
        return None, [error.error(name)]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        return None, [_from_pydantic(name, e, lines) for e in error.errors()]
    problems = [_from_problem(name, problem, lines) for problem in check_graph(scenario)]
    return (None, problems) if problems else (scenario, [])


def load_data(
    text: str | bytes,
    name: str,
    model: type[M],
    *,
    top: str,
    check: Callable[[M], list[Problem]] | None = None,
) -> tuple[M | None, list[ScenarioError]]:
    """Parse and validate a file of another kind with the scenario files' rules (YAML or JSON, size and depth
    limits, no aliases or repeated fields) and the same errors, each with its line. `top` is the code of what the
    file must hold when it is not a set of fields; `check` finds problems the model cannot."""
    try:
        data, lines = _parse(text, name)
    except _FormatError as error:
        return None, [error.error(name)]
    if not isinstance(data, dict):
        return None, [ScenarioError.of(name, 1, None, top)]
    try:
        document = model.model_validate(data)
    except ValidationError as error:
        return None, [_from_pydantic(name, e, lines) for e in error.errors()]
    found = check(document) if check is not None else []
    problems = [_from_problem(name, problem, lines) for problem in found]
    return (None, problems) if problems else (document, [])


def load_file(path: Path) -> tuple[Scenario | None, list[ScenarioError]]:
    """Load one file; every problem (size, encoding, syntax, schema, links) becomes an error, never raised."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [ScenarioError.of(str(path), None, None, "file_too_large", size=size, limit=MAX_FILE_BYTES)]
        return load_text(path.read_bytes(), str(path))
    except OSError as error:
        return None, [ScenarioError.of(str(path), None, None, "file_unreadable", reason=str(error.strerror or error))]


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
            result.errors.append(ScenarioError.of(str(path), None, None, "no_such_file"))
            continue
        scenario, errors = load_file(path)
        result.errors.extend(errors)
        if scenario is None:
            continue
        if scenario.id in result.sources:
            first = result.sources[scenario.id]
            taken = ScenarioError.of(str(path), _id_line(path), "id", "scenario_id_taken", id=scenario.id, file=first)
            result.errors.append(taken)
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


def _parse(text: str | bytes, name: str) -> tuple[Any, dict[Path_, int]]:
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise _FormatError("file_too_large", size=len(text), limit=MAX_FILE_BYTES)
        if text.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise _FormatError("file_utf16")
        if b"\x00" in text:
            raise _FormatError("file_binary")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _FormatError("file_not_utf8", byte=error.start) from None
    if name.lower().endswith(".json"):
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise _FormatError("json_invalid", error.lineno, problem=error.msg, column=error.colno) from None
        except RecursionError:
            raise _FormatError("file_too_deep", depth=MAX_DEPTH) from None
    return _compose(text)


def _compose(text: str) -> tuple[Any, dict[Path_, int]]:
    loader = _Loader(text)
    try:
        for event in _events(loader):
            if isinstance(event, yaml.AliasEvent):
                raise _FormatError("yaml_alias", _line(event.start_mark))
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise _FormatError("yaml_invalid", line, problem=str(error.problem or error)) from None
    except yaml.YAMLError as error:
        raise _FormatError("yaml_invalid", problem=str(error)) from None
    except RecursionError:
        raise _FormatError("file_too_deep", depth=MAX_DEPTH) from None
    if node is None:
        raise _FormatError("file_empty")
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
            raise _FormatError("file_too_many_items", limit=MAX_EVENTS)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _FormatError("file_too_deep", _line(event.start_mark), depth=MAX_DEPTH)
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
                raise _FormatError("key_not_text", key_node.start_mark.line + 1, key=key)
            if key in out:
                raise _FormatError("key_twice", key_node.start_mark.line + 1, key=key)
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


def _from_problem(name: str, problem: Problem, lines: dict[Path_, int]) -> ScenarioError:
    field = field_name(problem.path)
    return ScenarioError.of(name, _line_of(lines, problem.path), field, problem.code, **problem.params)


def _from_pydantic(name: str, error: Any, lines: dict[Path_, int]) -> ScenarioError:
    """Pydantic's error type is the code, its context the params (a type without a text of its own: `invalid`)."""
    path: Path_ = tuple(error["loc"])
    kind, ctx = error["type"], dict(error.get("ctx") or {})
    line, field = _line_of(lines, path), field_name(path)
    if not path and kind in ("model_type", "dict_type", "model_attributes_type"):
        return ScenarioError.of(name, 1, None, "not_a_scenario")
    if kind == "too_short" and path[-1:] == ("references",):
        return ScenarioError.of(name, line, field, "references_too_few", **ctx)
    if kind == "literal_error":
        ctx["input"] = error["input"]
    if kind not in MESSAGES:
        return ScenarioError.of(name, line, field, "invalid", error=str(error["msg"]).removeprefix("Value error, "))
    params = {key: value for key, value in ctx.items() if isinstance(value, str | int | float | bool | None)}
    return ScenarioError(name, line, field, message(kind, **ctx), kind, params)
