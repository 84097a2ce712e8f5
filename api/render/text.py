"""A structured reply's body text, and the words of its options, in the buyer's language."""

from __future__ import annotations

from api.render.locales import en, pt
from balcao.messages import Reply

_LOCALES = {"pt": pt.TEMPLATES, "en": en.TEMPLATES}
_PERSUASION = {"pt": pt.PERSUASION, "en": en.PERSUASION}
_OPTIONS = {"pt": pt.OPTIONS, "en": en.OPTIONS}


def render_body(reply: Reply) -> str:
    """The body text of `reply`; a template missing from a locale is a programming error.

    The options the graph gave by `label` are worded too (see `word_options`), so a channel
    handed this reply after its body finds every option's `title` set.
    """
    word_options(reply)
    templates = _LOCALES.get(reply.lang, pt.TEMPLATES)
    try:
        template = templates[reply.template]
    except KeyError:
        raise ValueError(f"no {reply.lang!r} wording for template {reply.template!r}") from None
    text = template(reply.fields)
    if block := reply.fields.get("persuasion"):
        sentence = _PERSUASION.get(reply.lang, pt.PERSUASION)(block)
        text = f"{text}\n\n{sentence}" if text else sentence
    # A message with two asks is answered in one reply, the earlier ask's answer first.
    earlier = [render_body(Reply(template=part.template, fields=part.fields, lang=reply.lang))
               for part in reply.preface]
    return "\n\n".join(part for part in (*earlier, text) if part)


def word_options(reply: Reply) -> Reply:
    """Sets the title and description of each option given by `label`, in the reply's
    language, and returns the same reply. Options without a label keep their words; wording
    an option again gives the same words. A label missing from a locale is a programming
    error."""
    wordings = _OPTIONS.get(reply.lang, pt.OPTIONS)
    for option in reply.options:
        if option.label is None:
            continue
        try:
            wording = wordings[option.label]
        except KeyError:
            raise ValueError(f"no {reply.lang!r} wording for option {option.label!r}") from None
        option.title, option.description = wording(option.title, option.fields)
    return reply


def list_button_label(lang: str) -> str:
    """The label of the button that opens an interactive list."""
    return "See options" if lang == "en" else "Ver opções"
