// The conversation page: polls the transcript every 2 s and keeps the view at the bottom
// when it already was. ESCALATION, STATUS and ZONE are set by the page.
const LABEL = {buyer: 'Cliente', bot: 'Bot', operator: 'Atendente'};
const fmt = new Intl.DateTimeFormat('pt-BR', {timeZone: ZONE, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit'});
async function refresh() {
  try {
    const r = await fetch(`/console/api/escalations/${ESCALATION}/transcript`, {credentials: 'same-origin'});
    if (r.status === 401) { location.href = '/console/login'; return; }
    const data = await r.json(), box = document.getElementById('transcript');
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    box.replaceChildren(...data.messages.map(m => {
      const d = document.createElement('div'); d.className = `msg ${m.author}`;
      const who = document.createElement('small');
      who.textContent = `${m.operator || LABEL[m.author]} · ${fmt.format(new Date(m.at))}`;
      d.append(who, document.createTextNode(m.text || '')); return d; }));
    if (atBottom) box.scrollTop = box.scrollHeight;
    // The situation as it is now: e.g. the buyer took the request back while it was open here.
    const status = document.querySelector('#summary .status');
    if (status && data.status !== STATUS) status.textContent = data.status_label;
  } catch (err) { /* try again on the next tick */ }
}
refresh(); setInterval(refresh, 2000);
