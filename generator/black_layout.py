"""The few shapes of code specgen writes in black's own layout, recognised so that black need not run
on them: a method of a product's client class, a response TypedDict class, the async class, and a
module constant holding a triple-quoted string (the table of ENDPOINTS, which changes with any
endpoint: a one-page rebuild then needs no black at all).

black's output for these shapes is fixed by a handful of facts about the text: every code line fits
in 88 columns, strings are already in double quotes, a signature is on one line where it fits, else
its parameters on one line of their own where they fit, else it ends its last parameter with a comma
(black's "magic trailing comma" keeps it one parameter per line), a parameter too long for its line
is split at its brackets as black splits it (param_lines), a docstring has no trailing spaces, tabs,
backslashes or quote at either end and is indented as black indents it. A block that matches the
shape exactly and meets every one of these conditions is one black leaves as it is; anything else
(a quote in an enum value, a comment black would move) goes to black.
tests/test_blockwise.py runs black on every such block of the fixture and the committed packages and
expects no change, and on the hostile and fuzz pages the build compares with black on whole files.
"""

from __future__ import annotations

import re

LINE_LENGTH = 88

# one physical line of code: printable ASCII, no quote but the double quote, no backslash, no tab
_CODE = re.compile(r"[ -&(-\[\]-~]*")
_DEF = re.compile(r"    (?:async )?def [A-Za-z_][A-Za-z0-9_]*\($")
_PARAM = re.compile(r"        (?:\*\*)?[A-Za-z_][A-Za-z0-9_]*(?:: [^=#]+?(?: = None)?)?,$|        [*/],$")
_ONE_PARAM = re.compile(r"(?:\*\*)?[A-Za-z_][A-Za-z0-9_]*(?:: [^=#]+?(?: = None)?)?|[*/]")
_DEF_LINE = re.compile(r"    def [A-Za-z_][A-Za-z0-9_]*\((self, .*)\) -> [A-Za-z_][A-Za-z0-9_.\[\], |]*:$")
_RETURN = re.compile(r"    \) -> [A-Za-z_][A-Za-z0-9_.\[\], |]*:$")
_BODY = re.compile(r'        return (?:await )?self\._call\("[A-Za-z_][A-Za-z0-9_]*", locals\(\)\)$')
_CLASS = re.compile(r"class [A-Za-z_][A-Za-z0-9_]*\(TypedDict, total=False\):$")
_FIELD = re.compile(r"    [A-Za-z_][A-Za-z0-9_]*: [A-Za-z_][A-Za-z0-9_.\[\], |]*(?:  # (?!type:)\S.*)?$")
_ALIAS = re.compile(r"[A-Za-z_][A-Za-z0-9_]* = [A-Za-z_][A-Za-z0-9_.\[\], |]*$")
_COMMENT = re.compile(r"# (?!type:)\S.*$")
_FIELD_COMMENT = re.compile(r"    #: \S.*$")
# characters str.splitlines() breaks a line at besides \n: black reads docstrings with it
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _fits(line: str) -> bool:
    return len(line) <= LINE_LENGTH and line.isascii()


def _code(line: str) -> bool:
    return _fits(line) and _CODE.fullmatch(line) is not None


def leaves_alone(kind: str, text: str) -> bool:
    """Whether black would give back `text` (a piece of blockwise.block_plan) unchanged."""
    if not text.endswith("\n") or _OTHER_BREAKS.search(text) or "\t" in text:
        return False
    lines = text[:-1].split("\n")
    if kind == "method":
        return _method(lines)
    if kind == "top":
        return (_typed_dict(lines) or _awaited_class(lines) or _string_constant(lines)
                or (len(lines) == 1 and _ALIAS.match(lines[0]) is not None and _code(lines[0])))
    return False


def _after_comments(lines: list[str]) -> int | None:
    """The index of the first line after the block's leading comment lines, or None when one of them is
    not as black writes it."""
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        if not (_COMMENT.match(lines[i]) and lines[i] == lines[i].rstrip()):
            return None
        i += 1
    return i


_STRING_OPEN = re.compile(r'[A-Za-z_][A-Za-z0-9_]* = """$')
_STRING_LINE = re.compile(r"[ -\[\]-~]*")  # printable ASCII but the backslash


def _string_constant(lines: list[str]) -> bool:
    """# comment\nNAME = \"\"\"\n...\n\"\"\": a module constant holding a triple-quoted string
    (ENDPOINTS' table): black keeps a string's lines as they are, whatever their length."""
    i = _after_comments(lines)
    if i is None or i >= len(lines) - 1 or not (_STRING_OPEN.match(lines[i]) and _code(lines[i])) or lines[-1] != '"""':
        return False
    return all(_STRING_LINE.fullmatch(line) and '"""' not in line for line in lines[i + 1:-1])


_ASYNC_CLASS = re.compile(r"class [A-Za-z_][A-Za-z0-9_]*\(AsyncNamespace\):$")
_OPS = re.compile(r"    _ops = [A-Za-z_][A-Za-z0-9_]*\._ops$")
_AWAITED = re.compile(r"    [A-Za-z_][A-Za-z0-9_]* = awaited\([A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\)$")
_AWAITED_OPEN = re.compile(r"    [A-Za-z_][A-Za-z0-9_]* = awaited\($")
_AWAITED_ARG = re.compile(r"        [A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")


