import type { Command } from 'commander';
import type { Wrap } from '../main.js';

export function registerIntervene(program: Command, wrap: Wrap): void {
  const group = program.command('intervene').description('intervene commands');
  void group;
  void wrap;
}
