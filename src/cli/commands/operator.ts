// Operator verbs (config, rules, dlq, circuit, status, mock-moog). Wired as their libraries land.
import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

export function registerOperatorCommands(_program: Command, _globals: (cmd: Command) => GlobalOptions): void {
  // filled in below as each service's operator library is integrated
}
