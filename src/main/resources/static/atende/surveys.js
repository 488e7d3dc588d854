/*
 * The surveys page (/atende/surveys.html): settings per WhatsApp number (administrators and supervisors) over
 * PUT/GET /api/surveys/settings/{phoneNumberId}, and the results of any period over GET /api/surveys/results and
 * /api/surveys/answers, with simple bars; CSV export. Texts in Brazilian Portuguese.
 */
(function () {
  'use strict';

  var api = Atende.api, el = Atende.el;
  var KIND_LABEL = { CSAT: 'CSAT', NPS: 'NPS', CES: 'CES' };
  var STATUS_LABEL = { SENT: 'Aguardando resposta', ANSWERED: 'Respondida', UNANSWERED: 'Sem resposta', SKIPPED: 'Não enviada',
    CANCELLED: 'Cancelada' };
  var numbers = [];

  function $(id) { return document.getElementById(id); }

  function show(message, error) {
    var box = $('message');
    box.textContent = message;
    box.className = 'notice ' + (error ? 'error' : 'info');
  }

  /** ISO 8601 duration (PT30M, PT1H30M, P1D) in minutes. */
  function minutes(iso) {
    var m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso || '');
    if (!m) { return ''; }
    return (+(m[1] || 0)) * 1440 + (+(m[2] || 0)) * 60 + (+(m[3] || 0)) + Math.round((+(m[4] || 0)) / 60);
  }

  function fillSettings(s) {
    $('s-enabled').value = String(s.enabled);
    $('s-kind').value = s.kind;
    $('s-delay').value = minutes(s.delay);
    $('s-timeout').value = Math.round(minutes(s.answerTimeout) / 60);
    $('s-reasks').value = s.maxReasks;
    $('s-question').value = s.question;
    $('s-answers').value = Object.keys(s.expectedAnswers || {}).map(function (k) { return k + ' = ' + s.expectedAnswers[k]; }).join('\n');
    $('s-feedback').value = s.feedbackQuestion;
    $('s-thanks').value = s.thanks;
    $('s-outside').value = s.outsideWindow;
    $('s-template').value = s.template ? s.template.name : '';
    $('s-language').value = s.template ? s.template.language : '';
  }

  function loadSettings() {
    return api('GET', '/api/surveys/settings/' + encodeURIComponent($('s-number').value)).then(fillSettings);
  }

  function expectedAnswers() {
    var map = {};
    $('s-answers').value.split('\n').forEach(function (line) {
      var i = line.lastIndexOf('=');
      if (line.trim() === '') { return; }
      if (i < 1) { throw new Error('Resposta esperada sem nota: "' + line.trim() + '" (escreva palavra = nota).'); }
      map[line.substring(0, i).trim()] = parseInt(line.substring(i + 1).trim(), 10);
    });
    return map;
  }

  function save(body) {
    $('settings-error').classList.add('hidden');
    return api('PUT', '/api/surveys/settings/' + encodeURIComponent($('s-number').value), body).then(function (saved) {
      fillSettings(saved);
      show('Configurações da pesquisa salvas para o número ' + label($('s-number').value) + '.');
    }).catch(function (e) {
      var box = $('settings-error');
      box.textContent = e.message;
      box.classList.remove('hidden');
    });
  }

  function saveForm() {
    var body;
    try {
      body = {
        enabled: $('s-enabled').value === 'true', kind: $('s-kind').value,
        delay: 'PT' + (parseInt($('s-delay').value, 10) || 0) + 'M',
        answerTimeout: 'PT' + (parseInt($('s-timeout').value, 10) || 0) + 'H',
        maxReasks: parseInt($('s-reasks').value, 10),
        question: $('s-question').value.trim() === '' ? null : $('s-question').value,
        expectedAnswers: expectedAnswers(),
        feedbackQuestion: $('s-feedback').value, thanks: $('s-thanks').value, outsideWindow: $('s-outside').value,
        template: $('s-template').value.trim() === '' ? null : { name: $('s-template').value.trim(), language: $('s-language').value.trim() }
      };
    } catch (e) {
      $('settings-error').textContent = e.message;
      $('settings-error').classList.remove('hidden');
      return;
    }
    save(body);
  }

  function label(phoneNumberId) {
    var n = numbers.filter(function (x) { return x.phoneNumberId === phoneNumberId; })[0];
    return n && n.displayPhoneNumber ? '+' + n.displayPhoneNumber : phoneNumberId;
  }

  /** A bar for a value in [min, max]; negative NPS values grow left of zero. */
  function bar(value, min, max, text) {
    var box = el('div', { 'class': 'bar', title: text });
    if (value === null || value === undefined) { return el('span', { 'class': 'muted', text: '—' }); }
    if (min < 0) {
      box.appendChild(el('div', { 'class': 'zero' }));
      var half = Math.abs(value) / max * 50;
      box.appendChild(el('span', { 'class': value < 0 ? 'negative' : '',
        style: value < 0 ? 'right:50%;width:' + half + '%' : 'left:50%;width:' + half + '%' }));
    } else {
      box.appendChild(el('span', { style: 'left:0;width:' + Math.max(0, (value - min) / (max - min) * 100) + '%' }));
    }
    return el('div', {}, [el('span', { 'class': 'value', text: text }), box]);
  }

  /** Inline SVG columns: how many answers gave each point of the scale. */
  function distribution(d) {
    var keys = Object.keys(d), top = Math.max.apply(null, keys.map(function (k) { return d[k]; }).concat([1]));
    var ns = 'http://www.w3.org/2000/svg', w = 14, h = 40;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'distribution');
    svg.setAttribute('width', keys.length * w);
    svg.setAttribute('height', h + 12);
    keys.forEach(function (k, i) {
      var rh = Math.round(d[k] / top * h);
      var r = document.createElementNS(ns, 'rect');
      r.setAttribute('x', i * w + 2); r.setAttribute('y', h - rh); r.setAttribute('width', w - 4); r.setAttribute('height', rh);
      var t = document.createElementNS(ns, 'title'); t.textContent = 'nota ' + k + ': ' + d[k];
      r.appendChild(t);
      svg.appendChild(r);
      var tx = document.createElementNS(ns, 'text');
      tx.setAttribute('x', i * w + 3); tx.setAttribute('y', h + 10); tx.textContent = k;
      svg.appendChild(tx);
    });
    return svg;
  }

  function decimal(n, digits) {
    return n === null || n === undefined ? '—' : n.toLocaleString('pt-BR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function scoreText(g) {
    if (g.score === null || g.score === undefined) { return '—'; }
    if (g.kind === 'CSAT') { return decimal(g.score, 1) + ' %'; }
    if (g.kind === 'NPS') { return decimal(g.score, 0); }
    return decimal(g.score, 1);
  }

  function query() {
    return 'from=' + $('r-from').value + '&to=' + $('r-to').value;
  }

  function loadResults() {
    var group = $('r-group').value;
    $('r-csv').href = '/api/surveys/results?' + query() + '&groupBy=' + group + '&format=csv';
    $('r-answers-csv').href = '/api/surveys/answers?' + query() + '&format=csv';
    var results = api('GET', '/api/surveys/results?' + query() + '&groupBy=' + group).then(function (r) {
      var body = $('results').querySelector('tbody');
      body.innerHTML = '';
      $('no-results').classList.toggle('hidden', r.groups.length > 0);
      r.groups.forEach(function (g) {
        var name = group === 'number' ? label(g.group) : (g.group || '(sem ' + (group === 'agent' ? 'agente' : 'fila') + ')');
        var range = g.kind === 'NPS' ? [-100, 100] : g.kind === 'CES' ? [1, 7] : [0, 100];
        body.appendChild(el('tr', { 'data-group': g.group, 'data-kind': g.kind }, [
          el('td', { text: name }), el('td', {}, [el('span', { 'class': 'badge', text: KIND_LABEL[g.kind] })]),
          el('td', { text: String(g.sent) }), el('td', { text: String(g.answered) }),
          el('td', { 'class': 'rate' }, [bar(g.answerRate, 0, 100, decimal(g.answerRate, 1) + ' %')]),
          el('td', { 'class': 'score' }, [bar(g.score, range[0], range[1], scoreText(g))]),
          el('td', {}, [distribution(g.distribution)])
        ]));
      });
    });
    var answers = api('GET', '/api/surveys/answers?' + query()).then(function (rows) {
      var body = $('answers').querySelector('tbody');
      body.innerHTML = '';
      rows.slice().reverse().forEach(function (a) {
        body.appendChild(el('tr', {}, [el('td', { text: a.protocol || '' }), el('td', { text: label(a.phoneNumberId) }),
          el('td', { text: a.agent || '' }), el('td', { text: a.queue || '' }), el('td', { text: a.kind }),
          el('td', { text: STATUS_LABEL[a.status] || a.status, title: a.reason || '' }),
          el('td', { text: a.score === null ? '' : String(a.score) }), el('td', { text: a.comment || '' }),
          el('td', { text: a.sentAt ? new Date(a.sentAt).toLocaleString('pt-BR') : '' })]));
      });
    });
    return Promise.all([results, answers]).catch(function (e) { show(e.message, true); });
  }

  function isoDate(d) {
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  Atende.shell('/atende/surveys.html').then(function () {
    var today = new Date();
    $('r-to').value = isoDate(today);
    $('r-from').value = isoDate(new Date(today.getTime() - 29 * 86400000));
    ['r-refresh'].forEach(function (id) { $(id).addEventListener('click', loadResults); });
    $('r-group').addEventListener('change', loadResults);
    // administrators and supervisors get the settings; others a 403, and see the results only
    var settings = api('GET', '/api/surveys/settings').then(function (list) {
      numbers = list;
      var select = $('s-number');
      list.forEach(function (n) {
        select.appendChild(el('option', { value: n.phoneNumberId, text: (n.displayPhoneNumber ? '+' + n.displayPhoneNumber + ' · ' : '')
          + n.phoneNumberId + (n.enabled ? ' (ativa)' : '') }));
      });
      $('settings').classList.remove('hidden');
      select.addEventListener('change', loadSettings);
      $('s-save').addEventListener('click', saveForm);
      $('s-defaults').addEventListener('click', function () {
        save({ enabled: $('s-enabled').value === 'true', kind: $('s-kind').value });
      });
      return list.length ? fillSettings(list[0]) : null;
    }).catch(function (e) { if (e.status !== 403) { show(e.message, true); } });
    return settings.then(loadResults);
  });
})();
