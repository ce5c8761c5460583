// The page's own elements around the canvas (web/index.html): the loading screen and the fatal message.
export const $ = (id) => document.getElementById(id);

export function fatal(message) {
  $('loading').hidden = true;
  $('fatal-text').textContent = message;
  $('fatal').hidden = false;
}

export function status(text, fraction) {
  $('loading-text').textContent = text;
  if (fraction !== undefined) $('loading-bar').style.width = Math.round(fraction * 100) + '%';
}
