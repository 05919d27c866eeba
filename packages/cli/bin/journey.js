#!/usr/bin/env node
// The installed `journey` command. It lives outside dist/ so that installing the workspace can
// link it before anything is built; it runs the compiled program.
import { existsSync } from 'node:fs';

const program = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(program)) {
  process.stderr.write('journey: the command line is not built yet; run "pnpm build" first\n');
  process.exitCode = 2;
} else {
  await import(program.href);
}
