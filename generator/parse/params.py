"""Parameter tables -> model.Param: names, normalised types, required flags.

Tables come in many scraped shapes; `find_param_table` picks the one that describes parameters and
`rows_from_flat_text` recovers rows from tables whose lines were run together.
"""

from __future__ import annotations

import re

from ..model import Param, Text
from .blocks import Block

_NAME_HEADERS = re.compile(r"^(name|parameter|参数|参数名|名称|字段|field)s?$", re.I)
_TYPE_HEADERS = re.compile(r"^(type|类型|数据类型)$", re.I)
_MAND_HEADERS = re.compile(r"^(mandatory|required|是否必需|是否必须|必需|必须|必选|是否必填|必填)$", re.I)
_DESC_HEADERS = re.compile(r"^(description|描述|说明|备注|remarks?)$", re.I)

_TYPE_WORD = (
    r"(?:LONG|STRING|ENUM|INT|INTEGER|DECIMAL|BIGDECIMAL|BOOLEAN|DOUBLE|FLOAT|NUMBER|ARRAY|LIST|JSON|OBJECT"
    r"|LIST\s*<\s*\w+\s*>|ARRAY\s*<\s*\w+\s*>|\w+\[\])"
)
_MAND_WORD = r"(?:YES|NO|TRUE|FALSE|EITHER(?:\s+OR\s+BOTH)?|CONDITIONAL|OPTIONAL|REQUIRED|是|否|Y|N)"
_FLAT_ROW = re.compile(
    r"(?:^|\s|\|)\s*`?([A-Za-z_][\w.\[\]]*)`?\s*\|\s*\**(" + _TYPE_WORD + r")\**\s*\|\s*\**(" + _MAND_WORD + r")\**\s*(?:\||$)",
    re.I,
)
_NO_PARAMS = re.compile(
    r"^\s*(\**\s*(none|na|n/a|无|nil|no parameters?( required)?\.?|无参数|不需要参数|没有参数)\s*\**\.?)\s*$", re.I
)

# (compiled once: a parameter table's cells are read thousands of times in a build)
_MARKS_AND_SPACES = re.compile(r"[*`\s]")
_LIST_OF = [re.compile(r"^(?:LIST|ARRAY)<(\w+)>$"), re.compile(r"^(\w+)\[\]$"), re.compile(r"^(?:LIST|ARRAY)OF(\w+?)S?$")]
_MAND_CELL = re.compile(_MAND_WORD, re.I)
_TYPE_CELL = re.compile(_TYPE_WORD, re.I)
_NAME_NOTE = re.compile(r"\s*\(.*\)$")
_NAME = re.compile(r"[A-Za-z_][\w.\[\]]*")


def _no_marks(text: str) -> str:
    """text without `*` and backticks."""
    return text.replace("*", "").replace("`", "")


_TYPE_MAP = {
    "LONG": "LONG", "INT": "INT", "INTEGER": "INT", "DECIMAL": "DECIMAL", "BIGDECIMAL": "DECIMAL",
    "DOUBLE": "DECIMAL", "FLOAT": "DECIMAL", "NUMBER": "DECIMAL", "STRING": "STRING", "BOOLEAN": "BOOLEAN",
    "BOOL": "BOOLEAN", "ENUM": "ENUM", "JSON": "JSON", "OBJECT": "JSON", "ARRAY": "LIST<STRING>",
    "LIST": "LIST<STRING>",
}


_BOLD_CELL = re.compile(r"^\*\*(.*)\*\*$")


