// The Orderflow demo page: place an order, follow it live, watch every event and the queues.
'use strict';

const SAMPLE_ITEMS = [
  { product_id: 'prod-keyboard', name: 'Mechanical keyboard', price: 89.99, quantity: 1 },
  { product_id: 'prod-cable', name: 'USB-C cable', price: 9.99, quantity: 2 },
  { product_id: 'prod-lamp', name: 'Desk lamp', price: 34.5, quantity: 0 },
  { product_id: 'prod-giftcard', name: 'Gift card (declined)', price: 10.13, quantity: 0 },
];
const FEED_LIMIT = 200;

const $ = (selector) => document.querySelector(selector);
let currentOrder = null;
let orderStream = null;

function renderItems() {
  const body = $('#items');
  SAMPLE_ITEMS.forEach((item, index) => {
    const row = document.createElement('tr');
    row.innerHTML = `<td>${escapeHtml(item.name)}</td><td>${item.price.toFixed(2)}</td>
      <td><input type="number" min="0" max="99" value="${item.quantity}" data-index="${index}" aria-label="quantity of ${escapeHtml(item.name)}"></td>`;
    body.appendChild(row);
  });
}

async function placeOrder(event) {
  event.preventDefault();
  $('#form-error').textContent = '';
  const items = [...document.querySelectorAll('#items input')]
    .map((input) => ({ ...SAMPLE_ITEMS[input.dataset.index], quantity: Number(input.value) }))
    .filter((item) => item.quantity > 0);
  if (items.length === 0) {
    $('#form-error').textContent = 'Choose at least one item.';
    return;
  }
  $('#place-order').disabled = true;
  try {
    const response = await fetch('/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ user_id: $('#user-id').value, items }),
    });
    const body = await response.json();
    if (!response.ok) {
      $('#form-error').textContent = body.message || 'The order was refused.';
      return;
    }
    follow(body);
  } catch (error) {
    $('#form-error').textContent = 'order-service did not answer.';
  } finally {
    $('#place-order').disabled = false;
  }
}

function follow(order) {
  currentOrder = order.order_id;
  $('#order-id').textContent = order.order_id;
  document.querySelectorAll('#timeline li').forEach((li) => { li.className = ''; li.querySelector('.detail').textContent = ''; });
  $('#hops').hidden = true;
  showOrder(order);
  if (orderStream) orderStream.close();
  // Stream ids are millisecond times: start a little before the order was created, so that no
  // event published before this connection opens is missed (payment can be that fast).
  const since = `${Date.parse(order.created_at) - 5000}-0`;
  orderStream = new EventSource(`/events/stream?order_id=${encodeURIComponent(order.order_id)}&last_event_id=${since}`);
  orderStream.onmessage = refreshOrder;
  ['OrderCreatedEvent', 'PaymentProcessedEvent', 'OrderShippedEvent'].forEach((type) => orderStream.addEventListener(type, refreshOrder));
  refreshOrder();
}

async function refreshOrder() {
  if (!currentOrder) return;
  const id = currentOrder;
  const [order, journey] = await Promise.all([getJson(`/orders/${id}`), getJson(`/orders/${id}/events`)]);
  if (id !== currentOrder || !order) return;
  showOrder(order);
  if (journey) showJourney(journey);
  if (isTerminal(order.status)) {
    // Terminal: nothing more will happen to this order.
    setTimeout(() => { if (orderStream && id === currentOrder) { orderStream.close(); orderStream = null; } }, 1500);
  }
}

function isTerminal(status) {
  return status === 'shipped' || status === 'payment_failed';
}

function showOrder(order) {
  step('created', true, `${time(order.created_at)} · total ${Number(order.total).toFixed(2)} · ${order.items.length} item(s)`);
  if (order.status === 'payment_failed') {
    step('paid', 'failed', `payment failed · ${order.payment_id || ''}`);
  } else if (order.payment_id || order.status === 'paid' || order.status === 'shipped') {
    step('paid', true, order.payment_id || '');
  }
  if (order.status === 'shipped') {
    step('shipped', true, `${order.carrier} · ${order.tracking_number} · ${time(order.shipped_at)}`);
  }
  $('#order-status').textContent = `Status: ${order.status}`;
  $('#order-status').dataset.status = order.status;
}

function step(name, state, detail) {
  const li = document.querySelector(`#timeline li[data-step="${name}"]`);
  li.className = state === 'failed' ? 'failed' : 'done';
  li.querySelector('.detail').textContent = detail;
}

