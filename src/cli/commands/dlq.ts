import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

export function registerDlqCommands(_program: Command, _globals: (cmd: Command) => GlobalOptions): void {
  // wired when the DLQ tooling lands
}
