"""English wording of every reply template."""

from __future__ import annotations

from api.render.locales.builder import build_options, build_persuasion, build_templates

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
    "store_unknown_offer": "Would you like me to ask someone from the team?",
    "not_available_yet": "I can't sort that out here yet. I can help you find products and "
    "build your cart.",
    "cheaper_than": "Cheaper than *{name}* ({price}):",
    "none_cheaper": "*{name}* ({price}) is already our most affordable option of its kind. "
                    "Shall I add it to your cart, or would you like to see something else?",
    "found_one": "I found 1 option. Tap it for details or tell me its number (e.g. \"the 1st\").",
    "found_many": "I found {count} options. Tap one for details or tell me its number "
    "(e.g. \"the 2nd\").",
    "no_results": "I found nothing for \"{query}\". Here are our categories:",
    "no_results_plain": "I found nothing like what you asked for. Here are our categories:",
    "answer_intro": "About *{name}*:",
    "answer_option_yes": "Yes: *{name}* in {value} is available.",
    "answer_variant_yes": "Yes: *{name}* in {value} is available, {price}."
                          " Shall I add it to your cart?",
    "answer_option_no": "*{name}* does not come in {value}. Available in:",
    "answer_option_sold_out": "*{name}* in {value} is sold out right now. Available in:",
    "answer_unknown": "The catalog does not say {topics} for *{name}*, and I'd rather not "
    "guess. I can ask someone from the team to confirm.",
    "fact_cor": "Colours",
    "fact_tamanho": "Sizes",
    "fact_bateria": "Battery",
    "fact_material": "Material",
    "fact_tags": "Features",
    "fact_capacidade": "Capacity",
    "fact_compatibilidade": "Fits",
    "fact_price": "Price",
    "fact_color": "Colours",
    "fact_size": "Sizes",
    "topic_battery": "how long the battery lasts",
    "topic_water": "whether it is water resistant",
    "topic_material": "the material",
    "topic_weight": "the weight",
    "topic_warranty": "the warranty",
    "topic_capacity": "the capacity",
    "topic_compatibility": "what it fits",
    "topic_dimensions": "the measurements",
    "topic_color": "other colours",
    "topic_size": "other sizes",
    "topic_price": "the price",
    "fact_potencia": "Power",
    "fact_conexao": "Connection",
    "topic_power": "the power",
    "topic_connection": "the connection",
    "topic_other": "that",
    "compare_differences": "What differs",
    "compare_none": "not stated",
    "compare_no_differences": "In the catalog, apart from the price, the two are the same.",
    "compare_same": "Both have",
    "compare_pick_fits": "For what you told me, I'd go with *{name}*: {because}.",
    "compare_pick_cheaper": "Nothing in the catalog tips it either way; *{name}* is {saving} "
    "cheaper.",
    "compare_pick_tie": "They cost the same; it comes down to the detail you prefer.",
    "catalog_overview": "We have products in these categories. Which one interests you?",
    "pick_option": "Pick the option you want:",
    "sold_out_now": "It is sold out at the moment.",
    "choose_variant": "Which option of *{name}* would you like?",
    "choose_variant_sold_out": "*{name}* in {option} is sold out. These are in stock:",
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
    "which_of_these": "Which of these would you like?",
    "item_sold_out": "*{name}* is sold out.",
    "item_which": "More than one product fits ({names}); tell me which.",
    "item_later": "Then tell me which option of *{name}* you want.",
    "item_no_position": "The list has no \"{name}\".",
    "item_gone": "I couldn't find \"{name}\" in the catalog.",
    "which_product": "Which product would you like? Tell me its name or number.",
    "position_out_of_range": "The list has {count} options; which number?",
    "which_cart_item": "Which item should I remove?",
    "product_gone": "That product is no longer in the catalog.",
    "out_of_stock": "*{name}* is sold out at the moment. 😕",
    "not_enough_stock": "We only have {available} unit(s) of *{name}* in stock.",
    "not_enough_stock_offer": "Shall I add those {available} to your cart?",
    "handoff_unavailable": "I understand, and I'm sorry for the trouble. I've noted that you "
    "want to talk to a person, but human support isn't available here yet. I can help with "
    "products and your cart.",
    "handoff_reason_asked_for_human": "Sure! I'm calling a person from our team to talk "
    "to you.",
    "handoff_reason_complaint": "I'm sorry for the trouble. I'm passing your conversation to a "
    "person from our team to sort it out with you.",
    "handoff_reason_negative_sentiment": "I'm sorry this conversation isn't helping. I'm "
    "calling a person from our team.",
    "handoff_reason_not_understood": "Sorry, I'm not managing to understand. I'm calling a "
    "person from our team to help you.",
    "handoff_reason_high_value_cart": "So you can finish your purchase with peace of mind, I'm "
    "calling a person from our team.",
    "handoff_reason_repeated_problem": "I see this hasn't been solved yet. I'm calling a "
    "person from our team.",
    "handoff_reason_vip": "I'm calling a person from our team to look after you personally.",
    "handoff_reason_other": "I'm calling a person from our team to help you.",
    "handoff_reason_privacy_request": "I've recorded your request to delete your data. A "
    "person from our team will take care of it and confirm here.",
    "erasure_confirm": "You asked us to delete your data: conversations, cart and customer "
    "record. Paid orders are kept without your personal data, as tax law requires. This cannot "
    "be undone. Reply *YES* to confirm.",
    "erasure_scheduled": "Done: your data will be deleted in a moment. If you write again, we "
    "start from scratch.",
    "erasure_kept": "All right, I deleted nothing. Can I help with anything else?",
    "erasure_noted": "I've recorded your request to delete your data. Our team will take care "
    "of it and confirm.",
    "handoff_wait": "Expected wait: about {minutes} min. Meanwhile, you can write here: "
    "everything reaches the person who will answer you.",
    "handoff_closed": "Our team isn't answering right now; someone will reply {when}. You can "
    "leave your message here: it reaches the person who will answer you.",
    "handoff_closed_unknown": "Our team isn't answering right now. You can leave your message "
    "here: it reaches the person who will answer you.",
    "when_today_at": "today at {time}",
    "when_day_at": "on {day} at {time}",
    "weekdays": "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
    "handoff_returned_none": "I'm back! 😊 Thanks for waiting. If you need anything else, just "
    "say so.",
    "handoff_returned_checkout": "I'm back! 😊 Thanks for waiting. Whenever you like, we can "
    "finish your purchase.",
    "handoff_returned_cart": "I'm back! 😊 Thanks for waiting. Your cart is still saved here.",
    "handoff_returned_browse": "I'm back! 😊 Thanks for waiting. Would you like to look at our "
    "products?",
    "handoff_timed_out": "Sorry for the wait: nobody from the team could answer you right now. "
    "😔 If you like, write your message here and I'll pass it on to the team; someone will "
    "reply as soon as possible. Meanwhile, I can help with products and your cart.",
    "handoff_withdrawn": "Sure, I've called off the request for the team and I'll keep "
    "helping you here. 😊 What are you looking for?",
    "message_left": "Got it! I passed your message on to the team; someone will reply as soon "
    "as possible.",
    "complaint_noted": "I'm sorry for the trouble. I've recorded your complaint and our team "
    "will look into it.",
    "technical_problem": "Sorry, I ran into a technical problem and couldn't answer your last "
    "message. Could you try again in a moment?",
    "ask_name": "Let's check out! What is your full name?",
    "ask_cep": "What is the delivery CEP (postal code)?",
    "invalid_cep": "I didn't recognise that CEP. Could you send the 8 digits? (e.g. 04567-000)",
    "ask_address": "What is the address at CEP {cep}? Street, number and unit.",
    "invalid_address": "I need the street and number (e.g. Rua das Flores, 123, apt 4).",
    "confirm_last_address": "Shall I deliver to the same address as last time?\n{address}",
    "choose_shipping": "How would you like to receive it?",
    "carrier_not_offered": "We don't ship with {carrier}.",
    "carrier_not_offered_fastest": "We don't ship with {carrier}; the fastest is {name} "
    "({when}).",
    "choose_payment": "How would you like to pay?",
    "summary_title": "Order summary:",
    "total": "Total",
    "free": "Free",
    "deliver_to": "For {name}",
    "total_changed": "Your order changed: the total went from {before} to {after}.",
    "discount_coupon": "Coupon {code} ({percent}%)",
    "discount_pix": "PIX discount ({percent}%)",
    "coupon_unknown": "I couldn't find coupon {code}; the order goes without it.",
    "coupon_used": "Coupon {code} is once per customer and one of your orders already used "
    "it; the order goes without it.",
    "coupon_min_subtotal": "Coupon {code} is for orders from {min_subtotal}; it doesn't apply "
    "yet.",
    "payment_received": "Yes, it's in! ✅ The payment for order *{number}* ({total}) is "
    "confirmed.",
    "payment_not_received": "We haven't received the payment confirmation for order "
    "*{number}* ({total}) yet. Sometimes the bank takes a few minutes to tell us.",
    "payment_not_received_failed": "The payment for order *{number}* ({total}) shows as not "
    "approved on our side.",
    "payment_not_received_expired": "There is no payment for order *{number}* ({total}) and "
    "its time ran out.",
    "payment_check_offer": "Shall I check again in a bit, or would you rather pass the receipt "
    "to someone on the team?",
    "option_check_payment": "Check again",
    "option_talk_to_person": "Talk to the team",
    "or_pickup": "Or pick it up at the store (then I don't need an address).",
    "confirm_question": "Shall I place the order?",
    "prices_updated": "Some prices changed",
    "prices_changed": "Before you pay: some prices changed since you added them.",
    "stock_shortage": "I couldn't hold everything; stock just changed:",
    "short_line": "• {sku}: {available} left",
    "payment_intro": "Order *{number}* created! Total: *{total}*.",
    "payment_failed_intro": "The payment for order *{number}* was not approved. "
    "Here is a new link to try again ({total}).",
    "pay_here": "Pay here",
    "link_expires": "The link is valid for a limited time; your items are held until then.",
    "pix_instructions": "Copy the PIX code below and paste it in your bank's app "
    "(Pix Copia e Cola):",
    "payment_confirmed": "Payment approved! ✅ Your order *{number}* ({total}) is confirmed. "
    "We'll let you know when it ships.",
    "payment_expired": "The payment link for order *{number}* expired and the items were "
    "released. Your cart is still saved; shall we continue?",
    "payment_unavailable": "Your order *{number}* ({total}) is held, but I couldn't create the "
    "payment right now. Please try again in a moment.",
    "payment_failed_sold_out": "The payment for order *{number}* was not approved and, "
    "unfortunately, the items sold out meanwhile.",
    "order_already_paid": "Order *{number}* ({total}) is already paid. 😊",
    "checkout_cancelled": "No problem, I stopped the checkout. Your cart is still saved.",
    "no_orders": "I couldn't find any orders of yours here.",
    "your_orders": "Your orders",
    "order_line": "• Order {number} — {total} — {status}",
    "status_pending_payment": "awaiting payment",
    "status_paid": "paid",
    "status_payment_failed": "payment not approved",
    "status_expired": "expired",
    "status_cancelled": "cancelled",
    "status_shipped": "shipped",
    "status_delivered": "delivered",
    "cart_reminder": "Hi! Your items are still in your cart ({items} item(s), {subtotal}). "
    "Would you like to check out?",
    "close_to_it": "Close to what you asked for",
    "objection_price": "I understand, price matters.",
    "objection_trust": "I understand; buying safely matters.",
    "objection_timing": "No problem, take your time.",
    "objection_fit": "I want it to be just right for you.",
    "objection_other": "I understand.",
    "persuasion_consultative": "To suggest the right one: is it for you or a gift? And do you "
    "have a budget in mind?",
    "persuasion_social_proof": "{name}: {units} units sold in the last {days} days.",
    "persuasion_authority": "About {name} — {specs}.",
    "persuasion_scarcity": "Only {units} unit(s) of {name} left in stock.",
    "persuasion_scarcity_variant": "{name} in {variant}: only {units} unit(s) left in stock.",
    "persuasion_reminder_unavailable": "I can only remind you of items in your cart; add it "
    "and I'll let you know.",
    "anchor_installments_free": "You can split it into {count} interest-free payments of {value}.",
    "anchor_installments": "You can split it into {count} payments of {value}.",
    "anchor_pix": "With PIX it's {price} ({percent}% off).",
    "persuasion_reciprocity": "To help you decide: coupon {code} gives you {percent}% off, "
    "bringing it to {price}. Once per customer.",
    "persuasion_aida": "Our best seller of the last {days} days is {name} ({units} sold). "
    "Want a look?",
    "recap_cart": "Your cart is saved: {items} item(s), {subtotal}. Shall I remind you later?",
    "recap_product": "{name} is {price}. Take your time; message me whenever you like.",
    "persuasion_reminder_set": "Deal! I'll send you a reminder later. 😉",
    "swapped": "Changed *{name}*: from {before} to {after}.",
    "quantity_set": "Done: {quantity}x *{name}* now.",
    "swap_unavailable": "That option isn't in stock for the items in your cart.",
    "persuasion_consultative_formal": "To recommend the best option: is it for yourself or a "
    "gift? Do you have a budget in mind?",
    "persuasion_reciprocity_formal": "To help with your decision: coupon {code} gives {percent}% "
    "off, bringing it to {price}. Valid once per customer.",
    "recap_cart_formal": "Your cart is saved: {items} item(s), {subtotal}. Would you like a "
    "reminder later?",
    "recap_product_formal": "{name} is {price}. Take your time; we are here whenever you wish.",
    "persuasion_reminder_set_formal": "Certainly. I will send you a reminder later.",
    "anchor_installments_free_formal": "It can be paid in {count} interest-free instalments of "
    "{value}.",
    "persuasion_aida_formal": "Our best seller of the last {days} days is {name} ({units} sold). "
    "Would you like to see it?",
    # Options the graph offers by label (`ReplyOption.label`).
    "option_add_to_cart": "Add to cart",
    "option_keep_shopping": "Keep shopping",
    "option_this_address": "Yes, that address",
    "option_other_address": "Another address",
    "option_place_order": "Place order",
    "option_view_cart": "View cart",
    "option_continue_checkout": "Continue",
    "option_check_out": "Check out",
    "option_see_products": "See products",
    "option_my_cart": "My cart",
    "option_remind_later": "Remind me later",
    "option_use_coupon": "Use the coupon",
    "option_price_from": "from {price}",
    "option_sold_out": "{price} · sold out",
    "option_category_count": "{count} products",
    "option_business_days": "{days} business day(s)",
    "option_today": "today",
}

TEMPLATES = build_templates("en", PHRASES)
PERSUASION = build_persuasion("en", PHRASES)
OPTIONS = build_options("en", PHRASES)
