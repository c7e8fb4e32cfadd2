import type { Command } from 'commander';
import type { CommandLine } from './commandline.js';

export function gateCommand(_program: Command, _cl: CommandLine): void {}