def _awaited_class(lines: list[str]) -> bool:
    """class AsyncXApi(AsyncNamespace):\n    \"\"\"doc\"\"\"\n\n    _ops = XApi._ops\n\n    name = awaited(XApi.name)...
    where a line that would pass 88 columns is split as black splits it (`= awaited(`, the argument,
    `)`), and one that fits is not."""
    if not lines or not (_ASYNC_CLASS.match(lines[0]) and _code(lines[0])):
        return False
    try:
        end = lines.index('    """', 1)
    except ValueError:
        return False
    if not _docstring(lines[1:end + 1], 4):
        return False
    rest = lines[end + 1:]
    if len(rest) < 3 or rest[0] != "" or not _OPS.match(rest[1]) or rest[2] != "":
        return False
    i = 3
    while i < len(rest):
        if _AWAITED.match(rest[i]) and _code(rest[i]):
            i += 1
        elif (_AWAITED_OPEN.match(rest[i]) and i + 2 < len(rest) and _AWAITED_ARG.match(rest[i + 1])
              and rest[i + 2] == "    )" and all(_code(x) for x in rest[i:i + 3])
              and len(rest[i]) + len(rest[i + 1].strip()) + 1 > LINE_LENGTH):
            i += 3
        else:
            return False
    return i > 3


def _method(lines: list[str]) -> bool:
    """A method of a product's class: its signature (see _signature_end), an optional docstring, then
    `return self._call("name", locals())`."""
    i = _signature_end(lines)
    if i is None or i >= len(lines):
        return False
    if i < len(lines) - 1:  # a docstring between the signature and the body
        if not _docstring(lines[i:-1], 8):
            return False
        i = len(lines) - 1
    return _BODY.match(lines[i]) is not None and _code(lines[i])


_OPTIONAL = " | None = None"
_SPLIT_TYPES = ("Literal[", "Sequence[Literal[")  # the annotations param_lines splits


def param_lines(param: str) -> list[str]:
    """black's layout of one parameter of a signature written one parameter per line: `        name: T,`
    where that fits. Else a required parameter splits at its annotation's outer brackets
    (`name: Literal[` / the values / `],`), and an optional one puts its annotation in parentheses
    (`name: (` / `Literal[...] | None` / `) = None,`), `| None` on a line of its own when the two do
    not fit on one. Inside brackets, the values stay on one line where they fit, else one per line,
    each with a comma; a single nested type splits the same way. Measured in characters: for ASCII
    code, black's own measure (tests/test_blockwise.py compares with black)."""
    line = "        " + param + ","
    if len(line) <= LINE_LENGTH or ": " not in param:
        return [line]
    name, _, annotation = param.partition(": ")
    if not annotation.startswith(_SPLIT_TYPES):
        return [line]  # a shape tests/test_blockwise.py does not compare with black: left to black
    if annotation.endswith(_OPTIONAL):
        union = annotation[: -len(_OPTIONAL)]
        if 12 + len(union) + len(" | None") <= LINE_LENGTH:
            inner = [" " * 12 + union + " | None"]
        else:
            inner = _expression_lines(union, 12, "") + [" " * 12 + "| None"]
        return ["        " + name + ": ("] + inner + ["        ) = None,"]
    if not annotation.endswith("]"):
        return [line]
    return _bracket_lines(name + ": ", annotation, 8, ",")


def _expression_lines(text: str, indent: int, suffix: str) -> list[str]:
    if indent + len(text) + len(suffix) <= LINE_LENGTH or not text.endswith("]"):
        return [" " * indent + text + suffix]
    return _bracket_lines("", text, indent, suffix)


def _bracket_lines(prefix: str, text: str, indent: int, suffix: str) -> list[str]:
    """`prefix` + text split at text's outer brackets: `Head[` / the contents one level deeper / `]`."""
    head, _, rest = text.partition("[")
    body, deeper = rest[:-1], indent + 4
    items = _top_level_items(body)
    if len(items) == 1:
        inner = _expression_lines(body, deeper, "")
    elif deeper + len(body) <= LINE_LENGTH:
        inner = [" " * deeper + body]
    else:
        inner = [" " * deeper + item + "," for item in items]
    return [" " * indent + prefix + head + "["] + inner + [" " * indent + "]" + suffix]


def _top_level_items(text: str) -> list[str]:
    """`"A", "B", 3` -> its comma-separated items, commas inside brackets and strings kept."""
    return [item.strip() for item in _split_at_commas(text) or [text]]


def _split_at_commas(text: str) -> list[str] | None:
    """`text` split at the commas outside brackets and strings (each part as written, the space after
    a comma included); None when its brackets or quotes do not close."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts if depth == 0 and not quoted else None


def _joined_param(lines: list[str]) -> str:
    """The one-line text of a parameter black split over `lines` (param_lines in reverse)."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and not text.endswith(("[", "(")) and not line.startswith(("]", ")")):
            text += " "
        text += line
    text = text.replace(",]", "]")[:-1]  # black's commas after exploded values; the parameter's own
    name, _, annotation = text.partition(": ")
    if annotation.startswith("(") and annotation.endswith(") = None"):
        annotation = annotation[1: -len(") = None")] + " = None"
    return name + ": " + annotation


