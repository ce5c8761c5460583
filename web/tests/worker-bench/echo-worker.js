// Design (b)'s transport alone: answers each request at once, as an engine worker whose query took no time
// would. A message carrying buf is sent back with it transferred; others get a small answer of a few rows.
onmessage = (e) => {
  const m = e.data;
  if (m.buf) postMessage(m, m.transfer ? [m.buf] : []);
  else postMessage({ id: m.id, rows: [[m.id, 'v' + m.id, 0.91, 0.12, 'production']] });
};
