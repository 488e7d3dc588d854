// The customer's phone: opens a chat with a business number, writes as the customer, shows the
// business's messages with their delivery ticks. Polls the simulator every second; while the page
// is visible, showing a delivered business message makes the simulator send its "read" status.
(function () {
  'use strict';

  const API = '/simulator/api';
  const POLL_MS = 1000;
  const state = { customerId: null, name: '', phoneNumberId: null, replyTo: null, messages: [], timer: null, lastRender: '' };
  const byId = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  async function request(url, options) {
    const response = await fetch(url, options);
    const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
    if (!response.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + response.status);
    return body;
  }

  function showError(id, message) {
    const node = byId(id);
    node.textContent = message || '';
    node.hidden = !message;
  }

  async function loadNumbers() {
    const numbers = await request(API + '/numbers');
    const select = byId('business-number');
    select.replaceChildren(...numbers.map((n) => {
      const option = el('option', null, '+' + n.displayPhoneNumber + ' (' + n.phoneNumberId + ')');
      option.value = n.phoneNumberId;
      return option;
    }));
  }

  async function loadCustomers() {
    try {
      const customers = await request(API + '/customers');
      byId('known-customers').replaceChildren(...customers.map((c) => {
        const option = el('option');
        option.value = c.id;
        option.label = c.name || '';
        return option;
      }));
      byId('customer-list').replaceChildren(...customers.map((c) => {
        const item = el('li', null, c.name || c.id);
        item.append(el('span', 'muted', c.waId ? '+' + c.waId : '@' + (c.username || '') + ' · ' + c.userId));
        item.addEventListener('click', () => openChat(c.id, c.name || ''));
        return item;
      }));
    } catch (e) { /* the list is a convenience; the next refresh retries */ }
  }

  // A phone number (digits) or, for a customer with a username and no phone, a BSUID like BR.1502576394655843.
  function customerId(raw) {
    const text = String(raw).trim();
    if (/^[A-Za-z]{2}\./.test(text)) {
      const bsuid = text.slice(0, 2).toUpperCase() + text.slice(2);
      return /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/.test(bsuid) ? bsuid : null;
    }
    const digits = text.replace(/[^0-9]/g, '');
    return digits.length >= 8 && digits.length <= 15 ? digits : null;
  }

  function openChat(raw, name) {
    const id = customerId(raw);
    if (!id) {
      showError('open-error', 'Informe o telefone com DDI e DDD, só números (8 a 15 dígitos), ou um BSUID'
        + ' (ex.: BR.1502576394655843).');
      return;
    }
    showError('open-error', '');
    state.customerId = id;
    state.name = name || byId('profile-name').value.trim();
    state.phoneNumberId = byId('business-number').value;
    state.replyTo = null;
    state.lastRender = '';
    byId('wa-id').value = id;
    history.replaceState(null, '', '#' + id);
    byId('profile-name').value = state.name;
    byId('chat').hidden = false;
    byId('empty').hidden = true;
    byId('chat-name').textContent = state.name || 'Cliente';
    byId('chat-number').textContent = /^\d+$/.test(id) ? ' +' + id : ' ' + id + ' (nome de usuário, sem telefone)';
    byId('change-number').hidden = !/^\d+$/.test(id);
    updateReplyBar();
    refresh();
    clearInterval(state.timer);
    state.timer = setInterval(refresh, POLL_MS);
  }

  async function refresh() {
    if (!state.customerId) return;
    const visible = document.visibilityState === 'visible';
    const url = API + '/customers/' + encodeURIComponent(state.customerId)
      + '/messages?phoneNumberId=' + encodeURIComponent(state.phoneNumberId)
      + '&markRead=' + visible;
    try {
      const chat = await request(url);
      if (chat.name && !state.name) {
        state.name = chat.name;
        byId('chat-name').textContent = chat.name;
        byId('profile-name').value = chat.name;
      }
      if (chat.username) byId('chat-number').textContent = ' @' + chat.username + ' · ' + chat.userId + ' (sem telefone)';
      renderWindow(chat.windows[0]);
      const snapshot = JSON.stringify(chat.messages);
      if (snapshot !== state.lastRender) {
        state.lastRender = snapshot;
        state.messages = chat.messages;
        renderMessages(chat.messages);
      }
    } catch (e) {
      showError('send-error', 'Falha ao atualizar: ' + e.message);
    }
  }

  function renderWindow(window) {
    const node = byId('chat-window');
    if (!window) { node.textContent = ''; return; }
    byId('typing').hidden = !window.businessTyping;
    if (window.open) {
      node.className = 'window open';
      node.textContent = 'Janela de 24 h aberta até ' + formatTime(window.closesAt, true);
    } else {
      node.className = 'window closed';
      node.textContent = window.closesAt ? 'Janela de 24 h fechada (só templates)' : 'Cliente nunca escreveu (só templates)';
    }
  }

  function formatTime(iso, withDate) {
    const date = new Date(iso);
    withDate = withDate || date.toDateString() !== new Date().toDateString();
    const options = withDate ? { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }
      : { hour: '2-digit', minute: '2-digit' };
    return date.toLocaleString('pt-BR', options);
  }

  function summary(message) {
    const c = message.content || {};
    return c.text || (c.attachment && (c.attachment.filename || c.type)) || c.type || '';
  }

  function renderMessages(messages) {
    const box = byId('messages');
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    const index = new Map(messages.map((m) => [m.id, m]));
    box.replaceChildren(...messages.map((m) => bubble(m, index)));
    if (atBottom || state.lastRenderCount !== messages.length) box.scrollTop = box.scrollHeight;
    state.lastRenderCount = messages.length;
  }

  function bubble(message, index) {
    const c = message.content || {};
    const node = el('div', 'bubble ' + message.direction);
    if (c.type === 'template') node.append(el('span', 'tag', 'Template ' + c.templateName));
    if (c.type === 'reaction') node.append(el('span', 'tag', 'Reação'));
    if (c.replyTo && c.type !== 'reaction') {
      const quoted = index.get(c.replyTo);
      node.append(el('div', 'quote', quoted ? summary(quoted) : 'mensagem anterior'));
    }
    if (c.type === 'reaction') {
      const target = index.get(c.replyTo);
      node.append(el('div', null, (c.text || '(reação removida)') + (target ? ' em "' + summary(target) + '"' : '')));
    } else {
      appendAttachment(node, c);
      appendLocation(node, c);
      if (c.text && c.type !== 'location') node.append(el('div', null, c.text));
    }
    if (c.choices && message.direction === 'outbound') node.append(choices(message, c.choices));
    node.append(meta(message));
    if (message.status === 'failed' && message.error) {
      node.append(el('div', 'failure', '⚠ ' + message.error.code + ' ' + message.error.title + ': ' + message.error.details));
    }
    const actions = el('div', 'actions');
    const reply = el('button', null, '↩');
    reply.title = 'Responder';
    reply.addEventListener('click', () => { state.replyTo = message.id; updateReplyBar(); });
    actions.append(reply);
    if (message.direction === 'outbound') {
      const react = el('button', null, '👍');
      react.title = 'Reagir';
      react.addEventListener('click', () => sendJson({ reaction: { messageId: message.id, emoji: '👍' } }));
      actions.append(react);
    }
    node.append(actions);
    return node;
  }

  function appendAttachment(node, c) {
    const a = c.attachment;
    if (!a) return;
    const src = a.mediaId ? API + '/media/' + encodeURIComponent(a.mediaId) : a.link;
    if (!src) return;
    if (c.type === 'image' || c.type === 'sticker') {
      const img = el('img');
      img.src = src;
      img.alt = c.type;
      node.append(img);
    } else if (c.type === 'video') {
      const video = el('video');
      video.src = src;
      video.controls = true;
      node.append(video);
    } else if (c.type === 'audio') {
      const audio = el('audio');
      audio.src = src;
      audio.controls = true;
      node.append(audio);
    } else {
      const link = el('a', null, '📄 ' + (a.filename || 'documento'));
      link.href = src;
      link.target = '_blank';
      link.rel = 'noopener';
      node.append(link);
    }
  }

  function appendLocation(node, c) {
    const l = c.location;
    if (!l) return;
    const link = el('a', null, '📍 ' + (l.name || (l.latitude + ', ' + l.longitude)) + (l.address ? ' — ' + l.address : ''));
    link.href = 'https://www.openstreetmap.org/?mlat=' + l.latitude + '&mlon=' + l.longitude + '#map=16/' + l.latitude + '/' + l.longitude;
    link.target = '_blank';
    link.rel = 'noopener';
    node.append(link);
  }

  function choices(message, choices) {
    const box = el('div', 'choices');
    const options = choices.options.map((option) => {
      const button = el('button', null, option.title);
      button.type = 'button';
      if (option.description) button.append(el('span', 'row-desc', option.description));
      button.addEventListener('click', () => {
        const body = { replyTo: message.id };
        if (choices.kind === 'button') body.buttonReply = { id: option.id, title: option.title };
        else if (choices.kind === 'list') body.listReply = { id: option.id, title: option.title, description: option.description };
        else body.quickReply = { payload: option.id, text: option.title };
        sendJson(body);
      });
      return button;
    });
    if (choices.kind === 'list') {
      const toggle = el('button', null, '☰ ' + choices.label);
      toggle.type = 'button';
      const rows = el('div', 'choices');
      rows.hidden = true;
      rows.append(...options);
      toggle.addEventListener('click', () => { rows.hidden = !rows.hidden; });
      box.append(toggle, rows);
    } else {
      box.append(...options);
    }
    return box;
  }

  function meta(message) {
    const node = el('div', 'meta', formatTime(message.timestamp, false));
    if (message.direction === 'outbound') {
      const ticks = { accepted: ['🕓', ''], sent: ['✓', ''], delivered: ['✓✓', ''], read: ['✓✓', 'read'], failed: ['⚠', 'failed'] };
      const [symbol, cls] = ticks[message.status] || ['?', ''];
      const tick = el('span', 'tick ' + cls, symbol);
      tick.title = message.status;
      node.append(tick);
    } else {
      const webhook = { pending: '⏳ enviando ao serviço', delivered: '', failed: '✗ webhook falhou' }[message.webhook] || '';
      if (webhook) node.append(el('span', 'tick' + (message.webhook === 'failed' ? ' failed' : ''), ' ' + webhook));
      const tick = el('span', 'tick' + (message.readByBusiness ? ' read' : ''), message.readByBusiness ? '✓✓' : '✓');
      tick.title = message.readByBusiness ? 'lida pela empresa' : 'recebida pelo serviço';
      node.append(tick);
    }
    return node;
  }

  function updateReplyBar() {
    const bar = byId('reply-bar');
    const target = state.messages.find((m) => m.id === state.replyTo);
    bar.hidden = !state.replyTo;
    byId('reply-text').textContent = target ? 'Respondendo a: ' + summary(target) : '';
  }

  function sentAt() {
    const hours = Number(byId('sent-at').value);
    return hours ? new Date(Date.now() - hours * 3600 * 1000).toISOString() : undefined;
  }

  async function sendJson(content) {
    const body = Object.assign({ name: state.name || undefined, phoneNumberId: state.phoneNumberId, sentAt: sentAt() }, content);
    if (state.replyTo && !body.replyTo && !body.reaction) body.replyTo = state.replyTo;
    await post({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  async function post(options) {
    showError('send-error', '');
    try {
      await request(API + '/customers/' + encodeURIComponent(state.customerId) + '/messages', options);
      state.replyTo = null;
      updateReplyBar();
      loadCustomers();
      refresh();
      return true;
    } catch (e) {
      showError('send-error', e.message);
      return false;
    }
  }

  byId('open-form').addEventListener('submit', (event) => {
    event.preventDefault();
    openChat(byId('wa-id').value, byId('profile-name').value.trim());
  });

  byId('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = byId('text-input');
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    await sendJson({ text: text });
  });

  byId('file-input').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    if (state.name) form.append('name', state.name);
    form.append('phoneNumberId', state.phoneNumberId);
    const caption = byId('text-input').value.trim();
    if (caption) form.append('caption', caption);
    if (state.replyTo) form.append('replyTo', state.replyTo);
    if (await post({ method: 'POST', body: form })) byId('text-input').value = '';
  });

  byId('location-button').addEventListener('click', () => {
    const input = window.prompt('Latitude, longitude (ex.: -23.5614, -46.6559)', '-23.5614, -46.6559');
    if (!input) return;
    const [latitude, longitude] = input.split(',').map((v) => Number(v.trim()));
    if (Number.isNaN(latitude) || Number.isNaN(longitude)) {
      showError('send-error', 'Localização inválida: use "latitude, longitude".');
      return;
    }
    sendJson({ location: { latitude: latitude, longitude: longitude, name: 'Localização compartilhada' } });
  });

  byId('reply-cancel').addEventListener('click', () => { state.replyTo = null; updateReplyBar(); });

  // The customer moves to another number: the business is told (user_changed_number), the chat goes on there.
  byId('change-number').addEventListener('click', async () => {
    const input = window.prompt('Novo telefone do cliente (com DDI e DDD)', '');
    if (!input) return;
    const next = customerId(input);
    if (!next || !/^\d+$/.test(next)) {
      showError('send-error', 'Informe o novo telefone com DDI e DDD, só números (8 a 15 dígitos).');
      return;
    }
    try {
      await request(API + '/customers/' + encodeURIComponent(state.customerId) + '/number-change', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ newWaId: next, phoneNumberId: state.phoneNumberId }) });
      loadCustomers();
      openChat(next, state.name);
    } catch (e) {
      showError('send-error', e.message);
    }
  });

  loadNumbers()
    .then(() => {
      // A link like /simulator#5511988887777 opens that customer's chat directly.
      const linked = decodeURIComponent(location.hash.slice(1));
      if (linked) openChat(linked, '');
    })
    .catch((e) => showError('open-error', 'Falha ao carregar os números: ' + e.message));
  loadCustomers();
  setInterval(loadCustomers, 5000);
})();
