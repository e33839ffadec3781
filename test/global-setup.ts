/**
 * Every temporary folder the tests make (databases, content, app processes' working folders) goes
 * under one folder for the run, which is removed when the run ends, so test runs leave nothing in
 * the system's temporary folder. Workers inherit TMPDIR, and os.tmpdir() reads it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutor-tests-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
