/*
 * Envio em lote (R22, R23): download the model sheet, upload a filled one, see the row check (bad rows and how many
 * recipients are in service now), send, follow the progress live, pause/resume/cancel, the history and each report.
 * Talks to /api/batches with the shell's fetch helper (Atende.api).
 */
(function () {
  'use strict';
  var A = window.Atende;
  var $ = function (id) { return document.getElementById(id); };
  var current = null;
  var timer = null;

  function show(text, error) {
    var m = $('message');
    m.textContent = text;
    m.className = 'notice ' + (error ? 'error' : 'info');
  }

  function hideMessage() { $('message').className = 'notice hidden'; }

  function date(iso) {
    return iso ? new Date(iso).toLocaleString('pt-BR') : '';
  }

  function selected() {
    var option = $('template').selectedOptions[0];
    return option ? { name: option.dataset.name, language: option.dataset.language } : null;
  }

  function modelLinks() {
    var t = selected();
    ['xlsx', 'csv'].forEach(function (format) {
      var link = $('model-' + format);
      link.href = t ? '/api/batches/model?template=' + encodeURIComponent(t.name) + '&language=' + encodeURIComponent(t.language)
        + '&format=' + format : '#';
    });
  }

  function form(withTitle) {
    var t = selected();
    var data = new FormData();
    if ($('file').files[0]) { data.append('file', $('file').files[0]); }
    data.append('phoneNumberId', $('number').value);
    data.append('template', t ? t.name : '');
    data.append('language', t ? t.language : '');
    if (withTitle) { data.append('title', $('title').value); }
    return data;
  }

  function showCheck(result) {
    $('check-result').classList.remove('hidden');
    $('check-summary').textContent = A.number(result.total || 0) + ' linha(s) para enviar, '
      + A.number(result.invalid || 0) + ' linha(s) com problema (não serão enviadas).';
    var inService = result.inService || 0;
    $('in-service').textContent = inService + ' destinatário(s) já em atendimento agora: para eles o modelo só fica no '
      + 'histórico da conversa, sem iniciar o bot.';
    $('in-service').classList.toggle('hidden', inService === 0);
    var rows = result.rows || [];
    var body = $('bad-rows').querySelector('tbody');
    body.innerHTML = '';
    rows.forEach(function (r) {
      body.appendChild(A.el('tr', {}, [A.el('td', { text: String(r.row) }), A.el('td', { text: r.phone || '' }),
        A.el('td', { text: r.reason })]));
    });
    $('bad-rows').classList.toggle('hidden', rows.length === 0);
  }

  function refused(e) {
    show(e.message, true);
    if (e.problem && e.problem.rows) {
      showCheck({ total: e.problem.total, invalid: e.problem.invalid, rows: e.problem.rows });
    }
  }

  function check() {
    hideMessage();
    $('send').disabled = true;
    A.api('POST', '/api/batches/check', form(false)).then(function (result) {
      showCheck(result);
      $('send').disabled = result.total === 0;
      if (result.total === 0) { show('Nenhuma linha pode ser enviada: corrija as linhas indicadas.', true); }
    }).catch(refused);
  }

  function send() {
    hideMessage();
    $('send').disabled = true;
    A.api('POST', '/api/batches', form(true)).then(function (batch) {
      showCheck(batch);
      show('Lote enviado para a fila: ' + A.number(batch.total) + ' destinatário(s).', false);
      follow(batch.id);
      history();
    }).catch(function (e) { $('send').disabled = false; refused(e); });
  }

  function follow(id) {
    current = id;
    $('progress').classList.remove('hidden');
    if (timer) { clearInterval(timer); }
    var poll = function () {
      A.api('GET', '/api/batches/' + id).then(progress).catch(function (e) { show(e.message, true); });
    };
    poll();
    timer = setInterval(poll, 2000);
  }

  function progress(b) {
    $('progress-title').textContent = b.title + ' · ' + b.statusLabel;
    var handled = b.sent + b.failed + b.refused + b.cancelled;
    $('progress-figures').textContent = 'Enviados ' + A.number(b.sent) + ' de ' + A.number(b.total)
      + ' · entregues ' + A.number(b.delivered) + ' · lidos ' + A.number(b.read) + ' · falhas ' + A.number(b.failed)
      + ' · recusados ' + A.number(b.refused) + ' · cancelados ' + A.number(b.cancelled) + ' · na fila ' + A.number(b.queued);
    $('progress-bar').value = b.total ? Math.floor(100 * handled / b.total) : 0;
    $('progress').dataset.status = b.status;
    $('pause').disabled = b.status !== 'RUNNING';
    $('resume').disabled = b.status !== 'PAUSED';
    $('cancel').disabled = b.status !== 'RUNNING' && b.status !== 'PAUSED';
    $('progress-report').href = '/api/batches/' + b.id + '/report';
  }

  function act(action) {
    if (!current) { return; }
    if (action === 'cancel' && !window.confirm('Cancelar o lote? Quem ainda não recebeu não vai receber.')) { return; }
    A.api('POST', '/api/batches/' + current + '/' + action).then(function (b) { progress(b); history(); })
      .catch(function (e) { show(e.message, true); });
  }

  function history() {
    return A.api('GET', '/api/batches').then(function (list) {
      var body = $('history').querySelector('tbody');
      body.innerHTML = '';
      list.forEach(function (b) {
        body.appendChild(A.el('tr', { 'data-id': String(b.id) }, [
          A.el('td', { text: date(b.createdAt) }), A.el('td', { text: b.title }),
          A.el('td', { text: b.template + ' (' + b.language + ')' }), A.el('td', { text: b.displayPhoneNumber || b.phoneNumberId }),
          A.el('td', { text: A.number(b.total) }), A.el('td', { text: b.deliveredPercent + '%' }),
          A.el('td', { text: b.statusLabel }),
          A.el('td', { 'class': 'actions' }, [
            A.el('button', { type: 'button', text: 'Acompanhar', onclick: function () { follow(b.id); } }),
            A.el('a', { 'class': 'button', href: '/api/batches/' + b.id + '/report', text: 'Relatório' })])
        ]));
      });
    });
  }

  A.shell('/atende/batches.html').then(function () {
    A.limits($('limits'));
    return Promise.all([A.api('GET', '/api/outreach/numbers'), A.api('GET', '/api/templates?status=APPROVED')]);
  }).then(function (answers) {
    answers[0].forEach(function (n) {
      $('number').appendChild(A.el('option', { value: n.phoneNumberId, text: n.displayPhoneNumber || n.phoneNumberId }));
    });
    answers[1].forEach(function (t) {
      $('template').appendChild(A.el('option', { value: t.name + '|' + t.language, 'data-name': t.name, 'data-language': t.language,
        text: t.name + ' (' + t.language + ')' }));
    });
    modelLinks();
    return history();
  }).catch(function (e) { show(e.message, true); });

  $('template').addEventListener('change', function () { modelLinks(); $('send').disabled = true; });
  $('number').addEventListener('change', function () { $('send').disabled = true; });
  $('file').addEventListener('change', function () { $('send').disabled = true; });
  $('check').addEventListener('click', check);
  $('send').addEventListener('click', send);
  $('pause').addEventListener('click', function () { act('pause'); });
  $('resume').addEventListener('click', function () { act('resume'); });
  $('cancel').addEventListener('click', function () { act('cancel'); });
})();
