"""Experiment and funnel figures from the conversation events and the orders."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from balcao.db.connect import Connection, fetch_row
from tools.experiments.stats import Interval, two_proportion_p_value, wilson

SIGNIFICANCE = 0.05


@dataclass
class VariantFigures:
    experiment: str
    variant: str
    buyers: int
    carts: int
    checkouts: int
    paid: int
    revenue: Decimal
    conversion: Interval
    p_value: float | None
    """Against the experiment's first variant (the control); None for the control."""

    @property
    def rate(self) -> float:
        return self.paid / self.buyers if self.buyers else 0.0

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE


async def experiment_figures(conn: Connection, store_id: str) -> list[VariantFigures]:
    """Per variant: exposed buyers and how many of them added, checked out and paid after it."""
    cur = await conn.execute(
        """
        WITH exposure AS (
            SELECT data->>'experiment' AS experiment, data->>'variant' AS variant,
                   conversation_id, min(occurred_at) AS first_seen,
                   min(data->>'position') AS position
            FROM conversation_events
            WHERE store_id = %(store)s AND type = 'experiment_exposure'
            GROUP BY 1, 2, 3
        )
        SELECT e.experiment, e.variant, min(e.position) AS position,
               count(*) AS buyers,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM cart_ops o JOIN carts c ON c.id = o.cart_id
                   WHERE c.conversation_id = e.conversation_id
                     AND o.op->>'op' = 'add' AND o.applied_at >= e.first_seen)) AS carts,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM orders o WHERE o.conversation_id = e.conversation_id
                     AND o.created_at >= e.first_seen)) AS checkouts,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM orders o WHERE o.conversation_id = e.conversation_id
                     AND o.status IN ('paid', 'shipped', 'delivered')
                     AND o.created_at >= e.first_seen)) AS paid,
               COALESCE(sum((SELECT sum(o.total) FROM orders o
                   WHERE o.conversation_id = e.conversation_id
                     AND o.status IN ('paid', 'shipped', 'delivered')
                     AND o.created_at >= e.first_seen)), 0) AS revenue
        FROM exposure e
        GROUP BY e.experiment, e.variant
        ORDER BY e.experiment, min(e.position), e.variant
        """,
        {"store": store_id},
    )
    rows = await cur.fetchall()
    figures: list[VariantFigures] = []
    controls: dict[str, dict] = {}
    for row in rows:
        control = controls.setdefault(row["experiment"], row)
        is_control = control is row
        figures.append(VariantFigures(
            experiment=row["experiment"], variant=row["variant"], buyers=row["buyers"],
            carts=row["carts"], checkouts=row["checkouts"], paid=row["paid"],
            revenue=Decimal(row["revenue"]), conversion=wilson(row["paid"], row["buyers"]),
            p_value=None if is_control else two_proportion_p_value(
                row["paid"], row["buyers"], control["paid"], control["buyers"]),
        ))
    return figures


FUNNEL_STEPS = ("first message", "searched", "added to cart", "started checkout",
                "placed order", "paid")


async def funnel(conn: Connection, store_id: str) -> list[tuple[str, int]]:
    """How many conversations reached each step, from first message to paid order."""
    cur = await conn.execute(
        """
        SELECT
          count(*) AS first_message,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM conversation_events e
              WHERE e.conversation_id = v.id AND e.type = 'turn'
              AND e.data->>'template' IN ('search_results', 'product_detail', 'no_results',
                                          'catalog_overview'))) AS searched,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cart_ops o JOIN carts c ON c.id = o.cart_id
              WHERE c.conversation_id = v.id AND o.op->>'op' = 'add')) AS added,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM conversation_events e
              WHERE e.conversation_id = v.id AND e.type = 'turn'
              AND e.data->>'template' IN ('ask_name', 'ask_cep', 'confirm_last_address',
                                          'choose_shipping', 'order_summary'))
              OR EXISTS (SELECT 1 FROM orders o WHERE o.conversation_id = v.id))
              AS checkout,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM orders o
              WHERE o.conversation_id = v.id)) AS ordered,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM orders o WHERE o.conversation_id = v.id
              AND o.status IN ('paid', 'shipped', 'delivered'))) AS paid
        FROM conversations v
        WHERE v.store_id = %(store)s AND EXISTS (
            SELECT 1 FROM inbox i WHERE i.conversation_id = v.id AND i.channel <> 'payments')
        """,
        {"store": store_id},
    )
    row = await fetch_row(cur, "the funnel's counts")
    values = [row["first_message"], row["searched"], row["added"], row["checkout"],
              row["ordered"], row["paid"]]
    return list(zip(FUNNEL_STEPS, values, strict=True))
