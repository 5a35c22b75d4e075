"""What the scenario validator says, by code: every problem in a file has a stable code and named params, and its
English text is the template here filled in (`message`). The service gives the same codes their Russian
(api/messages.py `FILE_RUSSIAN`). Codes of pydantic's error types (`missing`, `too_short`) are pydantic's own,
with its context as params."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic_core import PydanticCustomError

MESSAGES: dict[str, str] = {
    # pydantic's error types, worded for a file's author
    "extra_forbidden": (
        "unknown field: check the spelling; every field is listed under “Scenario file format” on the Scenarios page "
        "(docs/authoring.md)"
    ),
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
    "literal_error": "{input!r} is not allowed: use one of {expected}",
    "invalid": "{error}",  # a pydantic error type without a text of its own here: pydantic's words
    # the document's own rules (scenarios/schema.py)
    "not_a_scenario": "the file must hold one scenario: fields such as id:, title:, steps: at the top",
    "references_too_few": "needs at least two reference answers (good answers that differ in wording)",
    "red_flag_empty": "a red flag needs `phrases`, a `meaning`, or both",
    "custom_category_missing": "category `custom` needs `custom_category` to name it",
    "custom_category_unexpected": "`custom_category` is only for category `custom`",
    "endings_empty": "give the customer's last words for `won`, `lost`, or both",
    # the conversation (scenarios/graph.py)
    "end_reserved": "`end` is reserved for closing the conversation",
    "step_id_twice": "step id {id!r} is used twice in this scenario",
    "key_point_missing": "key point {point} does not exist: this step has {count}",
    "key_point_twice": "key point {point} is listed twice",
    "closing_line_twice": "`closing_line` is the won ending written the old way, and `endings.won` gives it too: "
    "keep `endings.won` and remove `closing_line`",
    "unknown_step": "points to step {target!r}, which this scenario does not have (step ids: {ids}; or `end`)",
    "pushback_unused": "the customer never says this push-back: a weak answer goes to {target!r} (follow_ups.weak); "
    "remove `pushback`, or remove `follow_ups.weak` so that a weak answer is pushed back on this step",
    "unreachable": "no path from the first step reaches step {id!r}: link it in follow_ups",
    "strong_loop": "strong answers go round in a loop ({path}): a strong answer must move the conversation on; "
    "send the strong branch of a step in the loop to a later step or to `end`",
    # the file (scenarios/loader.py)
    "file_too_large": "the file is {size:,} bytes; the limit is {limit:,} bytes: split it into several scenarios",
    "file_utf16": "the file is UTF-16: save it as UTF-8",
    "file_binary": "this is a binary file, not a YAML or JSON text file",
    "file_not_utf8": "the file is not valid UTF-8 (byte {byte}): save it as UTF-8",
    "json_invalid": "invalid JSON: {problem} (column {column})",
    "yaml_invalid": "invalid YAML: {problem}",
    "file_too_deep": "the file nests deeper than {depth} levels",
    "file_empty": "the file is empty",
    "file_too_many_items": "the file has more than {limit:,} YAML items: split it into several scenarios",
    "yaml_alias": "YAML anchors and aliases (& and *) are not allowed: write each value out",
    "key_not_text": "field names must be text, got {key!r}",
    "key_twice": "field {key!r} appears twice",
    "file_unreadable": "cannot read the file: {reason}",
    "no_such_file": "no such file or folder",
    "scenario_id_taken": "scenario id {id!r} is already used by {file}",
    # files of other kinds read with the same rules (the service's stop-phrase list)
    "not_a_stop_phrase_list": "the file must hold the stop-phrase list: `parry-stop-phrases: 1` and `phrases:` at "
    "the top",
    "phrase_twice": "{phrase!r} is listed twice (first as phrases[{first}])",
}


def message(code: str, **params: Any) -> str:
    """The English text of a code with its params."""
    return MESSAGES[code].format(**params)


def refusal(code: str) -> PydanticCustomError:
    """The error a model validator raises for a rule of its own: pydantic reports `code` as the error type."""
    return PydanticCustomError(code, MESSAGES[code])


@dataclass(frozen=True)
class Problem:
    """A problem found after validation: the path of the field to fix, a code and its params."""

    path: tuple[str | int, ...]
    code: str
    params: dict[str, Any] = field(default_factory=dict)
