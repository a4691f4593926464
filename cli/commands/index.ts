import type { Command } from 'commander';
import { registerInit } from './init.ts';
import { registerDemo } from './demo.ts';
import { registerCatalog } from './catalog.ts';
import { registerSynth } from './synth.ts';
import { registerServe } from './serve.ts';
import { registerUser } from './user.ts';
import { registerProject } from './project.ts';
import { registerAudit } from './audit.ts';
import { registerPipeline } from './pipeline.ts';
import { registerWorker } from './worker.ts';
import { registerAnonymise } from './anonymise.ts';

/** Every `sdf` command; each module's commands register here. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerInit,
  registerDemo,
  registerCatalog,
  registerSynth,
  registerServe,
  registerUser,
  registerProject,
  registerAudit,
  registerPipeline,
  registerWorker,
  registerAnonymise,
];
