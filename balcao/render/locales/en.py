"""English wording of every reply template."""

from __future__ import annotations

from balcao.render.locales.builder import build_templates

PHRASES = {
    "greeting": "Hi! 👋 I'm the store's assistant. I can help you find products, build your "
    "cart and answer questions. What are you looking for today?",
    "goodbye": "Bye for now! Message us any time. 😊",
    "thanks": "You're welcome! I'm here if you need anything else.",
    "deny_ack": "No problem! Anything else I can help with?",
    "how_can_i_help": "Sure! How can I help?",
    "fallback": "Sorry, I didn't get that. Tell me what you're looking for (e.g. \"running "
    "shoes under 300\") or browse our products.",
    "unreadable": "For now I can only read text messages. Could you type what you need?",
    "not_available_yet": "I can't sort that out here yet. I can help you find products and "
    "build your cart.",
    "found_one": "I found 1 option. Tap it for details or tell me its number (e.g. \"the 1st\").",
    "found_many": "I found {count} options. Tap one for details or tell me its number "
    "(e.g. \"the 2nd\").",
    "no_results": "I found nothing for \"{query}\". Here are our categories:",
    "catalog_overview": "We have products in these categories. Which one interests you?",
    "pick_option": "Pick the option you want:",
    "sold_out_now": "It is sold out at the moment.",
    "choose_variant": "Which option of *{name}* would you like?",
    "subtotal": "Subtotal",
    "goes_with": "Goes well with",
    "added": "Added {quantity}x *{name}*{variant} to your cart. 🛒",
    "order_added": "Added to your cart",
    "order_repriced": "Updated price",
    "now_costs": "{name} is {price}",
    "order_unavailable": "Not enough stock",
    "order_unknown": "{count} item(s) are no longer in our catalog.",
    "removed": "Removed *{name}* from your cart.",
    "cart_now_empty": "Your cart is now empty.",
    "your_cart": "Your cart",
    "cart_empty": "Your cart is empty. Want to see our products?",
    "which_product": "Which product would you like? Tell me its name or number.",
    "position_out_of_range": "The list has {count} options; which number?",
    "which_cart_item": "Which item should I remove?",
    "product_gone": "That product is no longer in the catalog.",
    "out_of_stock": "*{name}* is sold out at the moment. 😕",
    "not_enough_stock": "We only have {available} unit(s) of *{name}* in stock.",
    "checkout_unavailable": "Your cart is saved ({items} item(s), {subtotal}). Paying through "
    "WhatsApp is not available in this store yet.",
    "handoff_unavailable": "I understand, and I'm sorry for the trouble. I've noted that you "
    "want to talk to a person, but human support isn't available here yet. I can help with "
    "products and your cart.",
    "technical_problem": "Sorry, I ran into a technical problem and couldn't answer your last "
    "message. Could you try again in a moment?",
}

TEMPLATES = build_templates("en", PHRASES)
