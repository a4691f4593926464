import type { Command } from 'commander';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log of the enclave');

  audit
    .command('verify')
    .description('check the hash chain; exits 1 and names the first edited or deleted entry')
    .action(async () => (await import('../actions/audit.ts')).verify());

  audit
    .command('list')
    .description('print the latest entries as JSON lines')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { limit: string }) => (await import('../actions/audit.ts')).list(options));
}
