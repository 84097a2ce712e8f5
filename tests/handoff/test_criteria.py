"""Escalation criteria, priority order and business hours: pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from balcao.escalation_config import BusinessHours, CriteriaConfig, EscalationConfig
from graphs.sales.signals import next_signals, settle, trouble
from tools.handoff.criteria import escalation_reasons
from tools.handoff.hours import is_open, next_opening
from tools.handoff.priority import priority
from tools.handoff.wait import pickup_deadline

ON = CriteriaConfig()


def reasons(intent: str = "search_product", cart: str = "0", vip: bool = False,
            criteria: CriteriaConfig = ON, **signals: object) -> list[str]:
    return escalation_reasons(criteria, intent=intent, signals=signals,
                              cart_value=Decimal(cart), vip=vip)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"intent": "human_agent"}, ["asked_for_human"]),
    ({"intent": "complaint"}, ["complaint"]),
    ({"negative_streak": 1}, []),
    ({"negative_streak": 2}, ["negative_sentiment"]),
    ({"not_understood_streak": 2}, []),
    ({"not_understood_streak": 3}, ["not_understood"]),
    ({"cart": "499.99", "checkout_stall": 2}, []),
    ({"cart": "500", "checkout_stall": 1}, []),
    ({"cart": "500", "checkout_stall": 2}, ["high_value_cart"]),
    ({"intent": "order_status", "problems": {"order_status": 2}}, []),
    ({"intent": "order_status", "problems": {"order_status": 3}}, ["repeated_problem"]),
    # Most urgent first.
    ({"intent": "complaint", "negative_streak": 2}, ["complaint", "negative_sentiment"]),
])
def test_each_criterion_fires_at_its_threshold(kwargs: dict, expected: list[str]) -> None:
    assert reasons(**kwargs) == expected


def test_a_vip_counts_every_streak_from_one() -> None:
    assert reasons(negative_streak=1, vip=True) == ["vip", "negative_sentiment"]
    assert reasons(cart="900", checkout_stall=1, vip=True) == ["vip", "high_value_cart"]
    assert reasons(vip=True) == []  # no trouble, no person
    assert reasons(negative_streak=1, vip=True, criteria=CriteriaConfig(vip=False)) == []


def test_each_criterion_can_be_switched_off() -> None:
    off = CriteriaConfig(asked_for_human=False, complaint=False, negative_sentiment=False,
                         not_understood=False, high_value_cart=False, repeated_problem=False)
    assert reasons("human_agent", criteria=off) == []
    assert reasons("complaint", negative_streak=5, not_understood_streak=5, cart="999",
                   checkout_stall=5, criteria=off, problems={"complaint": 9}) == []


def test_signals_count_consecutive_turns_and_reset() -> None:
    s = next_signals({}, intent="search_product", sentiment="negative", understood=True,
                     pending_question=None)
    s = next_signals(s, intent="other", sentiment="negative", understood=False,
                     pending_question=None)
    assert (s["negative_streak"], s["not_understood_streak"]) == (2, 1)
    s = next_signals(s, intent="greeting", sentiment="neutral", understood=True,
                     pending_question=None)
    assert (s["negative_streak"], s["not_understood_streak"]) == (0, 0)
    s = next_signals(s, intent="order_status", sentiment="neutral", understood=True,
                     pending_question="cep")
    s = next_signals(s, intent="order_status", sentiment="neutral", understood=True,
                     pending_question="cep")
    assert s["problems"] == {"order_status": 2} and s["checkout_stall"] == 1
    assert trouble(s, "order_status") and not trouble({}, "search_product")


def _asks(intent: str, replies: list[str]) -> dict:
    """The counters after the buyer asks `intent` once per reply, each reply as given."""
    s: dict = {}
    for template in replies:
        s = next_signals(s, intent=intent, sentiment="neutral", understood=True,
                         pending_question=None)
        s = settle(s, template) or s
    return s


def test_an_after_sale_ask_is_a_problem_only_when_it_was_not_answered() -> None:
    answered = _asks("order_status", ["order_tracking", "order_status", "which_order"])
    assert answered["problems"] == {"order_status": 0}
    fourth = next_signals(answered, intent="order_status", sentiment="neutral",
                          understood=True, pending_question=None)
    assert not trouble(fourth, "order_status")
    assert reasons("order_status", **fourth) == []
    # The same unresolved thing asked again and again: a person on the third ask.
    lost = _asks("order_status", ["order_not_found", "order_not_found"])
    third = next_signals(lost, intent="order_status", sentiment="neutral", understood=True,
                         pending_question=None)
    assert trouble(third, "order_status")
    assert reasons("order_status", **third) == ["repeated_problem"]
    # Settled once: a resumed turn's second reply takes nothing back again.
    cancel = next_signals({}, intent="cancel_order", sentiment="neutral", understood=True,
                          pending_question=None)
    done = settle(cancel, "order_cancelled")
    assert done is not None and done["problems"] == {"cancel_order": 0}
    assert settle(done, "order_cancelled") is None


def test_a_complaint_counts_whatever_the_reply() -> None:
    s = _asks("complaint", ["complaint_noted", "store_answer"])
    assert s["problems"] == {"complaint": 2} and trouble(s, "complaint")


NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # Monday 12:00 in São Paulo


def test_priority_orders_by_urgency_then_value_and_waiting_grows() -> None:
    complaint = priority("complaint", {"sentiment": "negative"}, NOW, NOW)
    asked = priority("asked_for_human", {}, NOW, NOW)
    rich = priority("asked_for_human", {"cart_value": "800", "orders": 4, "spend": "2000",
                                        "vip": True}, NOW, NOW)
    assert complaint.score > asked.score and rich.score > complaint.score
    waited = priority("asked_for_human", {}, NOW - timedelta(minutes=30), NOW)
    assert waited.score > complaint.score  # nobody waits forever behind newer ones
    assert waited.parts["waiting"] == 45.0


def test_business_hours_and_next_opening() -> None:
    hours = BusinessHours()
    assert is_open(hours, NOW)
    friday_night = datetime(2026, 11, 28, 0, 30, tzinfo=UTC)  # Fri 21:30 local
    assert not is_open(hours, friday_night)
    assert next_opening(hours, friday_night).isoformat() == "2026-11-28T09:00:00-03:00"
    saturday_afternoon = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # Sat 14:00 local
    assert next_opening(hours, saturday_afternoon).isoformat() == "2026-11-30T09:00:00-03:00"
    always = BusinessHours(week={d: ["00:00-24:00"] for d in
                                 ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
    assert is_open(always, friday_night)
    assert next_opening(BusinessHours(week={}), NOW) is None


def test_pickup_deadline_counts_from_the_opening() -> None:
    config = EscalationConfig(pickup_timeout_minutes=10)
    assert pickup_deadline(config, NOW) == NOW + timedelta(minutes=10)
    sunday = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert pickup_deadline(config, sunday).isoformat() == "2026-11-23T09:10:00-03:00"


@pytest.mark.parametrize("bad", ["9-18", "09:00-08:00", "25:00-26:00"])
def test_bad_hours_fail_when_the_store_file_loads(bad: str) -> None:
    with pytest.raises(ValueError):
        BusinessHours(week={"mon": [bad]})
    with pytest.raises(ValueError):
        BusinessHours(timezone="Mars/Olympus")
