"""LanguageTool's HTTP API v2 (``/v2/check``, ``/v2/languages``) over newslint, for clients that speak it
(LTeX, LanguageTool's browser add-on, language_tool_python).

Offsets and lengths are UTF-16 code units, as LanguageTool's Java server counts them. With ``data`` (annotated
text), markup is not linted (``interpretAs`` stands in for it) and offsets count over the whole annotated text,
markup included, as LanguageTool does. ``level=default`` reports errors and warnings; ``level=picky`` adds the
suggestions (statistical checks, house-style hints), which an editor underlining as one types would show too often.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from lint import __version__
from lint.document import Document
from lint.finding import LEVELS, Finding
from lint.offsets import OffsetMap
from lint.readers import Parsed
from lint.readers.plain import plain_paragraphs
from lint.report import CATEGORY_LABELS
from lint.rules import Rule, RuleError

LANGUAGE = {"name": "Chinese", "code": "zh-CN"}
LANGUAGE_CODES = {"zh-cn", "zh", "auto"}
CONTEXT = 40  # characters of context either side, as LanguageTool
# newslint category -> LanguageTool issue type (ITS 2.0 localization quality issue types)
ISSUE_TYPES = {"typo": "misspelling", "punctuation": "typographical", "layout": "typographical",
               "number": "inconsistency", "tone": "style", "term": "style", "style": "style",
               "script": "misspelling", "directive": "other"}
# Rules whose issue is better named by a more specific type.
RULE_ISSUE_TYPES = {"layout.stray-space": "whitespace", "layout.invisible-char": "whitespace",
                    "style.han-latin-spacing": "whitespace", "style.spacing-consistency": "whitespace",
                    "script.traditional": "locale-violation", "script.fullwidth-latin": "typographical"}
# Categories whose findings need the whole sentence or paragraph (an editor may hide them while one types).
CONTEXT_CATEGORIES = {"layout", "tone", "number"}


def _build_date() -> str:
    t = os.path.getmtime(Path(__file__).parent.parent / "__init__.py")
    return time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime(t))


BUILD_DATE = _build_date()


def bad_request(message: str) -> Response:
    """LanguageTool answers parameter errors with 400 and a plain-text message."""
    return PlainTextResponse(f"Error: {message}", status_code=400)


async def languages(request: Request) -> Response:
    return JSONResponse([{"name": LANGUAGE["name"], "code": "zh", "longCode": LANGUAGE["code"]}])


def _csv(params: Mapping[str, Any], key: str) -> list[str]:
    raw = params.get(key)
    if not isinstance(raw, str):
        return []
    return [x.strip() for x in raw.split(",") if x.strip()]


def annotated_document(data: str) -> Document:
    """A Document from LanguageTool's annotated text: text parts are linted, markup parts are replaced by their
    ``interpretAs`` (or nothing); the source is the whole annotated text, so offsets map back into it."""
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"'data' is not valid JSON: {exc}") from None
    parts = obj.get("annotation") if isinstance(obj, dict) else None
    if not isinstance(parts, list):
        raise ValueError("'data' must be a JSON object with an 'annotation' list")
    source: list[str] = []
    text: list[str] = []
    omap = OffsetMap()
    pos = 0
    for i, part in enumerate(parts):
        if not isinstance(part, dict):
            raise ValueError(f"'data': annotation item {i} is not an object")
        if isinstance(part.get("text"), str):
            s = part["text"]
            omap.copy(pos, len(s))
            text.append(s)
        elif isinstance(part.get("markup"), str):
            s = part["markup"]
            interpret = part.get("interpretAs", "")
            if not isinstance(interpret, str):
                raise ValueError(f"'data': interpretAs of annotation item {i} is not a string")
            omap.replace(pos, pos + len(s), len(interpret))
            text.append(interpret)
        else:
            raise ValueError(f"'data': annotation item {i} needs a 'text' or a 'markup' string")
        source.append(s)
        pos += len(s)
    plain, full = "".join(text), "".join(source)
    for s in (plain, full):
        s.encode("utf-8")  # a lone surrogate: ValueError (UnicodeError)
    parsed = Parsed(plain, plain_paragraphs(plain), source=full, offsets=omap)
    return Document.from_parsed(parsed, "-", "plain")


def selection(params: Mapping[str, Any], known: list[Rule]) -> dict[str, Any]:
    """The request config for LanguageTool's rule parameters. Unknown ids are ignored, as LanguageTool does;
    categories may be given as LanguageTool writes them (TYPO) or as newslint does (typo)."""
    categories = {r.category for r in known}

    def rule_ids(items: list[str]) -> list[str]:
        return [i for i in items if i != "ALL" and any(r.matches(i) for r in known)]

    def cats(items: list[str]) -> list[str]:
        return [i.lower() for i in items if i.lower() in categories]

    enabled = rule_ids(_csv(params, "enabledRules")) + cats(_csv(params, "enabledCategories"))
    disabled = rule_ids(_csv(params, "disabledRules")) + cats(_csv(params, "disabledCategories"))
    mapping: dict[str, Any] = {}
    if str(params.get("enabledOnly", "")).lower() == "true":
        mapping["select"] = enabled
    elif enabled:
        mapping["extend-select"] = enabled
    if disabled:
        mapping["ignore"] = disabled
    return mapping


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _first_sentence(s: str) -> str:
    line = s.strip().split("\n", 1)[0]
    return line.split(". ", 1)[0].rstrip(".")


def match_dict(doc: Document, f: Finding, rule: Rule | None) -> dict[str, Any]:
    """One finding as a LanguageTool match (offsets in UTF-16 units of the whole submitted text)."""
    source = doc.source_text
    a, b = doc.to_source(f.offset, f.end_offset)
    idx = doc.source_index
    offset, end = idx.utf16(a), idx.utf16(b)
    start = max(0, a - CONTEXT)
    stop = min(len(source), b + CONTEXT)
    before = ("..." if start > 0 else "") + source[start:a]
    context = (before + source[a:stop] + ("..." if stop < len(source) else "")).replace("\n", " ")
    sentence = doc.sentence_at(f.offset)
    if sentence is not None:
        sent = doc.text[sentence.start:sentence.end].strip()
    else:
        para = doc.paragraph_at(f.offset)
        sent = doc.text[doc.paragraphs[para].start:doc.paragraphs[para].end] if para is not None else ""
    label = CATEGORY_LABELS["zh"].get(f.category, f.category)
    description = _first_sentence(rule.description) if rule is not None and rule.description else label
    needs_context = f.category in CONTEXT_CATEGORIES or f.level == "suggestion"
    return {
        "message": f.message,
        "shortMessage": label,
        "replacements": [{"value": s} for s in f.suggestions],
        "offset": offset,
        "length": end - offset,
        "context": {"text": context, "offset": _utf16_len(before), "length": end - offset},
        "sentence": sent,
        "type": {"typeName": "UnknownWord" if f.category == "typo" else
                 "Hint" if f.level == "suggestion" else "Other"},
        "rule": {
            "id": f.rule,
            "description": description,
            "issueType": RULE_ISSUE_TYPES.get(f.rule, ISSUE_TYPES.get(f.category, "uncategorized")),
            "category": {"id": f.category.upper(), "name": label},
        },
        "ignoreForIncompleteSentence": needs_context,
        "contextForSureMatch": -1 if needs_context else 0,
    }


def response(doc: Document, findings: list[Finding], rules: dict[str, Rule], confidence: float) -> dict[str, Any]:
    return {
        "software": {"name": "newslint", "version": __version__, "buildDate": BUILD_DATE, "apiVersion": 1,
                     "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {**LANGUAGE, "detectedLanguage": {**LANGUAGE, "confidence": confidence}},
        "matches": [match_dict(doc, f, rules.get(f.rule)) for f in findings],
    }


def han_share(text: str) -> float:
    """Share of Han characters among letters: the confidence that the text is Chinese."""
    han = letters = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f":
                han += 1
    return round(han / letters, 2) if letters else 1.0


async def check(request: Request) -> Response:
    from lint.server.app import Service, config_key

    service: Service = request.app.state.service
    params: dict[str, Any] = {}
    if request.method == "POST":
        # LanguageTool reads any POST body but multipart as a form, whatever its Content-Type: LTeX sends its
        # form with "Content-Type: application/json".
        if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            try:
                form: FormData = await request.form()
            except Exception as exc:  # a malformed form body (python-multipart raises its own types)
                return bad_request(f"could not read the form body: {exc}")
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        else:
            try:
                params.update(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True))
            except UnicodeDecodeError:
                return bad_request("the form body is not UTF-8")
    params.update(request.query_params)  # the query's parameters win, as in LanguageTool
    lang = params.get("language")
    if not lang:
        return bad_request("Missing 'language' parameter")
    if lang.strip().lower().replace("_", "-") not in LANGUAGE_CODES:
        return bad_request(f"'{lang}' is not a language code known to this server: newslint checks Simplified "
                           "Chinese only (zh-CN, zh or auto)")
    text, data = params.get("text"), params.get("data")
    if text is None and data is None:
        return bad_request("Missing 'text' or 'data' parameter")
    if text is not None and data is not None:
        return bad_request("Set only one of the parameters 'text' or 'data'")
    level = params.get("level", "default")
    if level not in ("default", "picky"):
        return bad_request(f"Unknown level '{level}' (default or picky)")
    if len((text if text is not None else data or "").encode("utf-8", "surrogatepass")) > service.settings.max_body:
        return bad_request(f"text over the {service.settings.max_body} byte limit")
    mapping = selection(params, service.rules)
    if mapping.get("select") == []:
        return bad_request("enabledOnly=true needs enabledRules or enabledCategories naming newslint rules")
    key = config_key(mapping)
    min_level = LEVELS["suggestion" if level == "picky" else "warning"]

    def job() -> tuple[int, bytes]:
        try:
            session = service.linters.get(key, mapping)
        except RuleError as exc:
            return 400, f"Error: {exc}".encode()
        try:
            if text is not None:
                text.encode("utf-8")
                doc = Document.from_text(text, "-", "plain")
            else:
                doc = annotated_document(data or "")
        except ValueError as exc:  # UnicodeError included
            return 400, f"Error: {exc}".encode()
        result = session.lint_document(doc, fix=False)
        _, linter = session.linter_for("-")
        rules = {r.id: r for r in linter.rules}
        kept = [f for f in result.findings if LEVELS[f.level] >= min_level]
        return 200, json.dumps(response(result.doc, kept, rules, han_share(doc.text)),
                               ensure_ascii=False).encode("utf-8")

    out = await service.lint(job)
    if out.status_code == 400:
        return PlainTextResponse(bytes(out.body).decode("utf-8"), status_code=400)
    return out
