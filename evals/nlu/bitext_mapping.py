"""How the 27 Bitext customer-service intents correspond to ours (docs/spec/nlu.md).

Bitext (tests/fixtures/bitext_customer_support/) is the outside yardstick: English
utterances written by others, never used for training. Only intents with a real counterpart
in a WhatsApp store are scored. `ACCEPTABLE` lists a second reading where Bitext's intent
honestly straddles two of ours; the strict score uses `MAPPING` alone.
"""

from __future__ import annotations

MAPPING: dict[str, str] = {
    "cancel_order": "cancel_order",
    "track_order": "order_status",
    "delivery_options": "shipping_question",   # "do you ship to Hungary?", shipping methods
    "delivery_period": "shipping_question",    # "how long does shipping take?"
    "check_payment_methods": "payment_question",
    "payment_issue": "payment_question",       # the spec puts payment problems here
    "check_refund_policy": "return_exchange",
    "get_refund": "return_exchange",
    "track_refund": "return_exchange",         # "I'm waiting for a refund of $12"
    "complaint": "complaint",                  # "I want to file a complaint"
    "contact_human_agent": "human_agent",
    "contact_customer_service": "human_agent",  # "how do I reach customer service?"
    "place_order": "add_to_cart",              # "I want to buy some of your products"
}

# Second readings that are also right for the buyer, reported as the lenient score.
ACCEPTABLE: dict[str, set[str]] = {
    # "when will my parcel arrive?" is as much about an existing order as about shipping.
    "delivery_period": {"order_status"},
    # "I want to purchase an item" may mean "close my purchase".
    "place_order": {"checkout", "search_product", "browse_catalog"},
    # "I'm waiting for a rebate of $1499" asks where a refund is, like order tracking.
    "track_refund": {"order_status"},
}

UNMAPPED: dict[str, str] = {
    "change_order": "editing a placed order has no intent of ours; the graph hands it to a "
                    "person",
    "change_shipping_address": "managing a saved address book; provide_info is giving the "
                               "address itself, which these messages do not",
    "set_up_shipping_address": "same as change_shipping_address",
    "check_cancellation_fee": "contract termination penalties; a store order has no contract",
    "check_invoice": "invoices are not part of the WhatsApp flow",
    "get_invoice": "invoices are not part of the WhatsApp flow",
    "create_account": "the store has no buyer accounts on WhatsApp",
    "delete_account": "no buyer accounts",
    "edit_account": "no buyer accounts",
    "switch_account": "no buyer accounts (Free/Pro/Gold plans)",
    "recover_password": "no buyer accounts, so no passwords",
    "registration_problems": "no sign-up on WhatsApp",
    "newsletter_subscription": "no newsletter intent",
    "review": "leaving feedback is neither a complaint nor a request we route",
}


def accepted(bitext_intent: str) -> set[str]:
    """All intents of ours that count as right for a Bitext intent (lenient score)."""
    return {MAPPING[bitext_intent], *ACCEPTABLE.get(bitext_intent, set())}
