import { Option, type Command } from 'commander';

/** `… import FILE [--dry-run] [--delimiter] [--encoding]`: the flags every CSV import shares (CLI.md). */
export function csvImportCommand(group: Command, description: string): Command {
  return group
    .command('import')
    .description(description)
    .argument('<file>', 'the CSV file (header row required)')
    .option('--dry-run', 'validate everything, write nothing (exit 0 if the import would succeed)')
    .addOption(new Option('--delimiter <d>', 'field delimiter').choices(['auto', ',', ';']).default('auto'))
    .addOption(new Option('--encoding <e>', 'file encoding (latin1 = Windows-1252)').choices(['auto', 'utf8', 'latin1']).default('auto'));
}
