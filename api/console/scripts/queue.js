// The queue page: re-renders its lists every 3 s from /console/api/queue.
// Text goes in through textContent, never as HTML.
const money = v => Number(v).toLocaleString('pt-BR', {style: 'currency', currency: 'BRL'});
const wait = m => m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text; return e; }
function entry(e) {
  const li = el('li', 'card'), a = el('a', 'entry'); a.href = `/console/escalations/${e.id}`;
  a.append(el('span', 'score', Math.round(e.priority)));
  const who = el('span'); const name = el('b', 'name', e.name); who.append(name, el('br'));
  who.append(el('span', 'tag', e.reason_label));
  if (e.vip) who.append(el('span', 'tag vip', 'VIP'));
  if (e.status === 'assigned') who.append(el('span', 'tag assigned',
      'com ' + (e.mine ? 'você' : (e.assigned_name || ''))));
  const right = el('span', 'right meta', 'espera ' + wait(e.waiting_minutes)); right.append(el('br'));
  right.append(document.createTextNode(e.cart_subtotal ? `${e.cart_items} item(ns) · ${money(e.cart_subtotal)}` : 'sem carrinho'));
  a.append(who, right); li.append(a); return li;
}
async function refresh() {
  try {
    const r = await fetch('/console/api/queue', {credentials: 'same-origin'});
    if (r.status === 401) { location.href = '/console/login'; return; }
    const data = await r.json();
    document.getElementById('queue').replaceChildren(...data.open.map(entry));
    document.getElementById('missed').replaceChildren(...data.missed.map(entry));
    document.getElementById('withdrawn').replaceChildren(...data.withdrawn.map(entry));
    const empty = document.getElementById('empty'); if (empty) empty.hidden = data.open.length > 0;
  } catch (err) { /* offline for a moment: try again on the next tick */ }
}
setInterval(refresh, 3000);
