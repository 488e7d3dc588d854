/*
 * Agents page (/atende/agents.html): the WhatsApp numbers and the limit of simultaneous conversations of every
 * Camunda user, from GET /api/agents; an administrator changes them with PUT /api/agents/{id}.
 */
(function () {
  'use strict';
  var el = Atende.el;
  var message = document.getElementById('message');

  function show(text, kind) {
    message.textContent = text;
    message.className = 'notice ' + kind;
  }

  function row(agent, numbers, administrator) {
    var boxes = numbers.map(function (n) {
      var box = el('input', { type: 'checkbox', value: n.phoneNumberId, 'class': 'number' });
      box.checked = agent.numbers.indexOf(n.phoneNumberId) >= 0;
      box.disabled = !administrator;
      return el('label', { style: 'margin:0 0 4px' }, [box, ' ' + (n.displayPhoneNumber || n.phoneNumberId)]);
    });
    var limit = el('input', { type: 'number', min: '0', size: '4', 'class': 'limit',
      placeholder: 'padrão (' + agent.limit + ')' });
    limit.value = agent.maxConcurrentConversations === null ? '' : agent.maxConcurrentConversations;
    limit.disabled = !administrator;
    var save = el('button', { type: 'button', 'class': 'primary save' + (administrator ? '' : ' hidden'), text: 'Salvar' });
    var tr = el('tr', { 'data-agent': agent.id }, [
      el('td', {}, [el('strong', { text: agent.id }), el('div', { 'class': 'muted',
        text: [agent.firstName, agent.lastName].filter(Boolean).join(' ') })]),
      el('td', { text: (agent.queues || []).join(', ') }),
      el('td', {}, boxes),
      el('td', {}, [limit, el('div', { 'class': 'muted current', text: 'em vigor: ' + agent.limit })]),
      el('td', { 'class': 'actions' }, [save])]);
    save.addEventListener('click', function () {
      var chosen = Array.prototype.slice.call(tr.querySelectorAll('input.number'))
        .filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var value = limit.value.trim() === '' ? null : Number(limit.value);
      Atende.api('PUT', '/api/agents/' + encodeURIComponent(agent.id), { numbers: chosen, maxConcurrentConversations: value })
        .then(function (saved) {
          tr.querySelector('.current').textContent = 'em vigor: ' + saved.limit;
          show('Atendente ' + saved.id + ' salvo.', 'info');
        }, function (e) { show(e.message, 'error'); });
    });
    return tr;
  }

  Atende.shell('/atende/agents.html').then(function (me) {
    if (!me.administrator) {
      document.getElementById('read-only').classList.remove('hidden');
    }
    return Promise.all([Atende.api('GET', '/api/agents'), Atende.api('GET', '/api/outreach/numbers')]).then(function (all) {
      var body = document.querySelector('#agents tbody');
      all[0].forEach(function (agent) { body.appendChild(row(agent, all[1], me.administrator)); });
    });
  }).catch(function (e) { show(e.message, 'error'); });
})();
