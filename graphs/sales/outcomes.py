"""The shape of `outcome`: what this turn's action node did, which `respond` turns into a reply.

Every key but `kind` is a field of the reply's template, so an outcome holds only plain JSON
(money as strings). Which keys a kind sets is listed on each key.
"""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import TypedDict

from graphs.sales.basket_types import BasketFields
from graphs.sales.checkout_types import Address, Discount, ShippingChoice
from graphs.sales.state_types import ShownItem, Suggestion

OutcomeKind = Literal[
    # retrieve, recommend
    "search_results", "no_results", "product_detail", "catalog_overview", "basket",
    # cart
    "added", "choose_variant", "which_product", "position_out_of_range", "product_gone",
    "out_of_stock", "not_enough_stock", "removed", "which_cart_item", "cart_summary",
    "cart_empty", "swapped", "swap_unavailable", "order_reconciled", "added_items",
    "quantity_set",
    # checkout
    "ask_name", "confirm_last_address", "ask_cep", "invalid_cep", "ask_address",
    "invalid_address", "choose_shipping", "choose_payment", "order_summary",
    "checkout_cancelled", "prices_changed", "stock_shortage",
    # payment and orders
    "payment_link", "payment_failed", "payment_unavailable", "payment_confirmed",
    "payment_expired", "payment_failed_sold_out", "order_already_paid", "order_status",
    "no_orders", "payment_received", "payment_not_received",
    # questions about the store (retrieve, from its configuration and knowledge)
    "store_answer",
    # questions about a product, or two compared (retrieve, from their catalog data)
    "product_answer", "product_comparison",
    # escalate, await_human
    "handoff_waiting", "handoff_unavailable", "complaint_noted", "message_left",
    "handoff_returned", "handoff_timed_out", "handoff_withdrawn",
    # privacy (a buyer's "apaga meus dados")
    "erasure_confirm", "erasure_scheduled", "erasure_kept", "erasure_noted",
    # after the sale (graphs/sales/aftersale)
    "order_tracking", "order_not_found", "which_order", "which_items", "ask_new_address",
    "aftersale_summary", "order_cancelled", "order_changed", "aftersale_requested",
    "cannot_cancel", "cannot_change", "not_delivered_yet", "window_closed",
    "change_needs_person", "variant_unavailable", "aftersale_kept", "reordered",
    "nothing_to_reorder", "difference_link", "difference_paid", "difference_unpaid",
    "difference_pending",
]
"""Every outcome kind; each is also the template id of its reply."""


class CartViewLine(TypedDict):
    """A cart line as a reply shows it."""

    sku: str
    """The line's sku (a variant's when sold by variant)."""
    name: str
    """The product's name."""
    variant: dict[str, str]
    """The variant's attributes; empty for a product without variants."""
    quantity: int
    """Units."""
    unit_price: str
    """Price per unit."""
    total: str
    """Quantity times unit price."""


class CartView(TypedDict):
    """The cart as a reply shows it."""

    lines: list[CartViewLine]
    """Its lines, oldest first."""
    subtotal: str
    """The sum of the lines."""
    currency: str
    """The cart's currency, e.g. "BRL"."""
    items: int
    """Units in the cart."""


class AddedLine(TypedDict):
    """The line an add put in the cart."""

    sku: str
    """The sku added (a variant's when sold by variant)."""
    name: str
    """The product's name."""
    variant: dict[str, str]
    """The variant's attributes; empty for a product without variants."""
    quantity: int
    """Units added."""
    unit_price: str
    """Price per unit."""


class ItemProblem(TypedDict, total=False):
    """An item of a message naming several that could not be added (added_items)."""

    reason: str
    """"out_of_stock", "not_enough_stock", "product_gone", "position_out_of_range" (no such
    position in the list), "choose_variant" (its option is asked after this one's) or
    "which_product" (several products fit the words)."""
    name: str
    """The product's name (the words said, when no product was found)."""
    variant: str
    """The option asked that is sold out, e.g. "38 / rosa"."""
    available: int
    """Units in stock (not_enough_stock)."""
    quantity: int
    """The line's units now (quantity_set)."""
    candidates: list[str]
    """Names of the products that fit (which_product)."""


class ReconciledItem(TypedDict):
    """An item of a WhatsApp cart that went into ours."""

    sku: str
    """The sku added."""
    name: str
    """The product's name."""
    quantity: int
    """Units added."""


class Repriced(TypedDict):
    """An item of a WhatsApp cart whose price is not the one WhatsApp showed."""

    name: str
    """The product's name."""
    price: str
    """Our price."""


class Category(TypedDict):
    """A catalog category to browse."""

    name: str
    """The category; `search:<name>` taps it."""
    count: int
    """Products in it."""


class ProductDetail(ShownItem):
    """A product's detail: its list summary plus what the detail shows."""

    description: str | None
    """The catalog's description."""
    image_url: str | None
    """The product's image."""
    stock: int | None
    """Units in stock; None when stock is not tracked."""


