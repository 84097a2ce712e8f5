"""A structured reply's body text in the buyer's language."""

from __future__ import annotations

from api.render.locales import en, pt
from balcao.messages import Reply

_LOCALES = {"pt": pt.TEMPLATES, "en": en.TEMPLATES}
_PERSUASION = {"pt": pt.PERSUASION, "en": en.PERSUASION}


def render_body(reply: Reply) -> str:
    """The body text of `reply`; a template missing from a locale is a programming error."""
    templates = _LOCALES.get(reply.lang, pt.TEMPLATES)
    try:
        template = templates[reply.template]
    except KeyError:
        raise ValueError(f"no {reply.lang!r} wording for template {reply.template!r}") from None
    text = template(reply.fields)
    if block := reply.fields.get("persuasion"):
        sentence = _PERSUASION.get(reply.lang, pt.PERSUASION)(block)
        text = f"{text}\n\n{sentence}" if text else sentence
    return text


def list_button_label(lang: str) -> str:
    """The label of the button that opens an interactive list."""
    return "See options" if lang == "en" else "Ver opções"
