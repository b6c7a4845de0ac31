// Client-side checks of the JSON fields (textarea[data-json]) before a form posts; the server checks again.

/** Returns an error sentence for JSON text, or null when it parses. */
export function jsonError(text) {
  if (text.trim() === '') return 'Enter a JSON value (null, a number, a string in quotes, an object or an array).';
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `The value is not valid JSON: ${error.message}`;
  }
}

/** Shows (or clears, with null) a form's error and marks the field invalid. */
export function showError(form, field, message) {
  const output = form.querySelector('[data-error]');
  output.textContent = message ?? '';
  field.setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** Stops the form from posting while a JSON field does not parse, and says why next to it. */
export function guardJson(form) {
  const field = form.querySelector('[data-json]');
  form.addEventListener('submit', event => {
    const message = jsonError(field.value);
    showError(form, field, message);
    if (message) {
      event.preventDefault();
      field.focus();
    }
  });
  field.addEventListener('input', () => {
    if (field.getAttribute('aria-invalid') === 'true') showError(form, field, jsonError(field.value));
  });
  // Ctrl+Enter (or Cmd+Enter) posts from the editor without leaving the keyboard.
  field.addEventListener('keydown', event => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  return field;
}

/**
 * Re-indents JSON text by two spaces without parsing it into numbers, so that formatting a draft never
 * rounds a big integer the way JSON.parse + JSON.stringify would. Call it on text that parses.
 */
export function indentJson(text) {
  let out = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  const newline = () => '\n' + '  '.repeat(depth);
  for (const ch of text) {
    if (inString) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '{' || ch === '[') {
      depth++;
      out += ch + newline();
    } else if (ch === '}' || ch === ']') {
      depth--;
      out += newline() + ch;
    } else if (ch === ',') {
      out += ch + newline();
    } else if (ch === ':') {
      out += ': ';
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  // Empty objects and arrays stay on one line; a raw line break cannot occur inside a JSON string.
  return out.replace(/([[{])\n\s*([\]}])/g, '$1$2');
}
