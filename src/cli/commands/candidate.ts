import type { Command } from 'commander';
import type { Wrap } from '../main.js';

export function registerCandidate(program: Command, wrap: Wrap): void {
  const group = program.command('candidate').description('candidate commands');
  void group;
  void wrap;
}
