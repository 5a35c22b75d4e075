"""Reports as XLSX workbooks that open in Excel: headers and status words in the interface language, dates as
dates, numbers as numbers, the header row frozen and an auto-filter over the table."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from api.services.reports.export import Table, Word

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60

# Column headers and status words in Russian (the English text is the key); the interface's words (locales/ru.js).
RUSSIAN: dict[str, str] = {
    # headers
    "rep": "Менеджер",
    "email": "E-mail",
    "team": "Команда",
    "status": "статус",
    "expires": "действует до",
    "answers": "Ответов",
    "scenario": "Сценарий",
    "step": "Шаг",
    "category": "Категория",
    "customer line": "Реплика клиента",
    "reps": "Менеджеров",
    "mean score": "Средний балл",
    "pass rate": "Доля сданных",
    "week": "Неделя",
    "practice answers": "Ответов на тренировках",
    "test answers": "Ответов в тестах",
    "active reps": "Активных менеджеров",
    "mean practice score": "Средний балл на тренировках",
    "time": "Время",
    "kind": "Вид",
    "score": "Балл",
    "final score": "Итоговый балл",
    "passed": "Сдан",
    "disputed": "Апелляция",
    "answer": "Ответ",
    "source": "Источник",
    "label": "Название",
    "phrase": "Фраза",
    "last used": "Последний раз",
    "words said": "Сказанные слова",
    "disputes": "Апелляций",
    "samples": "Образцов",
    "pairs": "Пар",
    "mean abs difference": "Среднее расхождение",
    "spearman": "Спирмен",
    "behind now": "Отстаёт сейчас",
    "answers per day": "Ответов в день",
    "days per week": "Дней в неделю",
    "mastered per week": "Освоено в неделю",
    "days met": "Дней с нормой",
    "days with norm": "Дней с нормативом",
    "weeks met": "Недель с нормой",
    "weeks with norm": "Недель с нормативом",
    "mastered": "Освоено возражений",
    "plan": "План ввода",
    "start": "Начало",
    "probation end": "Конец испытательного срока",
    "behind on": "Отстаёт по программе",
    "days late": "Дней просрочки",
    "tracks done": "Программ пройдено",
    "tracks": "Программ в плане",
    "on_plan": "по плану",
    "behind": "отстаёт",
    "done": "выполнен",
    "attention": "Внимание",
    "certified tracks": "Сертифицирован по программам",
    "assigned tracks": "Назначено программ",
    "norm": "Норматив",
    "weakest objections": "Самые слабые возражения",
    "on_track": "в норме",
    "none": "нет норматива",
    # the delivery report (api/services/delivery_report.py)
    "delivery": "Подача",
    "level": "Уровень",
    "spoken answers": "Ответов голосом",
    "median words per minute": "Слов в минуту (медиана)",
    "median fillers per minute": "Слов-паразитов в минуту (медиана)",
    "median longest pause s": "Самая долгая пауза, с (медиана)",
    "talk time min": "Время речи, мин",
    "within norms": "В пределах норм",
    "all": "все",
    "no team": "без команды",
    # the weekly team summary (api/services/weekly_summary.py): sheets, headers, figures
    "summary": "Сводка",
    "certification changes": "Изменения сертификации",
    "norm attainment": "Выполнение нормативов",
    "behind plan": "Отстают от плана ввода",
    "figure": "Показатель",
    "value": "Значение",
    "track": "Программа",
    "change": "Изменение",
    "practice days": "Дней с тренировкой",
    "week's norm": "Норматив недели",
    "norm now": "Норматив сейчас",
    "week from": "Неделя с",
    "week to": "Неделя по",
    "certified on every assigned track": "Сертифицированы по всем назначенным программам",
    "not certified": "Не сертифицированы",
    "new certificates": "Выдано сертификатов",
    "failed tests": "Не сдано тестов",
    "certificates expiring": "Сертификатов начали истекать",
    "certificates expired": "Сертификатов истекло",
    "with a norm this week": "С нормативом на неделе",
    "met the week's norm": "Выполнили норматив недели",
    "behind the norm now": "Отстают от норматива сейчас",
    "new hires on a plan": "Новичков на плане ввода",
    "new hires behind plan": "Новичков отстают от плана",
    "every team": "все команды",
    "met": "выполнен",
    "missed": "не выполнен",
    # status words
    "certified": "сертифицирован",
    "expiring": "истекает",
    "expired": "истёк",
    "failed": "не сдан",
    "in_progress": "в процессе",
    "not_started": "не начато",
    "not_assigned": "не назначено",
    "practice": "тренировка",
    "test": "тест",
    "company": "стоп-фраза компании",
    "tone": "тон",
    "yes": "да",
    "no": "нет",
    "price": "Цена",
    "competitor": "Конкурент / текущий поставщик",
    "timing": "Не время",
    "authority": "Не принимает решение",
    "no_need": "Нет потребности",
    "trust": "Доверие",
    "send_info": "«Пришлите информацию»",
    "think_about_it": "«Я подумаю»",
    "custom": "Своя категория",
}
ENGLISH: dict[str, str] = {
    "in_progress": "in progress",
    "not_started": "not started",
    "not_assigned": "not assigned",
    "company": "company",
    "step": "step",
    "no_need": "no need",
    "on_plan": "on plan",
    "send_info": "send me something",
    "think_about_it": "I'll think about it",
    "on_track": "on track",
    "none": "no norm",
}


class Label(Word):
    """A row's label (a figure's name in a summary): written as a header, in the interface language."""

    __slots__ = ()


# "step" as a status word (a step's own red flag) and as a header read differently in Russian
_RUSSIAN_WORDS = {**RUSSIAN, "step": "стоп-фраза шага"}


def word(text: str, language: str) -> str:
    """A status word in `language`."""
    return (_RUSSIAN_WORDS if language == "ru" else ENGLISH).get(text, text)


def header(text: str, language: str) -> str:
    """A column header in `language`; "Track: status" keeps the track's name and translates the rest."""
    if language != "ru":
        return text[:1].upper() + text[1:] if text else text
    name, colon, rest = text.rpartition(": ")
    if colon:
        return f"{name}: {RUSSIAN.get(rest, rest)}"
    return RUSSIAN.get(text, word(text, language))


