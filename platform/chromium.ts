/**
 * Finding (and, where the machine allows, installing) the Chromium the browser tests and the web benchmark drive.
 * Order: `SDF_CHROMIUM`, then the usual command names on `PATH`, then the usual install locations. Installing uses
 * the system package manager only on Debian/Ubuntu, as root or with passwordless sudo; otherwise the caller is told
 * in one line what to install.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const COMMAND_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'] as const;
const LOCATIONS = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
] as const;

/** The one line printed when Chromium is missing and cannot be installed here. */
export const CHROMIUM_MISSING =
  'npm test needs Chromium for the browser tests: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set SDF_CHROMIUM=/path/to/chromium';

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The Chromium executable to use, or null. `env` and `pathDirs` are parameters so tests can vary them. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  locations: readonly string[] = LOCATIONS,
): string | null {
  if (env.SDF_CHROMIUM) return executable(env.SDF_CHROMIUM) ? env.SDF_CHROMIUM : null;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of COMMAND_NAMES) {
    for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  }
  return locations.find(executable) ?? null;
}

/** How this machine could install Chromium: as root, with passwordless sudo, or not at all. */
export function installer(): 'root' | 'sudo' | null {
  if (!existsSync('/etc/debian_version') || !existsSync('/usr/bin/apt-get')) return null;
  if (process.getuid?.() === 0) return 'root';
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? 'sudo' : null;
}

/**
 * Installs Debian's `chromium` (Ubuntu: `chromium-browser`) with apt-get. Returns the executable found afterwards,
 * or null when installing was not possible or did not work.
 */
export function installChromium(log: (line: string) => void = console.error): string | null {
  const how = installer();
  if (!how) return null;
  const run = (args: string[]) => {
    const [command, rest] = how === 'root' ? [args[0]!, args.slice(1)] : ['sudo', ['-n', ...args]];
    return (
      spawnSync(command, rest, {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status === 0
    );
  };
  log('Chromium not found: installing it with apt-get (for the browser tests)…');
  if (!run(['apt-get', 'update', '-qq'])) return null;
  for (const pkg of ['chromium', 'chromium-browser']) {
    if (run(['apt-get', 'install', '-y', '-qq', pkg])) {
      const found = findChromium();
      if (found) return found;
    }
  }
  return null;
}
