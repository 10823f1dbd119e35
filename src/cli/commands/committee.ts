import type { Command } from 'commander';
import type { Wrap } from '../main.js';

export function registerCommittee(program: Command, wrap: Wrap): void {
  const group = program.command('committee').description('committee commands');
  void group;
  void wrap;
}
