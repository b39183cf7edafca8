#!/usr/bin/env node
import { runCli } from './run-cli.js';

/** The `nest-agent-auth` executable: `npx nest-agent-auth secret | key | token`. */
process.exitCode = runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
