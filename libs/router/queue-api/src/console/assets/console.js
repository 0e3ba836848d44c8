// @ts-check
// The operator console: plain DOM, no framework. Every string from the API is written with
// text nodes and textContent, never as markup: messages are customer text. The key stays in sessionStorage and
// goes to this origin's queue API only (the page's CSP allows nothing else).

/** @typedef {{ ticketId: string, token: string, status: string, originChannel: string, subject: string | null, contactId: string, lastMessageAt: string }} TicketSummary */
/** @typedef {{ messageId: string, channel: string, rule: string, duplicateOfMessageId: string | null, receivedAt: string, sender: { displayName?: string | undefined, identities: { kind: string, value: string }[] }, subject: string | null, text: string, attachments: { name: string | null, state: string }[] }} TicketMessage */
/** @typedef {{ outboundId: string, channel: string, authorId: string, requestedAt: string, text: string, delivery: { state: string | null, error: { code: string, message: string } | null, occurredAt: string | null } }} TicketReply */
/** @typedef {TicketSummary & { contact: { contactId: string, identities: { kind: string, value: string, verified: boolean }[] }, messages: TicketMessage[], replies: TicketReply[] }} TicketDetail */
/** @typedef {{ mergeId: string, sourceContactId: string, targetContactId: string, actor: string, mergedAt: string, revertedAt: string | null }} ContactMerge */
/** @typedef {{ contactId: string, displayName: string | null, identities: { kind: string, value: string, verified: boolean }[], merges: ContactMerge[] }} ContactDetail */
/** @typedef {{ channel: string, lastInboundAt: string | null, inboundLastHour: number, inboundLastDay: number, inboundTotal: number }} ChannelFigures */
/** @typedef {{ channels: ChannelFigures[], consumers: { groups: { groupId: string, topic: string, lag: number }[], error: string | null } }} ChannelHealth */
/** @typedef {{ id: string, timestamp: string, reason: string, key: string | null, source: { topic: string | null } }} DeadLetter */

const CHANNELS = ['email', 'voice', 'sms', 'chat', 'whatsapp', 'telegram', 'messenger', 'instagram'];
const TICKET_POLL_MS = 1_500;
const QUEUE_POLL_MS = 5_000;
const SIDE_POLL_MS = 10_000;

const session = {
  key: sessionStorage.getItem('tributary.key') ?? '',
  tenant: sessionStorage.getItem('tributary.tenant') ?? '',
  operator: false,
  /** @type {string | null} */ openTicketId: null,
  /** @type {string | null} */ contactId: null,
  /** @type {string | null} */ nextCursor: null,
  /** @type {TicketSummary[]} */ tickets: [],
  lastTicketJson: '',
  /** The queue page last drawn: a poll that brings the same page draws nothing, so a click or hover on an item is never lost to a redraw. */
  lastQueueJson: '',
  /** Re-drive outcomes by dead-letter id, kept across refreshes of the list. @type {Map<string, string>} */
  redriven: new Map(),
  /** @type {number[]} */ timers: [],
  /** Requests of each kind, numbered: an answer older than the latest asked is dropped, so a slow poll never overwrites a newer filter's result. */
  asked: { queue: 0, deadLetters: 0 },
};

class ApiError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @template T @param {string} id @param {{ new (): T }} type @returns {T} */
function byId(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return found;
}

/**
 * An element with text children only: strings become text nodes, so customer text is never markup.
 * @param {string} tag @param {Record<string, string>} attributes @param {(Node | string)[]} children
 */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** @param {string} channel */
const badge = (channel) => el('span', { class: 'badge', 'data-channel': channel }, channel);
/** Today's times as hours and minutes, older ones with their date. @param {string | null} iso */
function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date().toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}

/** @param {string} message */
function showError(message) {
  const box = byId('error', HTMLParagraphElement);
  box.textContent = message;
  box.hidden = message === '';
}