function showJourney(journey) {
  const body = $('#hops tbody');
  body.innerHTML = '';
  journey.events.forEach((event) => event.hops.forEach((hop) => {
    const row = document.createElement('tr');
    row.innerHTML = `<td>${escapeHtml(event.event_type.replace('Event', ''))}</td><td class="mono">${escapeHtml(hop.queue)}</td>
      <td>${ms(hop.distribution_ms)}</td><td>${ms(hop.queue_wait_ms)}</td><td>${ms(hop.handling_ms)}</td>`;
    body.appendChild(row);
  }));
  $('#hops').hidden = body.children.length === 0;
}

function startFeed() {
  const feed = new EventSource('/events/stream');
  feed.onopen = () => { $('#feed-state').textContent = 'live'; $('#feed-state').className = 'badge live'; };
  feed.onerror = () => { $('#feed-state').textContent = 'reconnecting'; $('#feed-state').className = 'badge'; };
  const onEvent = (message) => {
    const event = JSON.parse(message.data);
    const li = document.createElement('li');
    if (event.order_id === currentOrder) li.className = 'mine';
    li.innerHTML = `<span>${time(new Date(event.timestamp * 1000).toISOString())}</span>
      <span class="type ${escapeHtml(message.type)}">${escapeHtml(message.type)}</span>
      <span class="mono">${escapeHtml(event.order_id)} ${escapeHtml(describe(event))}</span>`;
    $('#feed').prepend(li);
    while ($('#feed').children.length > FEED_LIMIT) $('#feed').lastChild.remove();
  };
  ['OrderCreatedEvent', 'PaymentProcessedEvent', 'OrderShippedEvent'].forEach((type) => feed.addEventListener(type, onEvent));
}

function describe(event) {
  switch (event.event_type) {
    case 'OrderCreatedEvent': return `total ${event.total}`;
    case 'PaymentProcessedEvent': return `${event.status} ${event.amount}`;
    case 'OrderShippedEvent': return `${event.carrier} ${event.tracking_number}`;
    default: return '';
  }
}

async function refreshStats() {
  const [counts, queues] = await Promise.all([getJson('/dashboard/event-counts'), getJson('/dashboard/queues')]);
  if (counts) {
    $('#counts').innerHTML = Object.entries(counts)
      .map(([key, value]) => `<tr><td>${escapeHtml(key.replace(':', ' '))}</td><td>${value}</td></tr>`).join('') ||
      '<tr><td>No events yet</td></tr>';
  }
  if (queues) {
    $('#queues').innerHTML = '';
    queues.forEach((queue) => {
      const row = document.createElement('tr');
      if (queue.is_dlq) row.className = 'dlq';
      row.innerHTML = `<td class="mono">${escapeHtml(queue.name)}</td><td>${queue.length}</td><td>${queue.pending}</td><td>${queue.lag}</td><td></td>`;
      if (queue.is_dlq && queue.length > 0) {
        const button = document.createElement('button');
        button.className = 'small';
        button.textContent = 'Requeue';
        button.onclick = () => requeue(queue.name);
        row.lastChild.appendChild(button);
      }
      $('#queues').appendChild(row);
    });
  }
}

async function requeue(dlqKey) {
  // events:sub:payment-service:dlq -> sub:payment-service
  const queue = dlqKey.replace(/^events:/, '').replace(/:dlq$/, '');
  const token = $('#ops-token').value;
  const response = await fetch(`/q/event-bus/queues/${encodeURIComponent(queue)}/dlq/requeue`, {
    method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const body = await response.json().catch(() => ({}));
  $('#queue-message').textContent = response.ok ? `Requeued ${body.requeued} entries of ${queue}.`
    : `Requeue refused (${response.status}): ${body.message || 'enter the operations token'}`;
  refreshStats();
}

async function getJson(url) {
  try {
    const response = await fetch(url);
    return response.ok ? response.json() : null;
  } catch (error) {
    return null;
  }
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : '';
}

function ms(value) {
  return value === null || value === undefined ? '–' : `${value.toFixed(1)} ms`;
}

function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

renderItems();
$('#order-form').addEventListener('submit', placeOrder);
startFeed();
refreshStats();
setInterval(() => {
  refreshStats();
  // Belt and braces: the live stream drives the timeline, this catches anything it missed.
  if (currentOrder && !isTerminal($('#order-status').dataset.status)) refreshOrder();
}, 2000);