class SummaryLine(TypedDict):
    """A line of the order summary."""

    name: str
    """The product's name."""
    variant: dict[str, str]
    """The variant's attributes."""
    quantity: int
    """Units."""
    total: str
    """The line's total after re-reading prices."""


class PaymentChoice(TypedDict):
    """A payment method offered."""

    id: str
    """The method's id; `pay:<id>` taps it."""
    name: str
    """The method's name, e.g. "PIX"."""


class WaitFields(TypedDict, total=False):
    """How long until a person answers (`tools.handoff.wait.wait_fields`)."""

    open_now: bool
    """The team is working now."""
    wait_minutes: int
    """Expected wait (open only)."""
    ahead: int
    """Conversations waiting before this one (open only)."""
    opens_weekday: int
    """When the team opens next: weekday, 0 is Monday (closed only)."""
    opens_time: str
    """When the team opens next: "HH:MM" (closed only)."""
    opens_today: bool
    """The team opens later today (closed only)."""


# "from" is a Python keyword: these two keys need the functional form.
_SwapSides = TypedDict("_SwapSides", {"from": dict[str, str], "to": dict[str, str]},
                       total=False)


class NotOffered(TypedDict):
    """A carrier named that no shipping option is, with the fastest delivery there is."""

    carrier: str
    """As the buyer named it ("Sedex")."""
    fastest: ShippingChoice | None
    """The delivery option with the fewest days, if any."""


class RefundView(TypedDict):
    """A refund as a reply shows it."""

    provider: str
    """The provider that gives it back ("pix", "stripe", "mercadopago", "sandbox",
    "store_credit"); the reply says how long that method takes."""
    amount: str
    """How much."""
    status: str
    """"pending" (asked, on its way), "done" or "failed"."""


class AftersaleFields(TypedDict, total=False):
    """What the after-sale kinds carry besides `order`, `orders`, `lines`, `address`,
    `shipping`, `version`, `confirm_id`, `reason`, `added_lines`, `unavailable`, `cart`."""

    task: str
    """"cancel", "change_address", "change_variant", "return" or "exchange" (which_order,
    which_items, aftersale_summary, order_changed, aftersale_requested, change_needs_person,
    aftersale_kept, cannot_change)."""
    number: str
    """The order number the buyer named (order_not_found): the buyer's own words, so
    nothing about any order is revealed."""
    refunds: list[RefundView]
    """Money going back and through which provider (aftersale_summary of a paid order,
    order_cancelled, order_changed, aftersale_requested)."""
    swaps: list[dict[str, Any]]
    """Lines changing variant: `{"name", "from", "to", "price"}` (aftersale_summary,
    order_changed)."""
    difference: str
    """New total minus the old one (aftersale_summary, order_changed, change_needs_person)."""
    deadline: str
    """The last day of the policy window, ISO date (aftersale_summary of a return or
    exchange; window_closed)."""
    days: int
    """The policy window in days (window_closed, aftersale_summary)."""
    wanted: dict[str, str]
    """The size or colour asked for that no variant in stock has: `{"size": "G"}`
    (variant_unavailable; empty when none was said)."""