/**
 * A queue API call with the session's key; an operator key names the tenant it acts for.
 * @param {string} method @param {string} path @param {unknown} [body] @returns {Promise<unknown>}
 */
async function api(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${session.key}` };
  if (session.operator && session.tenant && !path.startsWith('/v1/operator/')) headers['x-tributary-tenant'] = session.tenant;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  /** @type {unknown} */
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the text itself is the message
  }
  if (!response.ok) {
    const message = json && typeof json === 'object' && 'message' in json ? String(json.message) : text;
    throw new ApiError(response.status, message);
  }
  return json;
}

/** Which kind of key this is: an operator's opens /v1/operator (403 for a tenant's, 401 for neither). */
async function signIn() {
  try {
    const { tenants } = /** @type {{ tenants: { tenantId: string, openTickets: number }[] }} */ (await api('GET', '/v1/operator/tenants'));
    session.operator = true;
    const select = byId('tenant-select', HTMLSelectElement);
    select.replaceChildren(...tenants.map((tenant) => el('option', { value: tenant.tenantId }, `${tenant.tenantId} (${tenant.openTickets} open)`)));
    if (!tenants.some((tenant) => tenant.tenantId === session.tenant)) session.tenant = tenants[0]?.tenantId ?? '';
    select.value = session.tenant;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403) throw error;
    session.operator = false;
    session.tenant = '';
    await api('GET', '/v1/tickets?limit=1');
  }
  sessionStorage.setItem('tributary.key', session.key);
  sessionStorage.setItem('tributary.tenant', session.tenant);
  byId('session-label', HTMLSpanElement).textContent = session.operator ? 'operator key: every tenant' : 'tenant key';
  byId('tenant-picker', HTMLLabelElement).hidden = !session.operator;
  byId('dead-letters', HTMLElement).hidden = !session.operator;
  byId('session', HTMLDivElement).hidden = false;
  byId('key-form', HTMLFormElement).hidden = true;
  byId('workspace', HTMLElement).hidden = false;
  showError('');
  restartPolling();
}

/** @param {unknown} error */
function explain(error) {
  if (error instanceof ApiError && error.status === 401) return `The router did not accept this key (401: ${error.message}). Paste the key ./tributary start printed.`;
  if (error instanceof ApiError) return `The router answered ${error.status}: ${error.message}`;
  return `The router could not be reached: ${error instanceof Error ? error.message : String(error)}`;
}

function signOut() {
  sessionStorage.removeItem('tributary.key');
  sessionStorage.removeItem('tributary.tenant');
  location.reload();
}

function restartPolling() {
  for (const timer of session.timers) clearInterval(timer);
  session.openTicketId = null;
  byId('ticket-view', HTMLDivElement).hidden = true;
  byId('ticket-empty', HTMLParagraphElement).hidden = false;
  const guarded = (/** @type {() => Promise<void>} */ work) => () => work().catch((error) => showError(explain(error)));
  void guarded(refreshQueue)();
  void guarded(refreshHealth)();
  // Listing dead letters reads the whole topic: on demand (and once here), never on a timer.
  if (session.operator) void guarded(refreshDeadLetters)();
  session.timers = [setInterval(guarded(refreshQueue), QUEUE_POLL_MS), setInterval(guarded(refreshTicket), TICKET_POLL_MS), setInterval(guarded(refreshHealth), SIDE_POLL_MS)];
}

// ── the queue ────────────────────────────────────────────────────────────────

/** @param {boolean} [more] */
async function refreshQueue(more = false) {
  const query = new URLSearchParams({ limit: '50' });
  const status = byId('filter-status', HTMLSelectElement).value;
  const channel = byId('filter-channel', HTMLSelectElement).value;
  if (status) query.set('status', status);
  if (channel) query.set('channel', channel);
  if (more && session.nextCursor) query.set('cursor', session.nextCursor);
  const asked = ++session.asked.queue;
  const page = /** @type {{ tickets: TicketSummary[], nextCursor: string | null }} */ (await api('GET', `/v1/tickets?${query.toString()}`));
  if (asked !== session.asked.queue) return;
  const json = JSON.stringify([query.toString(), page]);
  if (!more && json === session.lastQueueJson) return;
  session.lastQueueJson = more ? '' : json;
  session.tickets = more ? [...session.tickets, ...page.tickets] : page.tickets;
  session.nextCursor = page.nextCursor;
  renderQueue();
}

function renderQueue() {
  const search = byId('filter-search', HTMLInputElement).value.trim().toLowerCase();
  const shown = session.tickets.filter((ticket) => !search || `${ticket.token} ${ticket.subject ?? ''}`.toLowerCase().includes(search));
  byId('ticket-list', HTMLUListElement).replaceChildren(
    ...shown.map((ticket) => {
      const item = el(
        'button',
        { type: 'button', class: 'ticket-item', 'data-ticket-id': ticket.ticketId, 'aria-current': String(ticket.ticketId === session.openTicketId) },
        el('span', { class: 'meta' }, badge(ticket.originChannel), el('span', { class: 'status' }, ticket.status), ` ${ticket.token}`),
        el('span', { class: 'subject' }, ticket.subject ?? `${ticket.originChannel} conversation`),
        el('span', { class: 'meta' }, `last message ${when(ticket.lastMessageAt)}`),
      );
      item.addEventListener('click', () => void openTicket(ticket.ticketId));
      return el('li', {}, item);
    }),
  );
  if (shown.length === 0) byId('ticket-list', HTMLUListElement).append(el('li', { class: 'muted' }, 'No tickets match.'));
  byId('load-more', HTMLButtonElement).hidden = session.nextCursor === null;
}

// ── one ticket ───────────────────────────────────────────────────────────────

/** @param {string} ticketId */
async function openTicket(ticketId) {
  session.openTicketId = ticketId;
  session.contactId = null;
  session.lastTicketJson = '';
  byId('reply-outcome', HTMLSpanElement).textContent = '';
  byId('merge-outcome', HTMLParagraphElement).textContent = '';
  // The previous ticket goes at once: nothing of it may be taken for the one being opened.
  byId('ticket-view', HTMLDivElement).hidden = true;
  byId('ticket-header', HTMLDivElement).replaceChildren();
  byId('lanes', HTMLDivElement).replaceChildren();
  byId('contact-view', HTMLDivElement).replaceChildren();
  renderQueue();
  await refreshTicket().catch((error) => showError(explain(error)));
}

async function refreshTicket() {
  const ticketId = session.openTicketId;
  if (!ticketId) return;
  const ticket = /** @type {TicketDetail} */ (await api('GET', `/v1/tickets/${encodeURIComponent(ticketId)}`));
  const json = JSON.stringify(ticket);
  // Re-drawn only when something changed, so a poll never resets what the agent is reading.
  if (ticketId !== session.openTicketId || json === session.lastTicketJson) return;
  const contactChanged = session.contactId !== ticket.contactId;
  session.lastTicketJson = json;
  session.contactId = ticket.contactId;
  renderTicket(ticket);
  if (contactChanged) await refreshContact(ticket.contactId);
}

/** @param {TicketDetail} ticket */
function renderTicket(ticket) {
  byId('ticket-empty', HTMLParagraphElement).hidden = true;
  byId('ticket-view', HTMLDivElement).hidden = false;
  const identities = ticket.contact.identities.map((identity) => `${identity.kind} ${identity.value}`).join(' · ');
  byId('ticket-header', HTMLDivElement).replaceChildren(
    el('div', { class: 'subject' }, ticket.subject ?? '(no subject)'),
    el('div', { class: 'muted' }, el('span', { class: 'status' }, ticket.status), ` ${ticket.token} · ticket ${ticket.ticketId}`),
    el('div', { class: 'muted' }, `contact ${ticket.contact.contactId}: ${identities}`),
  );
  renderLanes(ticket);
  const channels = [...new Set(ticket.messages.map((message) => message.channel))];
  const select = byId('reply-channel', HTMLSelectElement);
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, "customer's latest channel"), ...channels.map((channel) => el('option', { value: channel }, channel)));
  select.value = channels.includes(chosen) ? chosen : '';
}

/**
 * One column per channel, side by side; rows in time order across all of them, so a message and
 * the one it answers stay level. Replies sit in the lane of the channel they went out on.
 * @param {TicketDetail} ticket
 */
function renderLanes(ticket) {
  const entries = [
    ...ticket.messages.map((message) => ({ at: message.receivedAt, channel: message.channel, node: messageCard(message) })),
    ...ticket.replies.map((reply) => ({ at: reply.requestedAt, channel: reply.channel, node: replyCard(reply) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const lanes = CHANNELS.filter((channel) => entries.some((entry) => entry.channel === channel));
  const grid = byId('lanes', HTMLDivElement);
  grid.style.gridTemplateColumns = `repeat(${Math.max(lanes.length, 1)}, minmax(0, 1fr))`;
  grid.replaceChildren(
    ...lanes.map((channel, column) => {
      const title = el('div', { class: 'lane-title', 'data-lane': channel }, badge(channel), `${channel}`);
      title.style.gridColumn = String(column + 1);
      title.style.gridRow = '1';
      return title;
    }),
    ...entries.map((entry, row) => {
      entry.node.style.gridColumn = String(lanes.indexOf(entry.channel) + 1);
      entry.node.style.gridRow = String(row + 2);
      return entry.node;
    }),
  );
}

/** @param {TicketMessage} message */
function messageCard(message) {
  const from = message.sender.displayName ?? message.sender.identities[0]?.value ?? 'customer';
  const card = el(
    'article',
    { class: 'message', 'data-channel': message.channel, 'data-message-id': message.messageId },
    el('div', { class: 'head' }, badge(message.channel), el('span', { class: 'sender' }, from), el('time', { datetime: message.receivedAt }, when(message.receivedAt))),
  );
  if (message.subject) card.append(el('div', { class: 'message-subject' }, message.subject));
  card.append(el('div', { class: 'body' }, message.text));
  for (const file of message.attachments) card.append(el('div', { class: 'muted' }, `📎 ${file.name ?? 'attachment'} (${file.state})`));
  const placed = `placed by rule: ${message.rule}${message.duplicateOfMessageId ? ` (repeat of ${message.duplicateOfMessageId})` : ''}`;
  card.append(el('div', { class: 'rule', 'data-rule': message.rule }, placed));
  return card;
}

/** @param {TicketReply} reply */
function replyCard(reply) {
  const state = reply.delivery.state ?? 'queued';
  const error = reply.delivery.error ? ` — ${reply.delivery.error.code}: ${reply.delivery.error.message}` : '';
  return el(
    'article',
    { class: 'message reply', 'data-channel': reply.channel, 'data-outbound-id': reply.outboundId },
    el('div', { class: 'head' }, badge(reply.channel), el('span', {}, `reply by ${reply.authorId}`), el('time', { datetime: reply.requestedAt }, when(reply.requestedAt))),
    el('div', { class: 'body' }, reply.text),
    el('div', { class: 'rule' }, 'delivery: ', el('span', { class: 'delivery-state', 'data-state': state }, state), error),
  );
}

async function sendReply() {
  const ticketId = session.openTicketId;
  const box = byId('reply-text', HTMLTextAreaElement);
  const outcome = byId('reply-outcome', HTMLSpanElement);
  if (!ticketId || box.value.trim() === '') return;
  const channel = byId('reply-channel', HTMLSelectElement).value;
  const button = byId('reply-send', HTMLButtonElement);
  button.disabled = true;
  try {
    const queued = /** @type {{ outboundId: string, channel: string }} */ (
      await api('POST', `/v1/tickets/${encodeURIComponent(ticketId)}/replies`, { text: box.value, authorId: agentName(), ...(channel ? { channel } : {}) })
    );
    box.value = '';
    outcome.textContent = `Queued on ${queued.channel}.`;
    await refreshTicket();
  } catch (error) {
    outcome.textContent = explain(error);
  } finally {
    button.disabled = false;
  }
}

const agentName = () => byId('agent-input', HTMLInputElement).value.trim() || 'console';

// ── contact and merges ───────────────────────────────────────────────────────

/** @param {string} contactId */
async function refreshContact(contactId) {
  const contact = /** @type {ContactDetail} */ (await api('GET', `/v1/contacts/${encodeURIComponent(contactId)}`));
  const merges = contact.merges.map((merge) => {
    const line = el('li', {}, `${when(merge.mergedAt)}: ${merge.sourceContactId} into ${merge.targetContactId} by ${merge.actor}${merge.revertedAt ? ' (undone)' : ''} `);
    if (!merge.revertedAt) {
      const undo = el('button', { type: 'button' }, 'Unmerge');
      undo.addEventListener('click', () => void mergeAction(`/v1/contact-merges/${encodeURIComponent(merge.mergeId)}/unmerge`, { unmergedBy: agentName() }));
      line.append(undo);
    }
    return line;
  });
  byId('contact-view', HTMLDivElement).replaceChildren(
    el('div', {}, `Contact ${contact.contactId}${contact.displayName ? ` (${contact.displayName})` : ''}`),
    el('ul', { class: 'lag-list' }, ...contact.identities.map((identity) => el('li', {}, `${identity.kind}: ${identity.value}${identity.verified ? ' ✓' : ''}`)), ...merges),
  );
}

/** @param {string} path @param {Record<string, string>} body */
async function mergeAction(path, body) {
  const outcome = byId('merge-outcome', HTMLParagraphElement);
  try {
    const answer = /** @type {{ survivingTicketId?: string | null } | null} */ (await api('POST', path, body));
    outcome.textContent = 'Done.';
    session.lastTicketJson = '';
    session.contactId = null;
    // A contact merge closes the newer of two open tickets into the older: show the one both now share.
    const survivor = answer?.survivingTicketId;
    if (survivor && survivor !== session.openTicketId) {
      await openTicket(survivor);
      byId('merge-outcome', HTMLParagraphElement).textContent = 'Done. This is the ticket both now share.';
    } else {
      await refreshTicket();
    }
    await refreshQueue();
  } catch (error) {
    outcome.textContent = explain(error);
  }
}

// ── channels, lag and dead letters ───────────────────────────────────────────

async function refreshHealth() {
  const health = /** @type {ChannelHealth} */ (await api('GET', '/v1/channel-health'));
  byId('health-table', HTMLTableElement).tBodies[0]?.replaceChildren(
    ...health.channels.map((figures) =>
      el(
        'tr',
        { 'data-channel': figures.channel },
        el('td', {}, badge(figures.channel)),
        el('td', figures.lastInboundAt ? {} : { class: 'silent' }, when(figures.lastInboundAt)),
        el('td', {}, String(figures.inboundLastHour)),
        el('td', {}, String(figures.inboundLastDay)),
        el('td', {}, String(figures.inboundTotal)),
      ),
    ),
  );
  const lag = health.consumers.error
    ? [el('li', { class: 'reason' }, `Kafka: ${health.consumers.error}`)]
    : health.consumers.groups.map((group) =>
        el('li', { 'data-group': group.groupId }, el('span', { class: 'lag', 'data-behind': String(group.lag > 0) }, String(group.lag)), ` behind on ${group.topic} (${group.groupId})`),
      );
  byId('lag-list', HTMLUListElement).replaceChildren(...lag);
}

async function refreshDeadLetters() {
  const reason = byId('dlq-reason', HTMLInputElement).value.trim();
  const query = new URLSearchParams({ limit: '50', ...(reason ? { reason } : {}) });
  const asked = ++session.asked.deadLetters;
  const { deadLetters, matched } = /** @type {{ deadLetters: DeadLetter[], matched: number }} */ (await api('GET', `/v1/operator/dead-letters?${query.toString()}`));
  if (asked !== session.asked.deadLetters) return;
  const list = byId('dlq-list', HTMLUListElement);
  list.replaceChildren(
    ...[...deadLetters].reverse().map((dead) => {
      const done = session.redriven.get(dead.id);
      const redrive = el('button', { type: 'button', 'data-redrive': dead.id }, 'Re-drive');
      const outcome = el('span', { class: 'muted redrive-outcome' }, done ?? '');
      if (done) redrive.setAttribute('disabled', '');
      redrive.addEventListener('click', () => {
        redrive.setAttribute('disabled', '');
        api('POST', `/v1/operator/dead-letters/${encodeURIComponent(dead.id)}/redrive`).then(
          (answer) => {
            const { topic, at } = /** @type {{ topic: string, at: string }} */ (answer);
            const text = ` re-driven to ${topic} at ${when(at)}`;
            session.redriven.set(dead.id, text);
            outcome.textContent = text;
          },
          (error) => {
            redrive.removeAttribute('disabled');
            outcome.textContent = ` ${explain(error)}`;
          },
        );
      });
      return el(
        'li',
        { 'data-dead-letter-id': dead.id },
        el('span', {}, `${when(dead.timestamp)} · ${dead.source.topic ?? 'unknown topic'} · ${dead.id}`),
        el('span', { class: 'reason' }, dead.reason),
        el('span', { class: 'muted' }, `key ${dead.key ?? '—'} `),
        redrive,
        outcome,
      );
    }),
  );
  if (matched === 0) list.append(el('li', { class: 'muted' }, 'No dead letters.'));
}

// ── wiring ───────────────────────────────────────────────────────────────────

function start() {
  byId('filter-channel', HTMLSelectElement).append(...CHANNELS.map((channel) => el('option', { value: channel }, channel)));
  const onError = (/** @type {unknown} */ error) => showError(explain(error));
  byId('key-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    session.key = byId('key-input', HTMLInputElement).value.trim();
    signIn().catch((error) => {
      session.key = '';
      sessionStorage.removeItem('tributary.key');
      onError(error);
    });
  });
  byId('forget-key', HTMLButtonElement).addEventListener('click', signOut);
  byId('tenant-select', HTMLSelectElement).addEventListener('change', (event) => {
    session.tenant = event.target instanceof HTMLSelectElement ? event.target.value : '';
    sessionStorage.setItem('tributary.tenant', session.tenant);
    restartPolling();
  });
  for (const id of ['filter-status', 'filter-channel']) byId(id, HTMLSelectElement).addEventListener('change', () => void refreshQueue().catch(onError));
  byId('filter-search', HTMLInputElement).addEventListener('input', renderQueue);
  byId('filters', HTMLFormElement).addEventListener('submit', (event) => event.preventDefault());
  byId('load-more', HTMLButtonElement).addEventListener('click', () => void refreshQueue(true).catch(onError));
  byId('reply-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    void sendReply();
  });
  byId('ticket-merge-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const into = byId('ticket-merge-into', HTMLInputElement).value.trim();
    if (session.openTicketId && into) void mergeAction(`/v1/tickets/${encodeURIComponent(session.openTicketId)}/merge`, { intoTicketId: into, mergedBy: agentName() });
  });
  byId('contact-merge-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const into = byId('contact-merge-into', HTMLInputElement).value.trim();
    const contactId = session.contactId;
    if (contactId && into) void mergeAction(`/v1/contacts/${encodeURIComponent(contactId)}/merge`, { intoContactId: into, mergedBy: agentName() });
  });
  byId('dlq-filter', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    void refreshDeadLetters().catch(onError);
  });
  if (session.key) signIn().catch(onError);
}

start();
