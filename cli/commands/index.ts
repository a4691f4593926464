import type { Command } from 'commander';
import { registerInit } from './init.ts';
import { registerDemo } from './demo.ts';
import { registerCatalog } from './catalog.ts';
import { registerSynth } from './synth.ts';

/** Every `sdf` command; each module's commands register here. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerInit, registerDemo, registerCatalog, registerSynth];
