import type { Command } from 'commander';
import type { Wrap } from '../main.js';

export function registerBill(program: Command, wrap: Wrap): void {
  const group = program.command('bill').description('bill commands');
  void group;
  void wrap;
}