def translated(table: Table, *, language: str) -> Table:
    """The table with its headers, row labels, status words and yes/no in `language`, as the workbook writes them
    (for a CSV in a Russian interface); English keeps the table's own words."""
    if language != "ru":
        return table
    return dataclasses.replace(
        table,
        header=[header(h, language) for h in table.header],
        rows=[[_word(v, language) for v in row] for row in table.rows],
    )


def _word(value: Any, language: str) -> Any:
    if isinstance(value, bool):
        return word("yes" if value else "no", language)
    if isinstance(value, Label):
        return header(str(value), language)
    if isinstance(value, Word):
        return word(str(value), language)
    return value


def to_xlsx(table: Table, *, language: str, title: str | None = None) -> bytes:
    """The table as a one-sheet workbook."""
    return to_workbook([table], language=language, titles=[title or table.name])


def to_workbook(tables: list[Table], *, language: str, titles: list[str] | None = None) -> bytes:
    """The tables as a workbook of a sheet each, named by `titles` (by default each table's name in `language`)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table, title in zip(tables, titles or [header(t.name, language) for t in tables], strict=True):
        _sheet(book.create_sheet(_sheet_title(title)), table, language)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """At most 31 characters, none of those Excel refuses in a sheet's name."""
    return "".join(" " if c in "[]:*?/\\" else c for c in title)[:31]


def _sheet(sheet: Any, table: Table, language: str) -> None:
    sheet.append([header(h, language) for h in table.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            _write(sheet.cell(row=number, column=column), value, language)
    sheet.freeze_panes = f"{get_column_letter(1 + table.freeze_columns)}2"
    last = get_column_letter(max(len(table.header), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    _widths(sheet, table, language)


def _write(cell: Cell | MergedCell, value: Any, language: str) -> None:
    if isinstance(value, bool | Word):  # yes/no, a status word or a row's label, in the interface language
        cell.value = _word(value, language)
    elif isinstance(value, datetime):
        cell.value = value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones: UTC, as the reports
        cell.number_format = "dd.mm.yyyy hh:mm" if language == "ru" else "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "dd.mm.yyyy" if language == "ru" else "yyyy-mm-dd"
    elif isinstance(value, int | float) or value is None:
        cell.value = value
    else:
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters XLSX cannot hold (a user's text)
        cell.data_type = "s"  # text, never a formula, whatever it starts with


def _widths(sheet: Any, table: Table, language: str) -> None:
    for column, name in enumerate(table.header, start=1):
        values = [header(name, language), *(str(row[column - 1] or "") for row in table.rows[:200])]
        width = min(MAX_WIDTH, max(len(v) for v in values) + 2)
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 8)