def clean_cell(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\_", "_").replace("\\*", "*")
    if "<br" in text:
        text = text.replace("<br>", "\n").replace("<br/>", "\n")
    text = text.strip()
    if text.startswith("**"):
        text = _BOLD_CELL.sub(r"\1", text)
    return text.strip()


def normalise_type(raw: str) -> str:
    """`INTEGER` -> INT, `BIGDECIMAL` -> DECIMAL, `ARRAY` -> LIST<STRING>, `list<JSON>` -> LIST<JSON>."""
    t = _MARKS_AND_SPACES.sub("", raw).upper()
    m = _LIST_OF[0].match(t) or _LIST_OF[1].match(t) or _LIST_OF[2].match(t)
    if m:
        inner = _TYPE_MAP.get(m.group(1), "STRING")
        inner = "STRING" if inner.startswith("LIST") else inner
        return f"LIST<{inner}>"
    return _TYPE_MAP.get(t, "STRING" if t else "STRING")


def required_of(raw: str) -> tuple[bool, str | None]:
    """(required, mandatory word when it is not a plain YES/NO)."""
    w = _no_marks(raw).strip()
    up = w.upper()
    if up in ("YES", "TRUE", "Y", "是", "REQUIRED", "必需", "必须", "必填"):
        return True, None if up in ("YES",) else w
    if up in ("NO", "FALSE", "N", "否", "OPTIONAL", "非必需", "非必须", ""):
        return False, None if up in ("NO", "") else w
    return False, w


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    for k, cell in enumerate(header):
        c = _no_marks(cell).strip()
        if pattern.match(c):
            return k
    return None


def is_param_table(rows: list[list[str]]) -> bool:
    if not rows:
        return False
    header = rows[0]
    if _column(header, _NAME_HEADERS) is None:
        return False
    return _column(header, _TYPE_HEADERS) is not None or _column(header, _MAND_HEADERS) is not None


def params_from_table(block: Block) -> list[Param]:
    """Params of a pipe table whose header names the columns (Name/Type/Mandatory/Description)."""
    rows = block.rows
    header = rows[0]
    name_c = _column(header, _NAME_HEADERS) or 0
    type_c = _column(header, _TYPE_HEADERS)
    mand_c = _column(header, _MAND_HEADERS)
    desc_c = _column(header, _DESC_HEADERS)
    if type_c is None and mand_c is None:
        return []
    if mand_c is None and len(header) >= 4:
        mand_c = 2  # typo headers such as `名称 | 类型 | 类型 | 描述`
    if desc_c is None:
        desc_c = len(header) - 1 if len(header) > 3 else None
    ncol = len(header)
    out: list[Param] = []
    flat_rows = []
    for k, row in enumerate(rows[1:], start=1):
        line = block.row_lines[k] if k < len(block.row_lines) else block.line
        if len(row) > ncol + 2:
            # several rows run together on one line
            flat_rows.extend(rows_from_flat_text(" | ".join(row), line))
            continue
        cells = row + [""] * (ncol - len(row))
        name = _param_name(cells[name_c])
        if not name:
            continue
        type_raw = clean_cell(cells[type_c]) if type_c is not None else ""
        mand_raw = clean_cell(cells[mand_c]) if mand_c is not None else ""
        if type_c is not None and mand_c is not None and not _MAND_CELL.fullmatch(_no_marks(mand_raw)):
            # a row that lost a cell: find type and mandatory words among the cells
            type_raw, mand_raw = _guess_cells(cells[1:])
        desc = clean_cell(" | ".join(cells[desc_c:])) if desc_c is not None and desc_c < len(cells) else ""
        desc = desc.strip(" |")
        out.append(_make(name, type_raw, mand_raw, desc, line))
    out.extend(_make(*r) for r in flat_rows)
    return out


def _guess_cells(cells: list[str]) -> tuple[str, str]:
    t, m = "", ""
    for c in cells:
        s = _no_marks(c).strip()
        if not t and _TYPE_CELL.fullmatch(s):
            t = s
        elif not m and _MAND_CELL.fullmatch(s):
            m = s
    return t, m


def _param_name(cell: str) -> str:
    name = clean_cell(cell).strip("`* ").replace("\\", "")
    name = _NAME_NOTE.sub("", name)
    if not _NAME.fullmatch(name):
        return ""
    return name


def _make(name: str, type_raw: str, mand_raw: str, desc: str, line: int) -> Param:
    t = normalise_type(type_raw) if type_raw else "STRING"
    required, mandatory = required_of(mand_raw)
    raw_clean = _MARKS_AND_SPACES.sub("", type_raw)
    p = Param(name=name, type=t, required=required, mandatory=mandatory, line=line)
    if raw_clean and raw_clean != t:
        p.type_raw = raw_clean
    if desc:
        p.description = Text(en=desc)
    return p


def rows_from_flat_text(text: str, line: int) -> list[tuple[str, str, str, str, int]]:
    """Rows of a table whose lines were run together: `a | LONG | NO | desc b | STRING | YES | ...`."""
    text = text.replace("｜", "|").replace("\\", "")
    matches = list(_FLAT_ROW.finditer(text))
    rows = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        desc = text[m.end():end].strip(" |")
        rows.append((m.group(1), m.group(2), m.group(3), desc, line))
    return rows


def flat_params(text: str, line: int) -> list[Param]:
    return [_make(*r) for r in rows_from_flat_text(text, line)]


def says_no_params(text: str) -> bool:
    return bool(_NO_PARAMS.match(text))
