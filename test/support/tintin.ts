/**
 * TinTin++ (Debian package `tintin++`, binary `tt++`), a real MUD client, run
 * headless from a script (`tt++ -G -H -r script`) by the real-client tests.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The tt++ binary on PATH or in the Debian games folders, or undefined. */
export function findTintin(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(path.delimiter), '/usr/games', '/usr/local/games'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, 'tt++');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Run tt++ until it exits or `ms` pass; resolves with its exit code (null if killed). */
export function runTintin(binary: string, script: string, cwd: string, ms: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(binary, ['-G', '-H', '-r', script], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', HOME: cwd, TERM: 'xterm-256color', LANG: 'C.UTF-8', COLUMNS: '80', LINES: '24' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}\n${err.message}` });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