class Outcome(_SwapSides, WaitFields, AftersaleFields, BasketFields, total=False):
    """What this turn's action node did; empty until one did something.

    `from` and `to` (swapped): the attributes of the variant before and after the swap.
    `open_now` … `opens_today` (handoff_waiting): see `WaitFields`.
    """

    kind: OutcomeKind
    """What happened; also the reply's template id."""
    status: Literal["answered", "unknown"]
    """Whether the store's data answered (store_answer), or the product's (product_answer)."""
    facts: list[dict[str, str]]
    """The product's data that answers the question: `{"name", "value"}`, an attribute (its
    key), a clause of its description ("description"), its colours or sizes in stock, its
    price ("price") (product_answer)."""
    missing: list[str]
    """Topics asked that the product's data does not mention ("warranty", "water", …)
    (product_answer)."""
    option: dict[str, Any]
    """A colour or size asked for: `{"name", "value", "available", "sold_out"}`
    (product_answer)."""
    products: list[ShownItem]
    """The two products compared (product_comparison)."""
    differences: list[dict[str, Any]]
    """Attributes (and colours, sizes in stock) that differ: `{"name", "values": [a, b]}`
    (product_comparison)."""
    same: list[dict[str, str]]
    """Attributes both have alike: `{"name", "value"}` (product_comparison)."""
    pick: dict[str, Any]
    """When asked which to take: `{"sku", "name", "reason": "fits" | "cheaper", "because":
    [clauses of its data], "saving"}`, or `{"reason": "tie"}` (product_comparison)."""
    text: str
    """The answer, in the buyer's language, saying only what the data says (store_answer)."""
    sources: list[str]
    """The knowledge documents the answer came from (store_answer)."""
    cheaper_than: dict[str, str]
    """The product in view when the buyer asked for something cheaper: `{name, price}`
    (search_results: the cheaper ones; no_results: none is cheaper)."""
    not_offered: NotOffered
    """A carrier the buyer asked for that the store does not offer, and its fastest
    delivery instead (choose_shipping)."""
    answer: str
    """The answer to a store question asked along with a search (search_results,
    no_results): "tem tênis 42? e o frete pra 22041-001?"."""
    query: str
    """The words searched (search_results, no_results)."""
    items: list[ShownItem]
    """The products found (search_results)."""
    suggestions: list[Suggestion]
    """Products close to the query (no_results, after recommend)."""
    categories: list[Category]
    """Categories to browse (catalog_overview; no_results after recommend)."""
    product: ProductDetail
    """The product asked about (product_detail; product_answer: its list summary)."""
    variants: list[ShownItem]
    """The variants in stock to choose from (product_detail, choose_variant)."""
    sold_out: str
    """The options asked that are sold out, e.g. "43 / azul", when the variants offered are
    the nearest ones in stock (choose_variant)."""
    name: str
    """A product's name (choose_variant, out_of_stock, not_enough_stock, removed, swapped),
    or the buyer's (order_summary)."""
    count: int
    """How many items the last list had (which_product, position_out_of_range)."""
    available: int
    """Units in stock (not_enough_stock)."""
    offered: bool
    """Those units are offered instead: a yes adds them (not_enough_stock)."""
    quantity: int
    """The line's units now (quantity_set)."""
    line: AddedLine
    """The line just added (added)."""
    cart: CartView | None
    """The cart after the change (added, removed, cart_summary, which_cart_item, swapped,
    swap_unavailable; order_reconciled, None when there is no cart)."""
    added_lines: list[AddedLine]
    """The lines a message naming several items put in the cart (added_items)."""
    problems: list[ItemProblem]
    """Per item, what could not be done (added_items)."""
    candidates: list[ShownItem]
    """Products that fit the words equally, to choose from (which_product, added_items)."""
    added: list[ReconciledItem]
    """Items of a WhatsApp cart that went in (order_reconciled)."""
    unknown: list[str]
    """Skus of a WhatsApp cart we cannot sell (order_reconciled)."""
    unavailable: list[str]
    """Names of items without enough stock (order_reconciled)."""
    repriced: list[Repriced]
    """Items whose price differs from WhatsApp's (order_reconciled)."""
    address: Address
    """The last address (confirm_last_address) or the delivery address (order_summary)."""
    cep: str
    """The CEP whose street is asked (ask_address)."""
    quotes: list[ShippingChoice]
    """The shipping options (choose_shipping); the pickup options, which need no address
    (ask_cep, ask_address)."""
    free_above: str
    """The subtotal from which shipping is free; "" when never (choose_shipping)."""
    prices_asked: bool
    """The buyer asked what shipping costs: the options' prices are written out too, not only
    on the menu's rows (choose_shipping)."""
    methods: list[PaymentChoice]
    """The payment methods (choose_payment)."""
    lines: list[SummaryLine]
    """The order's lines (order_summary)."""
    subtotal: str
    """The order's subtotal (order_summary)."""
    shipping: ShippingChoice
    """The shipping chosen (order_summary)."""
    discounts: list[Discount]
    """Discounts applied (order_summary): the coupon, the PIX discount."""
    discount: str
    """What the discounts take off in all, "0" when none (order_summary)."""
    total: str
    """Subtotal plus shipping minus discounts (order_summary)."""
    version: int
    """The summary's version; its "place order" button carries it (order_summary)."""
    previous_total: str
    """The total the previous summary showed, when this one differs (order_summary)."""
    price_changes: list[dict[str, str]]
    """Prices re-read before the summary: `{"sku", "name", "old", "new"}` (order_summary)."""
    confirm_id: str
    """The id of the "place order" tap (order_summary)."""
    coupon: dict[str, str]
    """A coupon the buyer gave that checkout cannot take: `{"code", "reason"}` ("unknown" or
    "min_subtotal", with `min_subtotal`) (order_summary, and the checkout questions)."""
    changes: list[dict[str, str]]
    """Prices that changed while placing: `{"sku", "name", "old", "new"}` (prices_changed)."""
    shortages: dict[str, int]
    """Units still available per sku short of stock (stock_shortage)."""
    order: dict[str, Any]
    """The order (`Order.summary()`: number, status, total, lines, …) for the payment and
    order kinds (payment_received, payment_not_received too)."""
    payment: dict[str, Any]
    """The payment (`Payment.summary()`: link_url or pix_code, expires_at, …) (payment_link,
    payment_failed; payment_not_received, what the payments table says now)."""
    orders: list[dict[str, Any]]
    """The buyer's latest orders (`Order.summary()` each) (order_status)."""
    reason: str
    """Why the conversation was escalated (handoff_waiting)."""
    next_step: str
    """What the person who handed back asked the bot to offer (handoff_returned)."""