def signature_layout(opening: str, parameters: str, closing: str) -> str:
    """How black lays out a method's signature, `opening` + `parameters` + `closing` (`    def name(`,
    `self, /, *, a: T`, `) -> R:`): "line" when it fits in one line; else "hug" when the parameters fit
    in one line of their own, between `opening` and `    ` + `closing`; else "exploded", one parameter
    per line (each ending in a comma)."""
    if len(opening) + len(parameters) + len(closing) <= LINE_LENGTH:
        return "line"
    return "hug" if 8 + len(parameters) <= LINE_LENGTH else "exploded"


def _signature_end(lines: list[str]) -> int | None:
    """The index of the line after a method's signature laid out as black lays it out, else None:
    all on the `def` line where that fits; else the parameters on one line of their own where that
    fits (`def name(` / `self, /, *, a: T, **unknown: NoReturn` / `) -> R:`); else one parameter per
    line, each ending in a comma (black's magic trailing comma keeps those apart)."""
    if not lines or not _code(lines[0]):
        return None
    one_line = _DEF_LINE.match(lines[0])
    if one_line:
        return 1 if _parameters_as_written(one_line.group(1)) else None
    if len(lines) < 3 or not _DEF.match(lines[0]):
        return None
    if lines[1].startswith("        self, "):
        hugged = (_code(lines[1]) and _RETURN.match(lines[2]) is not None and _code(lines[2])
                  and signature_layout(lines[0], lines[1][8:], lines[2][4:]) == "hug"
                  and _parameters_as_written(lines[1][8:]))
        return 3 if hugged else None
    if lines[1] != "        self,":
        return None
    i = 2
    while i < len(lines) and lines[i].startswith("        ") and not lines[i].startswith("         "):
        if _PARAM.fullmatch(lines[i]) and _code(lines[i]):
            i += 1
            continue
        # a parameter black splits over lines: deeper lines, then its closing bracket at this depth
        j = i + 1
        while j < len(lines) and lines[j].startswith("         "):
            j += 1
        group = lines[i:j + 1]
        if (j >= len(lines) or not lines[j].startswith(("        ]", "        )")) or len(group) < 3
                or not all(_code(line) for line in group) or param_lines(_joined_param(group)) != group):
            return None
        i = j + 1
    if i >= len(lines) or not (_RETURN.match(lines[i]) and _code(lines[i])):
        return None
    return i + 1


def _parameters_as_written(text: str) -> bool:
    """Whether `self, /, *, a: T, ...` (no trailing comma) is parameters as black writes them: split at
    the commas outside brackets and strings, each followed by one space, each a parameter."""
    parts = _split_at_commas(text)
    if parts is None or parts[0] != "self":
        return False
    rest = parts[1:]
    return (all(part[:1] == " " and part[1:2] != " " for part in rest)
            and all(_ONE_PARAM.fullmatch(part) for part in [parts[0], *(p[1:] for p in rest)]))


def _docstring(doc: list[str], indent: int) -> bool:
    """A docstring at `indent` columns, from the opening quotes to the closing quotes' own line, as
    black leaves it: no trailing space or backslash, no quote against either end, closing quotes alone,
    and every line after the first at least that deep with one at exactly that depth (black re-indents
    a docstring to its own indentation)."""
    pad = " " * indent
    if len(doc) < 2 or not re.match(pad + r'"""[^\s"\\]', doc[0]) or doc[-1] != pad + '"""':
        return False
    if any(line != line.rstrip() or "\\" in line for line in doc[:-1]):
        return False
    if any('"""' in line for line in doc[1:-1]):
        return False
    if doc[0].endswith('"') or '"""' in doc[0][indent + 3:] or (len(doc) > 2 and doc[-2].endswith('"')):
        return False
    body = [line for line in doc[1:-1] if line]
    if any(not line.startswith(pad) for line in body):
        return False
    return not (body and all(line.startswith(pad + " ") for line in body))


def _typed_dict(lines: list[str]) -> bool:
    """# comment\\nclass Name(TypedDict, total=False):\\n    field: T  # comment"""
    i = _after_comments(lines)
    if i is None or i >= len(lines) - 1 or not (_CLASS.match(lines[i]) and _code(lines[i])):
        return False
    for line in lines[i + 1:]:
        if line.startswith("    #"):  # a field's comment on the line above it
            if not (_FIELD_COMMENT.match(line) and line == line.rstrip()):
                return False
            continue
        if not _FIELD.match(line) or line != line.rstrip() or len(line) > LINE_LENGTH:
            return False
        code = line.split("  # ", 1)[0]
        if not _code(code) or (line != code and not _comment_fits(line)):
            return False
    return True


def _comment_fits(line: str) -> bool:
    """A field line with its comment: black measures East Asian wide characters as two columns."""
    from .naming import width

    return width(line) <= LINE_LENGTH
