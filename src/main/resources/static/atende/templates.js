/*
 * Message templates page: list (polled, so status changes appear without reload), create, edit, delete, sync, and
 * each template's response queue. Talks to /api/templates.
 */
(function () {
  'use strict';

  var POLL_MS = 4000;
  var CATEGORIES = { MARKETING: 'Marketing', UTILITY: 'Utilidade', AUTHENTICATION: 'Autenticação' };
  var QUALITY = { GREEN: 'Alta', YELLOW: 'Média', RED: 'Baixa', UNKNOWN: 'Sem avaliação' };
  var LANGUAGES = { pt_BR: 'Português (Brasil)', pt_PT: 'Português (Portugal)', en_US: 'Inglês (EUA)', en: 'Inglês',
    es: 'Espanhol', es_AR: 'Espanhol (Argentina)', es_MX: 'Espanhol (México)' };
  var BUTTON_TYPES = { QUICK_REPLY: 'Resposta rápida', URL: 'Link', PHONE_NUMBER: 'Telefone' };
  var VARIABLE = /\{\{([a-z0-9_]+)\}\}/g;

  var el = Atende.el;
  var me = null;
  var queues = [];
  var editing = null; // the template being edited, or null for a new one

  function $(id) { return document.getElementById(id); }

  function show(message, kind) {
    var box = $('message');
    box.textContent = message;
    box.className = 'notice ' + (kind || 'info');
  }

  function failure(e) {
    var meta = e && e.problem && e.problem.metaCode !== undefined;
    return (meta ? 'O WhatsApp recusou: ' : '') + (e && e.message ? e.message : String(e));
  }

  // ---------------------------------------------------------------- list

  function refresh() {
    var status = $('status-filter').value;
    return Atende.api('GET', '/api/templates' + (status ? '?status=' + encodeURIComponent(status) : ''))
      .then(render)
      .catch(function (e) { show(failure(e), 'error'); });
  }

  function render(templates) {
    var body = document.querySelector('#templates tbody');
    var seen = {};
    templates.forEach(function (t, index) {
      seen[t.id] = true;
      var row = body.querySelector('tr[data-id="' + t.id + '"]');
      if (!row) {
        row = el('tr', { 'data-id': t.id });
      }
      if (body.children[index] !== row) {
        body.insertBefore(row, body.children[index] || null); // the server's order: by name, then language
      }
      if (row.classList.contains('confirming')) {
        return;
      }
      fill(row, t);
    });
    Array.prototype.slice.call(body.querySelectorAll('tr')).forEach(function (row) {
      if (!seen[row.getAttribute('data-id')]) {
        row.remove();
      }
    });
    $('empty').classList.toggle('hidden', templates.length > 0);
  }

  function fill(row, t) {
    var version = JSON.stringify(t) + (queues.length ? 'q' : '');
    if (row.getAttribute('data-version') === version) {
      return; // nothing changed since the last poll: keep the row (and what the user is doing in it)
    }
    row.setAttribute('data-version', version);
    row.setAttribute('data-name', t.name);
    row.setAttribute('data-language', t.language);
    row.setAttribute('data-status', t.status);
    var focused = row.contains(document.activeElement) ? document.activeElement : null;
    if (focused && focused.classList.contains('queue')) {
      // an administrator is choosing a queue here: leave that cell alone
      ['name', 'language', 'category', 'status', 'quality'].forEach(function (c) {
        var cell = row.querySelector('td.' + c);
        if (cell) { cell.replaceWith(cellFor(c, t)); }
      });
      return;
    }
    row.innerHTML = '';
    ['name', 'language', 'category', 'status', 'quality', 'queue', 'actions'].forEach(function (c) {
      row.appendChild(cellFor(c, t));
    });
  }

  function cellFor(column, t) {
    switch (column) {
      case 'name':
        return el('td', { 'class': 'name' }, [el('strong', { text: t.name }), el('div', { 'class': 'muted', text: excerpt(t.body.text) })]);
      case 'language':
        return el('td', { 'class': 'language', text: LANGUAGES[t.language] || t.language });
      case 'category':
        return el('td', { 'class': 'category', text: CATEGORIES[t.category] || t.category });
      case 'status':
        return el('td', { 'class': 'status' }, [
          el('span', { 'class': 'badge ' + t.status, text: capitalize(t.statusLabel) }),
          t.rejectedReason && t.status === 'REJECTED' ? el('div', { 'class': 'muted', text: 'Motivo: ' + t.rejectedReason }) : null,
          t.statusNote ? el('div', { 'class': 'muted', text: t.statusNote }) : null]);
      case 'quality':
        return el('td', { 'class': 'quality' }, [el('span', { 'class': 'badge ' + (t.qualityScore || ''), text: QUALITY[t.qualityScore] || '—' })]);
      case 'queue':
        return el('td', { 'class': 'queue-cell' }, [me && me.administrator ? queueSelect(t) : el('span', { text: queueName(t.responseQueue) })]);
      default:
        return el('td', { 'class': 'actions' }, me && me.administrator ? [
          el('button', { type: 'button', 'class': 'edit', text: 'Editar', onclick: function () { openEditor(t); } }),
          ' ',
          el('button', { type: 'button', 'class': 'delete danger', text: 'Excluir', onclick: function (ev) { confirmDelete(ev.target.closest('tr'), t); } })
        ] : []);
    }
  }

  function queueSelect(t) {
    var select = el('select', { 'class': 'queue', 'aria-label': 'Fila de resposta de ' + t.name });
    select.appendChild(el('option', { value: '', text: '— nenhuma —' }));
    queues.forEach(function (q) { select.appendChild(el('option', { value: q.id, text: q.name })); });
    select.value = t.responseQueue || '';
    select.addEventListener('change', function () {
      var queue = select.value || null;
      Atende.api('PUT', '/api/templates/' + t.id + '/response-queue', { responseQueue: queue })
        .then(function () {
          show(queue ? 'Respostas ao modelo ' + t.name + ' vão para a fila ' + queueName(queue) + '.'
            : 'O modelo ' + t.name + ' ficou sem fila de resposta.');
          select.blur();
        })
        .catch(function (e) { show(failure(e), 'error'); });
    });
    return select;
  }

  function queueName(id) {
    if (!id) { return '—'; }
    var q = queues.filter(function (x) { return x.id === id; })[0];
    return q ? q.name : id;
  }

  function confirmDelete(row, t) {
    row.classList.add('confirming');
    var cell = row.querySelector('td.actions');
    cell.innerHTML = '';
    cell.appendChild(el('span', { text: 'Excluir este modelo? ' }));
    cell.appendChild(el('button', { type: 'button', 'class': 'confirm-delete danger', text: 'Sim, excluir', onclick: function () {
      Atende.api('DELETE', '/api/templates/' + t.id).then(function () {
        row.remove();
        show('Modelo ' + t.name + ' excluído.');
      }).catch(function (e) {
        row.classList.remove('confirming');
        show(failure(e), 'error');
        refresh();
      });
    } }));
    cell.appendChild(el('button', { type: 'button', text: 'Cancelar', onclick: function () {
      row.classList.remove('confirming');
      row.removeAttribute('data-version');
      fill(row, t);
    } }));
  }

  function excerpt(text) {
    return text && text.length > 90 ? text.substring(0, 90) + '…' : (text || '');
  }

  function capitalize(s) {
    return s ? s.charAt(0).toUpperCase() + s.substring(1) : '';
  }

  // ---------------------------------------------------------------- editor

  function openEditor(t) {
    editing = t || null;
    $('editor-title').textContent = t ? 'Editar ' + t.name : 'Novo modelo';
    $('tpl-save').textContent = t ? 'Salvar e enviar para aprovação' : 'Enviar para aprovação';
    $('tpl-error').classList.add('hidden');
    $('tpl-name').value = t ? t.name : '';
    $('tpl-language').value = t ? t.language : 'pt_BR';
    $('tpl-category').value = t ? t.category : 'UTILITY';
    $('tpl-format').value = t ? t.parameterFormat : 'POSITIONAL';
    ['tpl-name', 'tpl-language', 'tpl-format'].forEach(function (id) { $(id).disabled = !!t; });
    $('tpl-queue-field').classList.toggle('hidden', !!t);
    var header = t && t.header && t.header.format === 'TEXT' ? t.header : null;
    $('tpl-header-format').value = header ? 'TEXT' : '';
    $('tpl-header-text').value = header ? header.text : '';
    $('tpl-header-text').classList.toggle('hidden', !header);
    $('tpl-body').value = t ? t.body.text : '';
    $('tpl-footer').value = t && t.footer ? t.footer : '';
    $('tpl-buttons').innerHTML = '';
    (t ? t.buttons : []).forEach(function (b) { addButton(b.type, b); });
    fillQueues($('tpl-queue'), '');
    renderExamples(t ? examplesOf(t) : {});
    $('editor').classList.remove('hidden');
    $('tpl-name').focus();
  }

  function closeEditor() {
    editing = null;
    $('editor').classList.add('hidden');
  }

  function fillQueues(select, value) {
    select.innerHTML = '';
    select.appendChild(el('option', { value: '', text: '— nenhuma —' }));
    queues.forEach(function (q) { select.appendChild(el('option', { value: q.id, text: q.name })); });
    select.value = value || '';
  }

  function examplesOf(t) {
    var examples = {};
    (t.variables || []).forEach(function (v) {
      if (v.component !== 'BUTTON') { examples[v.component + ':' + v.key] = v.example || ''; }
    });
    return examples;
  }

  function variables(component, text) {
    var found = [];
    (text || '').replace(VARIABLE, function (m, key) {
      if (found.indexOf(key) < 0) { found.push(key); }
      return m;
    });
    if (found.every(function (k) { return /^\d+$/.test(k); })) {
      found.sort(function (a, b) { return Number(a) - Number(b); });
    }
    return found.map(function (key) { return { component: component, key: key }; });
  }

  function currentVariables() {
    var header = $('tpl-header-format').value === 'TEXT' ? variables('HEADER', $('tpl-header-text').value) : [];
    return header.concat(variables('BODY', $('tpl-body').value));
  }

  function currentExamples() {
    var examples = {};
    Array.prototype.forEach.call(document.querySelectorAll('#tpl-examples input'), function (input) {
      examples[input.getAttribute('data-component') + ':' + input.getAttribute('data-key')] = input.value;
    });
    return examples;
  }

  function renderExamples(keep) {
    var box = $('tpl-examples');
    var vars = currentVariables();
    box.innerHTML = '';
    if (!vars.length) {
      box.textContent = 'Sem variáveis.';
    }
    vars.forEach(function (v) {
      var id = 'example-' + v.component.toLowerCase() + '-' + v.key;
      box.appendChild(el('label', { 'for': id, text: 'Exemplo de {{' + v.key + '}} ' + (v.component === 'HEADER' ? 'do cabeçalho' : 'do corpo') }));
      box.appendChild(el('input', { id: id, 'class': 'example', 'data-component': v.component, 'data-key': v.key,
        value: keep[v.component + ':' + v.key] || '', oninput: renderPreview }));
    });
    renderPreview();
  }

  function renderPreview() {
    var examples = currentExamples();
    function filled(component, text) {
      return (text || '').replace(VARIABLE, function (m, key) { return examples[component + ':' + key] || m; });
    }
    var parts = [];
    if ($('tpl-header-format').value === 'TEXT' && $('tpl-header-text').value) {
      parts.push(filled('HEADER', $('tpl-header-text').value));
    }
    parts.push(filled('BODY', $('tpl-body').value));
    if ($('tpl-footer').value) { parts.push($('tpl-footer').value); }
    var labels = buttonsOf().map(function (b) { return '[' + (b.text || '…') + ']'; });
    if (labels.length) { parts.push(labels.join('\n')); }
    $('tpl-preview').textContent = parts.join('\n\n');
  }

  function addButton(type, value) {
    var row = el('div', { 'class': 'button-row toolbar', 'data-type': type });
    row.appendChild(el('span', { 'class': 'badge', text: BUTTON_TYPES[type] }));
    row.appendChild(el('input', { 'class': 'button-text', placeholder: 'Texto do botão (até 25)', size: 22,
      value: value && value.text || '', oninput: renderPreview }));
    if (type === 'URL') {
      row.appendChild(el('input', { 'class': 'button-url', placeholder: 'https://loja.example/pedido/{{1}}', size: 34,
        value: value && value.url || '' }));
      row.appendChild(el('input', { 'class': 'button-example', placeholder: 'Exemplo do {{1}}', size: 12,
        value: value && value.example || '' }));
    }
    if (type === 'PHONE_NUMBER') {
      row.appendChild(el('input', { 'class': 'button-phone', placeholder: '+551140000000', size: 16,
        value: value && value.phoneNumber || '' }));
    }
    row.appendChild(el('button', { type: 'button', text: 'Remover', onclick: function () { row.remove(); renderPreview(); } }));
    $('tpl-buttons').appendChild(row);
    renderPreview();
  }

  function buttonsOf() {
    return Array.prototype.map.call(document.querySelectorAll('#tpl-buttons .button-row'), function (row) {
      var type = row.getAttribute('data-type');
      var b = { type: type, text: row.querySelector('.button-text').value };
      if (type === 'URL') {
        b.url = row.querySelector('.button-url').value;
        b.example = row.querySelector('.button-example').value || null;
      }
      if (type === 'PHONE_NUMBER') { b.phoneNumber = row.querySelector('.button-phone').value; }
      return b;
    });
  }

  function formContent() {
    var named = $('tpl-format').value === 'NAMED';
    var examples = currentExamples();
    function part(component, text) {
      var vars = variables(component, text);
      var positional = vars.map(function (v) { return examples[component + ':' + v.key] || ''; });
      var byName = {};
      vars.forEach(function (v) { byName[v.key] = examples[component + ':' + v.key] || ''; });
      return named ? { text: text, namedExamples: byName } : { text: text, examples: positional };
    }
    var header = null;
    if ($('tpl-header-format').value === 'TEXT') {
      var h = part('HEADER', $('tpl-header-text').value);
      header = { format: 'TEXT', text: h.text, examples: h.examples, namedExamples: h.namedExamples };
    }
    return {
      category: $('tpl-category').value,
      header: header,
      body: part('BODY', $('tpl-body').value),
      footer: $('tpl-footer').value || null,
      buttons: buttonsOf()
    };
  }

  function save() {
    var content = formContent();
    var request;
    if (editing) {
      request = Atende.api('PUT', '/api/templates/' + editing.id, content);
    } else {
      content.name = $('tpl-name').value.trim();
      content.language = $('tpl-language').value;
      content.parameterFormat = $('tpl-format').value;
      content.responseQueue = $('tpl-queue').value || null;
      request = Atende.api('POST', '/api/templates', content);
    }
    $('tpl-save').disabled = true;
    request.then(function (t) {
      closeEditor();
      show('Modelo ' + t.name + ' enviado para aprovação do WhatsApp: ' + t.statusLabel + '.');
      return refresh();
    }).catch(function (e) {
      var box = $('tpl-error');
      box.textContent = failure(e);
      box.classList.remove('hidden');
    }).then(function () { $('tpl-save').disabled = false; });
  }

  function sync() {
    $('sync').disabled = true;
    Atende.api('POST', '/api/templates/sync').then(function (r) {
      show('Sincronizado com o WhatsApp: ' + r.templates + ' modelos' + (r.removed ? ', ' + r.removed + ' removidos' : '') + '.');
      return refresh();
    }).catch(function (e) { show(failure(e), 'error'); }).then(function () { $('sync').disabled = false; });
  }

  // ---------------------------------------------------------------- start

  Atende.shell('/atende/templates.html').then(function (user) {
    me = user;
    Atende.limits($('limits'));
    document.querySelectorAll('.admin-only').forEach(function (e) { e.classList.toggle('hidden', !me.administrator); });
    $('read-only').classList.toggle('hidden', me.administrator);
    var ready = me.administrator
      ? Atende.api('GET', '/api/templates/response-queues').then(function (q) { queues = q; })
      : Promise.resolve();
    return ready.then(refresh);
  }).then(function () {
    setInterval(refresh, POLL_MS);
  }).catch(function (e) { if (e.status !== 401) { show(failure(e), 'error'); } });

  $('status-filter').addEventListener('change', refresh);
  $('new').addEventListener('click', function () { openEditor(null); });
  $('sync').addEventListener('click', sync);
  $('tpl-save').addEventListener('click', save);
  $('tpl-cancel').addEventListener('click', closeEditor);
  $('tpl-header-format').addEventListener('change', function () {
    $('tpl-header-text').classList.toggle('hidden', $('tpl-header-format').value !== 'TEXT');
    renderExamples(currentExamples());
  });
  $('tpl-header-text').addEventListener('input', function () { renderExamples(currentExamples()); });
  $('tpl-body').addEventListener('input', function () { renderExamples(currentExamples()); });
  $('tpl-footer').addEventListener('input', renderPreview);
  $('add-quick-reply').addEventListener('click', function () { addButton('QUICK_REPLY'); });
  $('add-url').addEventListener('click', function () { addButton('URL'); });
  $('add-phone').addEventListener('click', function () { addButton('PHONE_NUMBER'); });
})();
