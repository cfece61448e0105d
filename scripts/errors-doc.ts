/**
 * `npm run docs:errors` — write docs/errors.md from the catalogue in engine/errors.ts.
 * `npm run docs:errors -- --check` — exit 1 when docs/errors.md is not what the
 * catalogue gives (run by `npm run check`, which `npm test` runs first).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERRORS } from '../engine/errors.ts';

const TARGET = fileURLToPath(new URL('../docs/errors.md', import.meta.url));

const SECTIONS: ReadonlyArray<readonly [prefix: string, title: string]> = [
  ['CONFIG_', 'Configuration (start-up)'],
  ['STORE_', 'Storage (the database)'],
  ['PACK_', 'Packs (loading and runtime)'],
  ['NET_', 'Connections and protocols'],
  ['AUTH_', 'Accounts'],
  ['ENGINE_', 'The host'],
];

/** A table cell: pipes escaped, placeholders shown as code. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\{(\w+)\}/g, '`{$1}`');
}

export function errorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from engine/errors.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every error the engine reports to a player, an operator or a pack author has a stable code.',
    'The message is a template: `{name}` is filled from the details of the error.',
    'To add a code, add it to `ERRORS` in `engine/errors.ts` and run `npm run docs:errors`.',
  ];
  const codes = Object.keys(ERRORS) as Array<keyof typeof ERRORS>;
  for (const [prefix, title] of SECTIONS) {
    lines.push('', `## ${title}`, '', '| Code | Message | What to do |', '| --- | --- | --- |');
    for (const code of codes.filter((c) => c.startsWith(prefix))) lines.push(`| \`${code}\` | ${cell(ERRORS[code].message)} | ${cell(ERRORS[code].fix)} |`);
  }
  const unsorted = codes.filter((c) => !SECTIONS.some(([p]) => c.startsWith(p)));
  if (unsorted.length) throw new Error(`codes without a known prefix (add a section): ${unsorted.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

const wanted = errorsMarkdown();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(TARGET, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== wanted) {
    process.stderr.write('docs/errors.md is not what engine/errors.ts gives: run `npm run docs:errors` and commit the result\n');
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, wanted);
}
