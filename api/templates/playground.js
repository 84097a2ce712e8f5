// The playground page: posts the buyer's messages, polls the conversation, and shows the
// bot's replies as WhatsApp would (they are the Cloud API messages the outbox holds).
(() => {
  "use strict";
  const api = document.body.dataset.api;
  const csrf = document.body.dataset.csrf;
  const storageKey = "balcao-playground-buyer:" + api;
  const chat = document.getElementById("chat");
  const input = document.getElementById("text");
  let buyer = localStorage.getItem(storageKey);
  let shown = 0;
  let waiting = false;

  async function post(path, body) {
    const response = await fetch(api + path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {}),
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Text with its links clickable (the payment link opens the pay page in a new tab).
  function linked(text) {
    const fragment = document.createDocumentFragment();
    const parts = String(text || "").split(/(https?:\/\/[^\s]+)/g);
    parts.forEach((part, i) => {
      if (i % 2 === 1) {
        const link = el("a", "", part);
        link.href = part; link.target = "_blank"; link.rel = "noopener";
        fragment.append(link);
      } else if (part) {
        fragment.append(formatted(part));
      }
    });
    return fragment;
  }

  // WhatsApp's *bold* and _italic_, as the buyer's phone shows them.
  function formatted(text) {
    const fragment = document.createDocumentFragment();
    text.split(/(\*[^*\n]+\*|\b_[^_\n]+_\b)/g).forEach((part, i) => {
      if (i % 2 === 1) {
        fragment.append(el(part[0] === "*" ? "strong" : "em", "", part.slice(1, -1)));
      } else if (part) {
        fragment.append(document.createTextNode(part));
      }
    });
    return fragment;
  }

  function chip(id, title, description, tapped) {
    const button = el("button", "chip", title);
    button.type = "button";
    button.dataset.id = id;
    if (description) button.append(el("small", "", description));
    button.addEventListener("click", () => send({ reply_id: id, text: title, tapped }));
    return button;
  }

  function botBubble(message) {
    const bubble = el("div", "bubble bot");
    const type = message.type;
    if (type === "text") {
      bubble.append(linked(message.text.body));
    } else if (type === "image") {
      const image = el("img");
      image.src = message.image.link; image.alt = "";
      bubble.append(image, linked(message.image.caption || ""));
    } else if (type === "interactive") {
      const content = message.interactive;
      bubble.append(linked((content.body || {}).text || ""));
      const chips = el("div", "chips");
      const action = content.action || {};
      if (content.type === "button") {
        (action.buttons || []).forEach((b) => chips.append(chip(b.reply.id, b.reply.title, "", "button")));
      } else if (content.type === "list") {
        chips.append(el("span", "label", action.button || ""));
        (action.sections || []).forEach((section) => (section.rows || []).forEach(
          (row) => chips.append(chip(row.id, row.title, row.description, "list"))));
      }
      if (chips.childElementCount) bubble.append(chips);
    } else if (type === "template") {
      bubble.append(el("em", "", "[modelo " + message.template.name + "]"));
    } else {
      bubble.append(el("em", "", "[" + type + "]"));
    }
    return bubble;
  }

  function render(items) {
    for (const item of items.slice(shown)) {
      chat.append(item.from === "buyer" ? el("div", "bubble buyer", item.text)
                                        : botBubble(item.message));
    }
    const typing = chat.querySelector(".typing");
    if (typing) typing.remove();
    if (waiting && (!items.length || items[items.length - 1].from === "buyer")) {
      chat.append(el("div", "typing", "digitando…"));
    }
    shown = items.length;
    chat.scrollTop = chat.scrollHeight;
  }

  function showTrace(trace) {
    const set = (id, value) => { document.getElementById(id).textContent = value || "—"; };
    if (!trace) return;
    const confidence = typeof trace.confidence === "number" ? " (" + trace.confidence.toFixed(2) + ")" : "";
    set("intent", (trace.intent || "") + confidence);
    set("entities", Object.keys(trace.entities || {}).length ? JSON.stringify(trace.entities, null, 1) : "");
    set("nodes", (trace.nodes || []).join(" → "));
    set("strategy", trace.strategy ? trace.strategy + (trace.variant ? " · " + trace.variant : "") : "nenhuma");
    set("reply", trace.reply);
  }

  async function refresh() {
    if (!buyer) return;
    const url = api + "/api/conversation?buyer=" + encodeURIComponent(buyer);
    const data = await (await fetch(url, { credentials: "same-origin" })).json();
    const items = data.items || [];
    if (items.length !== shown) {
      if (items.length && items[items.length - 1].from === "bot") waiting = false;
      render(items);
      const traced = await (await fetch(url + "&trace=1", { credentials: "same-origin" })).json();
      showTrace(traced.trace);
    }
  }

  async function send(message) {
    if (!buyer) await newBuyer();
    waiting = true;
    await post("/api/messages", Object.assign({ buyer }, message));
    await refresh();
  }

  async function newBuyer() {
    buyer = (await post("/api/buyers")).buyer;
    localStorage.setItem(storageKey, buyer);
    shown = 0;
    chat.replaceChildren();
    ["intent", "entities", "nodes", "strategy", "reply"].forEach(
      (id) => { document.getElementById(id).textContent = "—"; });
  }

  document.getElementById("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text });
  });
  document.getElementById("new-buyer").addEventListener("click", () => newBuyer());
  setInterval(() => refresh().catch(() => {}), 500);
  refresh();
})();
