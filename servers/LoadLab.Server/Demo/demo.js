'use strict';
// The browser's own EventSource and WebSocket on one topic. Everything shown goes through textContent,
// never innerHTML: a message is data, whatever it contains. window.loadlabDemo exposes what arrived, for tests.
(() => {
  const topic = new URLSearchParams(location.search).get('topic') || 'demo';
  const state = { topic, sse: [], ws: [], gaps: [], sseOpens: 0, wsOpen: false, wsClose: null };
  window.loadlabDemo = state;

  const text = (id, value) => { document.getElementById(id).textContent = value; };
  const show = (listId, id, data) => {
    const item = document.createElement('li');
    item.textContent = `#${id} ${data}`;
    document.getElementById(listId).append(item);
  };

  text('topic', topic);
  text('publish-hint', `curl -d 'hello' '${location.origin}/publish?topic=${encodeURIComponent(topic)}'`);

  // EventSource reconnects by itself after a drop and sends Last-Event-ID; the server resumes after it.
  const source = new EventSource(`/sse?topic=${encodeURIComponent(topic)}`);
  source.onopen = () => { state.sseOpens++; text('sse-status', state.sseOpens === 1 ? 'open' : `open (reconnected ${state.sseOpens - 1}×)`); };
  source.onerror = () => text('sse-status', 'reconnecting…');
  source.onmessage = event => {
    state.sse.push({ id: Number(event.lastEventId), data: event.data });
    show('sse', event.lastEventId, event.data);
  };
  source.addEventListener('gap', event => state.gaps.push(JSON.parse(event.data)));

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws?topic=${encodeURIComponent(topic)}`, 'loadlab.v1');
  socket.onopen = () => { state.wsOpen = true; text('ws-status', 'open'); };
  socket.onclose = event => { state.wsOpen = false; state.wsClose = event.code; text('ws-status', `closed (${event.code})`); };
  socket.onmessage = event => {
    const message = JSON.parse(event.data);
    if (message.gap) {
      state.gaps.push(message.gap);
      return;
    }

    state.ws.push({ id: message.id, data: message.data });
    show('ws', message.id, message.data);
  };
})();
