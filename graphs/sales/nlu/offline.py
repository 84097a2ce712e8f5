"""The offline engine: rules for entities and context, a linear model for intents.

One implementation of the `Classifier` interface (types.py); an LLM-backed engine can
replace it behind the same `classify` signature.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import joblib

from graphs.sales.nlu.context import resolve
from graphs.sales.nlu.entities import extract_entities
from graphs.sales.nlu.guards import believable
from graphs.sales.nlu.language import detect_language
from graphs.sales.nlu.model import FORMAT_VERSION, MODEL_FILE_NAME, PACKAGE, LinearTextModel
from graphs.sales.nlu.sentiment import detect_sentiment
from graphs.sales.nlu.types import Classification, DialogueContext, Lang

# Social intents lose to a request in the same message ("oi, quero cancelar meu pedido"):
# each clause is classified alone and a confident request in any of them wins.
_SOCIAL = {"greeting", "thanks", "goodbye"}
_NOT_REQUESTS = _SOCIAL | {"affirm", "deny", "other"}
_REQUEST_MIN_PROBABILITY = 0.35
_CLAUSE_BREAK = re.compile(r"[,.!?;:\n]+")
# Longer messages add nothing but time; a WhatsApp message that long is a paste.
LONGEST_TEXT = 1000


class OfflineClassifier:
    """Classifies messages with no network and no LLM (docs/spec/nlu.md)."""

    def __init__(self, intent_model: LinearTextModel, language_model: LinearTextModel) -> None:
        self._intent_model = intent_model
        self._language_model = language_model
        self._english_index = language_model.labels.index("en")

    @classmethod
    def load(cls, path: Path | None = None) -> OfflineClassifier:
        """Load the model file shipped in the package (or another one, for tests).

        Raises:
            ValueError: When the file was written by an incompatible trainer.
        """
        if path is None:
            with resources.as_file(resources.files(PACKAGE).joinpath(MODEL_FILE_NAME)) as file:
                payload = joblib.load(file)
        else:
            payload = joblib.load(path)
        if payload.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported NLU model format {payload.get('format')!r}")
        return cls(LinearTextModel.from_payload(payload["intent"]),
                   LinearTextModel.from_payload(payload["language"]))

    def english_probability(self, text: str) -> float:
        """Probability that a message is English, from the character n-gram model."""
        return float(self._language_model.probabilities(text)[self._english_index])

    def intent_probabilities(self, text: str) -> dict[str, float]:
        """Model probabilities per intent (no rules applied)."""
        probabilities = self._intent_model.probabilities(text)
        return dict(zip(self._intent_model.labels, map(float, probabilities), strict=True))

    def classify(
        self, text: str, *, lang: Lang | None = None, context: DialogueContext | None = None
    ) -> Classification:
        """Classify one buyer message.

        Args:
            text: The message as typed.
            lang: Forces the language instead of detecting it.
            context: What the bot last asked or showed; resolves "2", "sim", bare CEPs.

        Returns:
            The intent, its confidence, normalized entities, sentiment and language.
        """
        text = (text or "")[:LONGEST_TEXT]
        detected = lang or detect_language(
            text,
            fallback=(context.last_lang if context and context.last_lang else "pt"),
            english_probability=self.english_probability,
            # Once a conversation has a language, only clear evidence changes it: a street
            # name, a product name or "PAC" keeps an English buyer in English.
            settled=bool(context and context.last_lang),
        )
        entities = extract_entities(
            text,
            pending=context.pending_question if context else None,
            list_size=context.last_list_size if context else 0,
        )
        resolution = resolve(text, entities, context)
        if resolution:
            intent, confidence = resolution.intent, resolution.confidence
            entities.update(resolution.entities)
        else:
            intent, confidence = self._model_intent(text)
        return Classification(
            intent=intent,
            confidence=round(min(max(confidence, 0.0), 1.0), 4),
            entities=entities,
            sentiment=detect_sentiment(text, intent),
            lang=detected,
        )

    def _model_intent(self, text: str) -> tuple[str, float]:
        probabilities = self.intent_probabilities(text)
        # The most likely intent the words can carry (guards.py): a budget is no call for a
        # person, a question no yes.
        best = max((i for i in probabilities if believable(i, text)),
                   key=probabilities.__getitem__)
        if best in _SOCIAL:
            clauses = [clause for clause in _CLAUSE_BREAK.split(text) if clause.strip()]
            for clause in clauses[1:] if len(clauses) > 1 else []:
                clause_probabilities = self.intent_probabilities(clause)
                request = max(clause_probabilities, key=clause_probabilities.__getitem__)
                if request not in _NOT_REQUESTS and \
                        clause_probabilities[request] >= _REQUEST_MIN_PROBABILITY:
                    return request, clause_probabilities[request]
        return best, probabilities[best]
