"""Reading untrusted webhook JSON: typed field access whose errors name a path, never a value."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


class MalformedPayload(ValueError):
    """A webhook body that is not a WhatsApp Business Account payload we can read.

    Attributes:
        reason: What was wrong and where, e.g. `entry[0].changes[0].value.messages[1]:
            missing 'id'`. Built only from paths, key names and type names, so it is
            safe to log: it never carries phone numbers, names or message text.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _kind_of(value: Any) -> str:
    """A JSON type name with its article, for reasons (the type, never the value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "an unknown value"


def require_str(obj: dict[str, Any], key: str, path: str) -> str:
    """Returns a required, non-empty string field.

    Raises:
        MalformedPayload: When the key is missing, empty or not a string.
    """
    if key not in obj or obj[key] is None:
        raise MalformedPayload(f"{path}: missing '{key}'")
    value = obj[key]
    if not isinstance(value, str):
        raise MalformedPayload(f"{path}: '{key}' is {_kind_of(value)}, expected a string")
    if not value:
        raise MalformedPayload(f"{path}: '{key}' is empty")
    return value


def require_list(obj: dict[str, Any], key: str, path: str) -> list[Any]:
    """Returns a required array field.

    Raises:
        MalformedPayload: When the key is missing or not an array.
    """
    if key not in obj:
        raise MalformedPayload(f"{path}: missing '{key}'")
    value = obj[key]
    if not isinstance(value, list):
        raise MalformedPayload(f"{path}: '{key}' is {_kind_of(value)}, expected an array")
    return value


def optional_list(obj: dict[str, Any], key: str, path: str) -> list[Any]:
    """Returns an array field that may be absent (then empty), but not of another type.

    Raises:
        MalformedPayload: When the key is present with a non-array value.
    """
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedPayload(f"{path}: '{key}' is {_kind_of(value)}, expected an array")
    return value


def require_object(value: Any, path: str) -> dict[str, Any]:
    """Returns `value` if it is a JSON object.

    Raises:
        MalformedPayload: When it is anything else.
    """
    if not isinstance(value, dict):
        raise MalformedPayload(f"{path}: is {_kind_of(value)}, expected an object")
    return value


def optional_str(obj: Any, key: str) -> str | None:
    """A string field, or None when absent or of another type (optional fields are lenient)."""
    if not isinstance(obj, dict):
        return None
    value = obj.get(key)
    return value if isinstance(value, str) else None


def optional_bool(obj: Any, key: str) -> bool | None:
    """A boolean field, or None when absent or of another type."""
    if not isinstance(obj, dict):
        return None
    value = obj.get(key)
    return value if isinstance(value, bool) else None


def require_number(obj: dict[str, Any], key: str, path: str) -> float:
    """Returns a required numeric field as a float (coordinates, not money).

    Raises:
        MalformedPayload: When the key is missing or not a number.
    """
    if key not in obj:
        raise MalformedPayload(f"{path}: missing '{key}'")
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise MalformedPayload(f"{path}: '{key}' is {_kind_of(value)}, expected a number")
    return float(value)


def require_int(obj: dict[str, Any], key: str, path: str) -> int:
    """Returns a required integer field (a quantity).

    Raises:
        MalformedPayload: When the key is missing or not a whole number.
    """
    if key not in obj:
        raise MalformedPayload(f"{path}: missing '{key}'")
    value = obj[key]
    if isinstance(value, bool):
        raise MalformedPayload(f"{path}: '{key}' is a boolean, expected an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    raise MalformedPayload(f"{path}: '{key}' is {_kind_of(value)}, expected an integer")


def decimal_string(value: Any) -> str | None:
    """A price as a plain decimal string exactly as WhatsApp wrote it, or None.

    The body is parsed with `parse_float=Decimal`, so `30.50` arrives as `Decimal("30.50")`
    and keeps its digits; a float would turn it into `30.5` or worse.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            return None
        return format(parsed, "f") if parsed.is_finite() else None
    if isinstance(value, Decimal) and value.is_finite():
        # "f" avoids exponent notation ("1E+2") while keeping the digits given.
        return format(value, "f")
    return None


def plain(value: Any) -> Any:
    """Deep-copies passthrough JSON with Decimals turned back into ordinary numbers.

    Only money needs exact digits; blobs we pass along (errors, shared contacts) should
    look like ordinary JSON to whoever stores or logs them.
    """
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def object_list(values: list[Any]) -> list[dict[str, Any]]:
    """The JSON objects of an array, made plain; other items are dropped."""
    return [plain(v) for v in values if isinstance(v, dict)]
