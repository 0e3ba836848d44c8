/**
 * The embeddable widget, served as `/widget.js` and put on a page with one tag:
 * `<script src="https://chat.example.com/widget.js" data-tenant="acme" data-token="<JWT>"></script>`
 * (no `data-token`: an anonymous visitor, kept across visits by the token the server issues).
 * Plain ES2017 with no framework and no build step, so any page can load it as it is. It keeps the
 * messages not yet acknowledged in localStorage and resends them, with the same client message id,
 * after a reconnect or a reload; the server stores each once. Close codes and error frames are the
 * protocol's (see the library's README). A page whose signed token expires (4401) gets a
 * `tributary-chat:token-refused` event and hands a fresh one to `window.TributaryChat.setToken(token)`.
 * A file is posted to `/chat/uploads` with the visitor's token first; the message then carries its
 * attachment id (an upload refused, 413 or 415, shows the server's reason on the message). When the
 * welcome says `offlineForm`, an unsigned visitor is asked for an email before the first message;
 * it is kept in localStorage and sent as `contactEmail` with every message.
 */
export const CHAT_WIDGET_SCRIPT = String.raw`(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var tenant = script.getAttribute('data-tenant') || '';
  var signedToken = script.getAttribute('data-token') || '';
  var server = new URL(script.src, location.href);
  var uploadUrl = server.origin + '/chat/uploads?tenant=' + encodeURIComponent(tenant);
  var socketUrl = (server.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + server.host + '/chat/socket?tenant=' + encodeURIComponent(tenant);
  var storeKey = 'tributary-chat:' + tenant + ':';
  var FATAL = [4400, 4403, 4404, 4413];

  function load(name, fallback) {
    try { var raw = localStorage.getItem(storeKey + name); return raw === null ? fallback : JSON.parse(raw); } catch (e) { return fallback; }
  }
  function save(name, value) {
    try { if (value === null) localStorage.removeItem(storeKey + name); else localStorage.setItem(storeKey + name, JSON.stringify(value)); } catch (e) { /* private mode: kept in memory only */ }
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'm' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  var outbox = load('outbox', []);
  var shown = {};
  var lastSeq = 0;
  var lastAgentSeq = 0;
  var socket = null;
  var attempts = 0;
  var ready = false;
  var retryTimer = null;

  var root = document.createElement('div');
  root.id = 'tributary-chat';
  root.setAttribute('data-connection', 'connecting');
  root.innerHTML =
    '<style>' +
    '#tributary-chat{position:fixed;right:20px;bottom:20px;font:14px system-ui,sans-serif;z-index:2147483000}' +
    '#tributary-chat .tc-launcher{border-radius:24px;padding:12px 18px;border:0;background:#2b59c3;color:#fff;cursor:pointer}' +
    '#tributary-chat .tc-panel{display:none;width:320px;height:420px;background:#fff;border:1px solid #ccd;border-radius:8px;flex-direction:column;box-shadow:0 4px 16px rgba(0,0,0,.15)}' +
    '#tributary-chat.tc-open .tc-panel{display:flex}#tributary-chat.tc-open .tc-launcher{display:none}' +
    '#tributary-chat .tc-status{padding:6px 10px;font-size:12px;color:#666;border-bottom:1px solid #eee}' +
    '#tributary-chat .tc-messages{flex:1;overflow-y:auto;padding:8px;margin:0;list-style:none}' +
    '#tributary-chat .tc-message{margin:4px 0;padding:6px 10px;border-radius:12px;max-width:80%;white-space:pre-wrap;word-wrap:break-word}' +
    '#tributary-chat .tc-visitor{background:#e8eefc;margin-left:auto}#tributary-chat .tc-agent{background:#f1f1f1}' +
    '#tributary-chat .tc-pending{opacity:.6}#tributary-chat .tc-failed{border:1px solid #c33}' +
    '#tributary-chat form{display:flex;border-top:1px solid #eee}#tributary-chat textarea{flex:1;border:0;padding:8px;resize:none;font:inherit}' +
    '#tributary-chat form button{border:0;background:#2b59c3;color:#fff;padding:0 14px;cursor:pointer}' +
    '#tributary-chat .tc-attach{padding:8px;cursor:pointer;align-self:center}' +
    '#tributary-chat .tc-email{border:0;border-top:1px solid #eee;padding:8px;font:inherit}' +
    '</style>' +
    '<button type="button" class="tc-launcher" aria-label="Open chat">Chat with us</button>' +
    '<div class="tc-panel" role="dialog" aria-label="Chat"><div class="tc-status" aria-live="polite">Connecting…</div>' +
    '<ul class="tc-messages" aria-live="polite"></ul>' +
    '<input type="email" class="tc-email" hidden placeholder="Your email, so we can answer" aria-label="Your email">' +
    '<form><label class="tc-attach" aria-label="Attach a file">📎<input type="file" hidden></label>' +
    '<textarea rows="2" placeholder="Write a message…" aria-label="Message"></textarea><button type="submit">Send</button></form></div>';
  var launcher = root.querySelector('.tc-launcher');
  var status = root.querySelector('.tc-status');
  var list = root.querySelector('.tc-messages');
  var form = root.querySelector('form');
  var input = root.querySelector('textarea');
  var fileInput = root.querySelector('input[type=file]');
  var emailInput = root.querySelector('.tc-email');
  var offlineForm = false;
  function contactEmail() { return offlineForm ? load('contactEmail', '') : ''; }
  /** The offline form: an email first, before the first message; false while it is missing. */
  function haveEmail() {
    if (!offlineForm || contactEmail()) return true;
    var typed = emailInput.value.trim();
    if (!typed || !emailInput.checkValidity()) { emailInput.hidden = false; emailInput.focus(); return false; }
    save('contactEmail', typed);
    emailInput.hidden = true;
    return true;
  }

  function setStatus(state, text) { root.setAttribute('data-connection', state); status.textContent = text; }
  function isOpen() { return root.className.indexOf('tc-open') >= 0; }

  function render(key, author, text, state, seq) {
    var item = list.querySelector('[data-key="' + key + '"]');
    if (!item && text === '') return;
    if (!item) {
      item = document.createElement('li');
      item.setAttribute('data-key', key);
      item.className = 'tc-message tc-' + author;
      item.setAttribute('data-author', author);
      item.textContent = text;
      var before = null;
      if (seq) {
        var items = list.querySelectorAll('li[data-seq]');
        for (var i = 0; i < items.length; i++) if (Number(items[i].getAttribute('data-seq')) > seq) { before = items[i]; break; }
      }
      list.insertBefore(item, before);
    }
    if (seq) item.setAttribute('data-seq', String(seq));
    item.setAttribute('data-state', state);
    item.className = 'tc-message tc-' + author + (state === 'pending' ? ' tc-pending' : state === 'failed' ? ' tc-failed' : '');
    list.scrollTop = list.scrollHeight;
  }

  function send(frame) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }
  function markRead() {
    if (ready && isOpen() && document.visibilityState === 'visible' && lastAgentSeq > 0) send({ type: 'read', seq: lastAgentSeq });
  }
  function flush() {
    if (!ready) return;
    for (var i = 0; i < outbox.length; i++) send(msgFrame(outbox[i]));
  }
  function queue(entry, shownText) {
    outbox.push(entry);
    save('outbox', outbox);
    render('c:' + entry.clientMessageId, 'visitor', shownText, 'pending');
    if (ready) send(msgFrame(entry));
  }
  function msgFrame(entry) {
    var frame = { type: 'msg', clientMessageId: entry.clientMessageId, text: entry.text, attachments: entry.attachments || [] };
    if (entry.contactEmail) frame.contactEmail = entry.contactEmail;
    return frame;
  }
  function upload(file) {
    var token = signedToken || load('token', '');
    var key = 'u:' + newId();
    var label = '📎 ' + file.name;
    render(key, 'visitor', label, 'pending');
    if (!token) { render(key, 'visitor', '', 'failed'); return; }
    fetch(uploadUrl + '&name=' + encodeURIComponent(file.name), {
      method: 'POST',
      headers: { authorization: 'Bearer ' + token, 'content-type': file.type || 'application/octet-stream' },
      body: file,
    }).then(function (response) {
      return response.json().then(function (body) {
        var item = list.querySelector('[data-key="' + key + '"]');
        if (!response.ok) {
          if (item) item.textContent = label + ' (' + (body.message || response.status) + ')';
          render(key, 'visitor', '', 'failed');
          return;
        }
        if (item) item.parentNode.removeChild(item);
        var text = input.value.trim();
        input.value = '';
        queue({ clientMessageId: newId(), text: text, attachments: [{ attachmentId: body.attachmentId }], contactEmail: contactEmail() || undefined }, (text ? text + '\n' : '') + label);
      });
    }).catch(function () { render(key, 'visitor', '', 'failed'); });
  }
  function dropFromOutbox(clientMessageId) {
    delete retries[clientMessageId];
    outbox = outbox.filter(function (entry) { return entry.clientMessageId !== clientMessageId; });
    save('outbox', outbox);
  }
  // A refused message goes again alone, after what the server asked or a growing, jittered backoff
  // (whichever is longer): a busy server is not sent the whole outbox for each refusal.
  var retries = {};
  function retryLater(clientMessageId, retryAfterMs) {
    var tries = (retries[clientMessageId] || 0) + 1;
    retries[clientMessageId] = tries;
    var delay = Math.max(retryAfterMs || 2000, Math.min(30000, 1000 * Math.pow(2, tries - 1))) * (1 + Math.random() / 2);
    setTimeout(function () {
      for (var i = 0; i < outbox.length; i++) if (outbox[i].clientMessageId === clientMessageId) send(msgFrame(outbox[i]));
    }, delay);
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'welcome':
        if (frame.visitorToken) save('token', frame.visitorToken);
        offlineForm = frame.offlineForm === true && !signedToken;
        emailInput.hidden = !offlineForm || !!contactEmail();
        ready = true;
        attempts = 0;
        setStatus('open', 'Connected');
        flush();
        break;
      case 'event':
        if (!shown[frame.seq]) {
          shown[frame.seq] = true;
          var key = frame.author === 'visitor' && frame.clientMessageId ? 'c:' + frame.clientMessageId : 's:' + frame.seq;
          render(key, frame.author, frame.text, 'stored', frame.seq);
        }
        if (frame.seq > lastSeq) lastSeq = frame.seq;
        if (frame.author === 'agent') {
          send({ type: 'ack', seq: frame.seq });
          if (frame.seq > lastAgentSeq) lastAgentSeq = frame.seq;
          markRead();
        }
        break;
      case 'ack':
        dropFromOutbox(frame.clientMessageId);
        render('c:' + frame.clientMessageId, 'visitor', '', 'stored', frame.seq);
        break;
      case 'error':
        if (frame.code === 'message_invalid' && frame.clientMessageId) {
          dropFromOutbox(frame.clientMessageId);
          render('c:' + frame.clientMessageId, 'visitor', '', 'failed');
        } else if (frame.clientMessageId) {
          retryLater(frame.clientMessageId, frame.retryAfterMs);
        }
        break;
      default:
        break;
    }
  }

  function connect() {
    retryTimer = null;
    ready = false;
    setStatus('connecting', attempts === 0 ? 'Connecting…' : 'Reconnecting…');
    var current = new WebSocket(socketUrl);
    socket = current;
    current.onopen = function () {
      var token = signedToken || load('token', '');
      var hello = { type: 'hello', lastSeq: lastSeq };
      if (token) hello.token = token;
      current.send(JSON.stringify(hello));
    };
    current.onmessage = function (message) {
      try { onFrame(JSON.parse(message.data)); } catch (e) { /* a frame this version does not know */ }
    };
    current.onclose = function (event) {
      if (socket !== current) return;
      ready = false;
      socket = null;
      if (event.code === 4401 && !signedToken) save('token', null);
      if (event.code === 4401 && signedToken) {
        // The page's own token expired or was revoked: only the page can get a new one (TributaryChat.setToken).
        setStatus('refused', 'Please sign in again to chat');
        root.dispatchEvent(new CustomEvent('tributary-chat:token-refused', { bubbles: true, detail: { reason: event.reason } }));
        return;
      }
      if (FATAL.indexOf(event.code) >= 0) { setStatus('refused', 'Chat unavailable (' + event.code + ')'); return; }
      attempts += 1;
      var delay = Math.min(15000, 500 * Math.pow(2, attempts - 1)) * (0.5 + Math.random() / 2);
      setStatus('closed', 'Reconnecting…');
      retryTimer = setTimeout(connect, delay);
    };
  }

  launcher.addEventListener('click', function () { root.className = 'tc-open'; input.focus(); markRead(); });
  document.addEventListener('visibilitychange', markRead);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || !haveEmail()) return;
    input.value = '';
    queue({ clientMessageId: newId(), text: text, contactEmail: contactEmail() || undefined }, text);
  });
  fileInput.addEventListener('change', function () {
    if (fileInput.files && fileInput.files[0] && haveEmail()) upload(fileInput.files[0]);
    fileInput.value = '';
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  window.addEventListener('online', function () { if (retryTimer) { clearTimeout(retryTimer); connect(); } });

  // For the host page: a fresh signed token after 4401 (an expired JWT), without reloading.
  window.TributaryChat = {
    setToken: function (token) {
      signedToken = token || '';
      attempts = 0;
      if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
      if (!socket) connect();
    },
  };

  for (var i = 0; i < outbox.length; i++) render('c:' + outbox[i].clientMessageId, 'visitor', outbox[i].text, 'pending');
  document.body.appendChild(root);
  connect();
})();
`;
