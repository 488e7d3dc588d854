/*
 * Shell of Atende's pages (/atende/): navigation, the logged-in user, the messaging-limit panel, and a fetch helper
 * for /api that sends Camunda's CSRF token (X-XSRF-TOKEN) the way the service expects it and sends a user who is
 * not logged in to the Camunda login. Texts are Brazilian Portuguese; change them here and in each page's script.
 */
(function () {
  'use strict';

  var LOGIN = '/camunda/app/welcome/default/';
  var PAGES = [
    { href: '/atende/templates.html', label: 'Modelos de mensagem' },
    { href: '/atende/batches.html', label: 'Envio em lote' },
    { href: '/atende/surveys.html', label: 'Pesquisas' },
    { href: '/atende/limits.html', label: 'Limites e custos' },
    { href: '/atende/agents.html', label: 'Atendentes' }
  ];
  var csrfToken = null;
  /** What a page says when a request never reaches the service (offline, the service down or restarting). */
  var UNREACHABLE = 'Não foi possível falar com o Atende: verifique a conexão e tente de novo.';

  /** A refused request: status, RFC 9457 problem (if any) and a message people can read. */
  function ApiError(status, problem, message) {
    this.status = status;
    this.problem = problem;
    this.message = message;
  }

  function toLogin() {
    window.location.href = LOGIN;
  }

  /**
   * fetch for /api: JSON in and out (a FormData body goes as multipart), session cookie, CSRF header on changes; a 401
   * goes to the login; a request that gets no answer at all fails with {@code UNREACHABLE}, in Portuguese.
   */
  function api(method, url, body) {
    var safe = method === 'GET' || method === 'HEAD';
    var ready = safe || csrfToken ? Promise.resolve() : api('GET', '/api/me');
    return ready.then(function () {
      var headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
      var form = typeof FormData !== 'undefined' && body instanceof FormData;
      if (body !== undefined && !form) {
        headers['Content-Type'] = 'application/json';
      }
      if (!safe && csrfToken) {
        headers['X-XSRF-TOKEN'] = csrfToken;
      }
      return fetch(url, {
        method: method, headers: headers, credentials: 'same-origin',
        body: body === undefined ? undefined : (form ? body : JSON.stringify(body))
      }).catch(function () {
        // fetch rejects only when no answer came (its TypeError's text is the browser's, in English)
        throw new ApiError(0, null, UNREACHABLE);
      });
    }).then(function (response) {
      var token = response.headers.get('X-XSRF-TOKEN');
      if (token) {
        csrfToken = token;
      }
      if (response.status === 401) {
        toLogin();
        throw new ApiError(401, null, 'Sessão encerrada: entre novamente.');
      }
      if (response.status === 204) {
        return null;
      }
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!response.ok) {
          var message = json && (json.detail || (json.error && json.error.message)) || ('Erro HTTP ' + response.status);
          throw new ApiError(response.status, json, message);
        }
        return json;
      });
    });
  }

  /** 2000 → "2.000" (pt-BR). */
  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  function el(tag, attributes, children) {
    var e = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attributes[k]; } else if (k === 'class') { e.className = attributes[k]; }
      else if (k.indexOf('on') === 0) { e.addEventListener(k.substring(2), attributes[k]); } else { e.setAttribute(k, attributes[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return e;
  }

  /** The header: brand, pages, who is logged in. Resolves with the user ({id, groups, administrator}). */
  function shell(active) {
    var nav = el('nav', {}, PAGES.map(function (p) {
      return el('a', { href: p.href, 'class': p.href === active ? 'active' : '', text: p.label });
    }));
    var user = el('span', { 'class': 'user', id: 'atende-user' });
    var header = el('header', { 'class': 'atende-header' }, [
      el('a', { 'class': 'brand', href: '/atende/index.html', text: 'Atende' }), nav, user]);
    document.body.insertBefore(header, document.body.firstChild);
    return api('GET', '/api/me').then(function (me) {
      me.administrator = (me.groups || []).indexOf('camunda-admin') >= 0;
      user.appendChild(document.createTextNode(me.id));
      user.appendChild(el('a', { href: '/camunda/app/tasklist/', text: 'Tasklist' }));
      return me;
    });
  }

  /**
   * The portfolio's messaging-limit use, from GET /api/messaging-limits: "Limite de mensagens: 123 de 2.000 clientes
   * nas últimas 24 h". Hidden when the service has no such endpoint (404) or it fails.
   */
  function limits(container) {
    container.classList.add('hidden');
    return api('GET', '/api/messaging-limits').then(function (l) {
      var hours = l.windowHours || 24;
      container.textContent = l.limit === null || l.limit === undefined
        ? 'Limite de mensagens: ' + number(l.used) + ' clientes nas últimas ' + hours + ' h (sem limite)'
        : 'Limite de mensagens: ' + number(l.used) + ' de ' + number(l.limit) + ' clientes nas últimas ' + hours + ' h';
      container.classList.remove('hidden');
    }).catch(function () { container.classList.add('hidden'); });
  }

  window.Atende = { api: api, ApiError: ApiError, el: el, shell: shell, limits: limits, number: number, login: LOGIN };
})();
