/*
 * "Limites e custos": the portfolio's messaging-limit use (GET /api/messaging-limits; administrators change the tier
 * or set a limit of their own with PUT) and what template sends cost per category, number and pricing type
 * (GET /api/messaging-costs). Texts are Brazilian Portuguese.
 */
(function () {
  'use strict';

  var A = window.Atende;
  var TIERS = { TIER_250: '250', TIER_2K: '2.000', TIER_10K: '10.000', TIER_100K: '100.000', UNLIMITED: 'ilimitado' };
  var CATEGORIES = { MARKETING: 'Marketing', UTILITY: 'Utilidade', AUTHENTICATION: 'Autenticação',
    AUTHENTICATION_INTERNATIONAL: 'Autenticação internacional', MARKETING_LITE: 'Marketing (lite)',
    SERVICE: 'Atendimento (serviço)', UNKNOWN: 'Sem categoria' };
  var PRICING_TYPES = { regular: 'Cobrada (regular)', free_customer_service: 'Grátis (janela de atendimento)',
    free_entry_point: 'Grátis (ponto de entrada)', UNKNOWN: 'Ainda sem preço do WhatsApp' };

  function $(id) { return document.getElementById(id); }

  function say(text, error) {
    var m = $('message');
    m.textContent = text;
    m.className = 'notice ' + (error ? 'error' : 'info');
  }

  function dateTime(iso) {
    return iso ? new Date(iso).toLocaleString('pt-BR') : '';
  }

  function showLimit(l) {
    var unlimited = l.limit === null || l.limit === undefined;
    $('limit-use').textContent = unlimited
      ? 'Usado: ' + A.number(l.used) + ' clientes nas últimas ' + l.windowHours + ' h (sem limite)'
      : 'Usado: ' + A.number(l.used) + ' de ' + A.number(l.limit) + ' clientes nas últimas ' + l.windowHours + ' h'
        + ' (restam ' + A.number(l.remaining) + ')';
    var share = unlimited || l.limit === 0 ? (unlimited ? 0 : 100) : Math.min(100, Math.round(100 * l.used / l.limit));
    $('limit-bar').style.width = share + '%';
    $('limit-bar').className = 'meter-bar' + (share >= 90 ? ' full' : share >= 70 ? ' high' : '');
    $('limit-tier').textContent = 'Nível: ' + TIERS[l.tier]
      + (l.explicitLimit ? ' · limite próprio de ' + A.number(l.limit) + ' clientes' : '')
      + (l.updatedBy ? ' · alterado por ' + l.updatedBy + ' em ' + dateTime(l.updatedAt) : '');
    if (l.scope === 'NUMBER') {
      $('limit-tier').textContent += ' · cada número tem o seu limite';
    }
    var body = $('limit-by-number').querySelector('tbody');
    body.innerHTML = '';
    if (!(l.byNumber || []).length) {
      body.appendChild(A.el('tr', {}, [A.el('td', { colspan: '2', 'class': 'muted', text: 'Nenhum cliente alcançado.' })]));
    }
    (l.byNumber || []).forEach(function (n) {
      body.appendChild(A.el('tr', { 'data-key': n.phoneNumberId }, [
        A.el('td', { text: n.phoneNumberId }), A.el('td', { text: A.number(n.used) })]));
    });
    $('tier').value = l.tier;
    $('explicit-limit').value = l.explicitLimit ? l.limit : '';
  }

  function loadLimit() {
    return A.api('GET', '/api/messaging-limits').then(showLimit)
      .catch(function (e) { say('Não foi possível ler o limite: ' + e.message, true); });
  }

  function saveLimit() {
    var explicit = $('explicit-limit').value.trim();
    var body = { tier: $('tier').value, limit: explicit === '' ? null : Number(explicit) };
    $('save-limit').disabled = true;
    A.api('PUT', '/api/messaging-limits', body).then(function (l) {
      showLimit(l);
      say('Limite salvo: ' + (l.limit === null ? 'ilimitado' : A.number(l.limit) + ' clientes em 24 horas') + '.');
    }).catch(function (e) { say(e.message, true); })
      .then(function () { $('save-limit').disabled = false; });
  }

  function rows(table, totals, labels) {
    var body = $(table).querySelector('tbody');
    body.innerHTML = '';
    if (!totals.length) {
      body.appendChild(A.el('tr', {}, [A.el('td', { colspan: '3', 'class': 'muted', text: 'Nenhum envio no período.' })]));
    }
    totals.forEach(function (t) {
      body.appendChild(A.el('tr', { 'data-key': t.key }, [
        A.el('td', { text: labels ? (labels[t.key] || t.key) : t.key }),
        A.el('td', { text: A.number(t.messages) }),
        A.el('td', { text: A.number(t.billable) })]));
    });
  }

  function isoDate(d) {
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  function loadCosts() {
    var query = '?from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value);
    return A.api('GET', '/api/messaging-costs' + query).then(function (c) {
      $('costs-total').textContent = A.number(c.messages) + ' mensagens no período, ' + A.number(c.billable) + ' cobradas.';
      rows('by-category', c.byCategory, CATEGORIES);
      rows('by-number', c.byNumber, null);
      rows('by-pricing-type', c.byPricingType, PRICING_TYPES);
    }).catch(function (e) { say('Não foi possível ler os custos: ' + e.message, true); });
  }

  var today = new Date();
  var monthAgo = new Date(today.getTime() - 30 * 24 * 3600 * 1000);
  $('from').value = isoDate(monthAgo);
  $('to').value = isoDate(today);
  $('save-limit').addEventListener('click', saveLimit);
  $('refresh-costs').addEventListener('click', loadCosts);

  A.shell('/atende/limits.html').then(function (me) {
    $('limit-change').classList.toggle('hidden', !me.administrator);
    $('limit-read-only').classList.toggle('hidden', me.administrator);
    return Promise.all([loadLimit(), loadCosts()]);
  });
})();
