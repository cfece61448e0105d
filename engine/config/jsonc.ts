/**
 * JSON with comments, for config files: `//` line and block comments are removed
 * (outside strings), then the text is parsed as plain JSON, so a mistake is still
 * JSON.parse's message. Comments matter because `myriad init` writes a config that
 * explains itself; trailing commas stay an error (one dialect, strictly).
 */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripComments(text));
}

/** The text with comments replaced by spaces (newlines kept, so positions in errors stay right). */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // A string, escapes included, copied as it is.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
